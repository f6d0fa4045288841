import PlaybookLanguage

/// The built-in functions at run time. Each is total: a missing argument gives missing.
enum Functions {
    static func compile(_ fn: Builtin, _ a: [Eval]) -> Eval {
        func date(_ v: Value) -> CivilDate? { if case .date(let d) = v { return d }; return nil }
        func text(_ v: Value) -> String? { if case .text(let s) = v { return s }; return nil }
        func number(_ v: Value) -> Double? { if case .number(let n) = v { return n }; return nil }
        switch fn {
        case .today: return { f in .date(f.today) }
        case .days_since:
            return { f in date(a[0](f)).map { .duration(Double(f.today.daysSinceEpoch - $0.daysSinceEpoch)) } ?? .missing }
        case .days_until:
            return { f in date(a[0](f)).map { .duration(Double($0.daysSinceEpoch - f.today.daysSinceEpoch)) } ?? .missing }
        case .business_days_between:
            return { f in
                guard let x = date(a[0](f)), let y = date(a[1](f)) else { return .missing }
                return .number(Double(businessDays(from: x, to: y)))
            }
        case .add_business_days:
            return { f in
                guard let d = date(a[0](f)), let n = number(a[1](f)) else { return .missing }
                if let count = CivilDate.wholeDays(n), let r = d.checkedAdding(businessDays: count) { return .date(r) }
                return f.outOfRange("date out of range (add_business_days(\(d), \(Value.format(n))))")
            }
        case .start_of_month:
            return { f in
                guard let d = date(a[0](f)) else { return .missing }
                let c = d.components
                return CivilDate(year: c.year, month: c.month, day: 1).map(Value.date) ?? .missing
            }
        case .year: return { f in date(a[0](f)).map { .number(Double($0.components.year)) } ?? .missing }
        case .month: return { f in date(a[0](f)).map { .number(Double($0.components.month)) } ?? .missing }
        case .contains, .starts_with, .ends_with:
            return { f in
                guard let s = text(a[0](f)), let p = text(a[1](f)) else { return .missing }
                let (hay, needle) = (s.lowercased(), p.lowercased())
                switch fn {
                case .contains: return .bool(needle.isEmpty || hay.contains(needle))
                case .starts_with: return .bool(hay.hasPrefix(needle))
                default: return .bool(hay.hasSuffix(needle))
                }
            }
        case .lower: return { f in text(a[0](f)).map { .text($0.lowercased()) } ?? .missing }
        case .upper: return { f in text(a[0](f)).map { .text($0.uppercased()) } ?? .missing }
        case .length:
            return { f in
                switch a[0](f) {
                case .list(let l): .number(Double(l.count))
                case .text(let s): .number(Double(s.count))
                default: .missing
                }
            }
        case .round: return { f in number(a[0](f)).map { .number($0.rounded()) } ?? .missing }
        case .abs: return { f in number(a[0](f)).map { .number(Swift.abs($0)) } ?? .missing }
        case .in_days: return { f in if case .duration(let d) = a[0](f) { return .number(d) }; return .missing }
        case .first_present:
            return { f in
                for e in a { let v = e(f); if !v.isMissing { return v } }
                return .missing
            }
        }
    }

    /// Business days after `from` up to and including `to` (negative when `to` is earlier).
    static func businessDays(from: CivilDate, to: CivilDate) -> Int {
        if to < from { return -businessDays(from: to, to: from) }
        let days = Int(to.daysSinceEpoch - from.daysSinceEpoch)
        let weeks = days / 7
        var n = weeks * 5
        var d = from.adding(days: weeks * 7)
        while d < to { d = d.adding(days: 1); if d.isBusinessDay { n += 1 } }
        return n
    }
}
