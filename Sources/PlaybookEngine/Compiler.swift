import PlaybookLanguage

/// Turns checked expressions into closures once per run; evaluating one is then a chain of
/// direct calls with no name look-ups and no parsing.
enum Compiler {
    static func compile(_ e: TypedExpr) -> Eval {
        switch e.kind {
        case .number(let n): let v = Value.number(n); return { _ in v }
        case .text(let s): let v = Value.text(s); return { _ in v }
        case .boolean(let b): let v = Value.bool(b); return { _ in v }
        case .date(let d): let v = Value.date(d); return { _ in v }
        case .duration(let d): let v = Value.duration(d); return { _ in v }
        case .invalid: return { _ in .missing }
        case .account: return { f in f.account }
        case .variable(let slot): return { f in f.slots[slot] }
        case .parameter(let i): return { f in f.params[i] }
        case .letValue(let i): return { f in f.letValue(i) }
        case .template(let parts): return compileTemplate(parts)
        case .list(let items):
            let evals = items.map(compile)
            if items.allSatisfy(isConstant) {
                let v = Value.list(evals.map { $0(Frame(slotCount: 0, params: [], letEvals: [], today: CivilDate(daysSinceEpoch: 0))) })
                return { _ in v }
            }
            return { f in .list(evals.map { $0(f) }) }
        case .field(let base, _, let index, _):
            let b = compile(base)
            if case .account = base.kind {
                return { f in if case .record(let r) = f.account { return r[index] }; return .missing }
            }
            return { f in if case .record(let r) = b(f) { return r[index] }; return .missing }
        case .negate(let x):
            let v = compile(x)
            return { f in
                switch v(f) {
                case .number(let n): .number(-n)
                case .duration(let d): .duration(-d)
                default: .missing
                }
            }
        case .not(let x):
            let v = compile(x)
            return { f in .bool(!v(f).isTrue) }
        case .presence(let x, let present):
            let v = compile(x)
            return { f in .bool(v(f).isMissing != present) }
        case .binary(let op, let l, let r):
            return compileBinary(op, compile(l), compile(r), names: (name(l), name(r)))
        case .call(let fn, let args):
            return Functions.compile(fn, args.map(compile))
        case .aggregate(let op, let slot, let collection, let filter, let body):
            let always: Eval = { _ in .bool(true) }
            let coll = compile(collection)
            // `where` narrows the list first; the operation then sees only the items that pass.
            let items: Eval = filter.map { f in
                let test = compile(f)
                return { fr in
                    var out: [Value] = []
                    for item in coll(fr).asList { fr.slots[slot] = item; if test(fr).isTrue { out.append(item) } }
                    return .list(out)
                }
            } ?? coll
            let aggregate = compileAggregate(op, slot, items, body.map(compile) ?? always)
            // Puts the slot back: a `let` computed inside a rule must not take the rule's variable.
            return { f in
                let saved = f.slots[slot]
                defer { f.slots[slot] = saved }
                return aggregate(f)
            }
        }
    }

    static func isConstant(_ e: TypedExpr) -> Bool {
        switch e.kind {
        case .number, .text, .boolean, .date, .duration: true
        case .list(let items): items.allSatisfy(isConstant)
        case .negate(let x): isConstant(x)
        default: false
        }
    }

    static func compileTemplate(_ parts: [TypedExpr.TemplatePart]) -> Eval {
        let compiled: [(String?, Eval?)] = parts.map {
            switch $0 {
            case .literal(let s): (s, nil)
            case .value(let e): (nil, compile(e))
            }
        }
        return { f in
            var s = ""
            for (lit, ev) in compiled {
                if let lit { s += lit } else if let ev { s += ev(f).display }
            }
            return .text(s)
        }
    }

    /// Orders two values of the same kind; nil when either is missing or they do not compare.
    @inline(__always)
    static func compare(_ a: Value, _ b: Value) -> Int? {
        switch (a, b) {
        case (.number(let x), .number(let y)): x < y ? -1 : (x > y ? 1 : 0)
        case (.duration(let x), .duration(let y)): x < y ? -1 : (x > y ? 1 : 0)
        case (.date(let x), .date(let y)): x < y ? -1 : (x > y ? 1 : 0)
        case (.text(let x), .text(let y)): x < y ? -1 : (x > y ? 1 : 0)
        case (.bool(let x), .bool(let y)): x == y ? 0 : (x ? 1 : -1)
        default: nil
        }
    }

    static func equal(_ a: Value, _ b: Value) -> Bool? {
        switch (a, b) {
        case (.missing, _), (_, .missing): return nil
        case (.list(let x), .list(let y)):
            guard x.count == y.count else { return false }
            for (p, q) in zip(x, y) where equal(p, q) != true { return false }
            return true
        default:
            return compare(a, b).map { $0 == 0 }
        }
    }

    /// - Parameter names: how each side reads in a message about a date out of range.
    static func compileBinary(_ op: BinaryOp, _ l: @escaping Eval, _ r: @escaping Eval, names: (String?, String?) = (nil, nil)) -> Eval {
        switch op {
        // `and` / `or` stop early, so a guard on the left protects the right.
        case .and: return { f in .bool(l(f).isTrue && r(f).isTrue) }
        case .or: return { f in .bool(l(f).isTrue || r(f).isTrue) }
        // A comparison with a missing value is false, whichever the operator.
        case .eq: return { f in .bool(equal(l(f), r(f)) == true) }
        case .ne: return { f in .bool(equal(l(f), r(f)) == false) }
        case .lt: return { f in .bool((compare(l(f), r(f)) ?? 0) < 0) }
        case .le: return { f in compare(l(f), r(f)).map { .bool($0 <= 0) } ?? .bool(false) }
        case .gt: return { f in .bool((compare(l(f), r(f)) ?? 0) > 0) }
        case .ge: return { f in compare(l(f), r(f)).map { .bool($0 >= 0) } ?? .bool(false) }
        case .in:
            return { f in
                let x = l(f)
                if x.isMissing { return .bool(false) }
                for item in r(f).asList where equal(x, item) == true { return .bool(true) }
                return .bool(false)
            }
        case .add:
            return { f in
                switch (l(f), r(f)) {
                case (.number(let a), .number(let b)): .number(a + b)
                case (.duration(let a), .duration(let b)): .duration(a + b)
                case (.date(let a), .duration(let b)): shift(a, by: b, f, "\(names.0 ?? a.description) + \(daysText(b))")
                case (.duration(let a), .date(let b)): shift(b, by: a, f, "\(daysText(a)) + \(names.1 ?? b.description)")
                case (.text(let a), .text(let b)): .text(a + b)
                default: .missing
                }
            }
        case .sub:
            return { f in
                switch (l(f), r(f)) {
                case (.number(let a), .number(let b)): .number(a - b)
                case (.duration(let a), .duration(let b)): .duration(a - b)
                case (.date(let a), .duration(let b)): shift(a, by: -b, f, "\(names.0 ?? a.description) - \(daysText(b))")
                case (.date(let a), .date(let b)): .duration(Double(a.daysSinceEpoch - b.daysSinceEpoch))
                default: .missing
                }
            }
        case .mul:
            return { f in
                switch (l(f), r(f)) {
                case (.number(let a), .number(let b)): .number(a * b)
                case (.duration(let a), .number(let b)), (.number(let b), .duration(let a)): .duration(a * b)
                default: .missing
                }
            }
        case .div:
            return { f in
                switch (l(f), r(f)) {
                case (_, .number(0)), (_, .duration(0)): .missing
                case (.number(let a), .number(let b)): .number(a / b)
                case (.duration(let a), .number(let b)): .duration(a / b)
                case (.duration(let a), .duration(let b)): .number(a / b)
                default: .missing
                }
            }
        }
    }

    /// A date moved by a number of days. Beyond the calendar, or by a number of days that is
    /// not a number, the result is a fault, not a trap (see `Frame.fault`).
    @inline(__always)
    static func shift(_ d: CivilDate, by days: Double, _ f: Frame, _ what: @autoclosure () -> String) -> Value {
        if let n = CivilDate.wholeDays(days), let r = d.checkedAdding(days: n) { return .date(r) }
        return f.outOfRange("date out of range (\(what()))")
    }

    static func daysText(_ days: Double) -> String {
        if days.isNaN { return "a number of days that is not a number" }
        if days.isInfinite { return "infinitely many days" }
        return Value.duration(days).display
    }

    /// How an operand reads in a message: the field path or function it came from, when it has one.
    static func name(_ e: TypedExpr) -> String? {
        switch e.kind {
        case .account: "account"
        case .field(let base, _, _, let field): name(base).map { "\($0).\(field)" } ?? field
        case .call(let fn, let args) where args.isEmpty: "\(fn.rawValue)()"
        default: nil
        }
    }

    static func compileAggregate(_ op: AggregateOp, _ slot: Int, _ coll: @escaping Eval, _ body: @escaping Eval) -> Eval {
        switch op {
        case .any:
            return { f in
                for item in coll(f).asList { f.slots[slot] = item; if body(f).isTrue { return .bool(true) } }
                return .bool(false)
            }
        case .all:
            return { f in
                for item in coll(f).asList { f.slots[slot] = item; if !body(f).isTrue { return .bool(false) } }
                return .bool(true)
            }
        case .none:
            return { f in
                for item in coll(f).asList { f.slots[slot] = item; if body(f).isTrue { return .bool(false) } }
                return .bool(true)
            }
        case .count:
            return { f in
                var n = 0
                for item in coll(f).asList { f.slots[slot] = item; if body(f).isTrue { n += 1 } }
                return .number(Double(n))
            }
        case .filter:
            return { f in
                var out: [Value] = []
                for item in coll(f).asList { f.slots[slot] = item; if body(f).isTrue { out.append(item) } }
                return .list(out)
            }
        case .sum, .average:
            let average = op == .average
            return { f in
                var total = 0.0, n = 0, isDuration = false
                for item in coll(f).asList {
                    f.slots[slot] = item
                    switch body(f) {
                    case .number(let x): total += x; n += 1
                    case .duration(let x): total += x; n += 1; isDuration = true
                    default: break // missing values are skipped
                    }
                }
                if average { if n == 0 { return .missing }; total /= Double(n) }
                return isDuration ? .duration(total) : .number(total)
            }
        case .min, .max:
            let wantMax = op == .max
            return { f in
                var best: Value = .missing
                for item in coll(f).asList {
                    f.slots[slot] = item
                    let v = body(f)
                    guard let c = compare(v, best.isMissing ? v : best) else { continue }
                    if best.isMissing || (wantMax ? c > 0 : c < 0) { best = v }
                }
                return best
            }
        }
    }
}
