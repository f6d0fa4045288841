/// Numbers written in a playbook that the engine's date arithmetic cannot use are refused here,
/// with their place, so that no run ever meets them. Values read from account data are the
/// engine's to bound; these limits only concern what the playbook itself fixes.
extension Checker {
    /// Numbers are doubles: past 15 digits before the point they stop being exact, and far
    /// past it they stop fitting any whole-number type the engine converts them to.
    static let maxNumber = 1e15
    /// About 10,000 years. Any date of 0001-01-01 … 9999-12-31 moved by this much keeps its
    /// day count far inside the engine's 32-bit range, and no real deadline or wait is longer.
    static let maxDays = 3_650_000.0
    /// The same ten thousand years counted in Monday-to-Friday days.
    static let maxBusinessDays = 2_600_000.0

    /// The value a number or duration (in days) has whatever the account or date: literals,
    /// parameters' declared values and arithmetic on them. nil when it depends on the account
    /// or the date; NaN when a part was already reported as out of range, so that a mistake
    /// is reported once, at its innermost place.
    func constantValue(_ e: TypedExpr) -> Double? {
        switch e.kind {
        case .number(let v): return abs(v) < Self.maxNumber ? v : .nan
        case .duration(let d): return abs(d) <= Self.maxDays ? d : .nan
        case .parameter(let i): return i < parameterConstants.count ? parameterConstants[i] : nil
        case .negate(let x): return constantValue(x).map { -$0 }
        case .binary(let op, let l, let r):
            guard let a = constantValue(l), let b = constantValue(r) else { return nil }
            switch op {
            case .add: return a + b
            case .sub: return a - b
            case .mul: return a * b
            case .div: return b == 0 ? nil : a / b
            default: return nil
            }
        default: return nil
        }
    }

    /// How far a date expression moves its date by fixed durations: `today() + p + 3 days`
    /// moves by `p` + 3 days. Parts that depend on the account count as nothing here.
    func constantShift(_ e: TypedExpr) -> Double {
        guard case .binary(let op, let l, let r) = e.kind, op == .add || op == .sub else { return 0 }
        switch (l.type, r.type) {
        case (.date, .duration): return constantShift(l) + (op == .add ? 1 : -1) * (constantValue(r) ?? 0)
        case (.duration, .date): return constantShift(r) + (constantValue(l) ?? 0)
        default: return 0
        }
    }

    /// Number literals: PB312 past `maxNumber`. Duration literals: PB313 past `maxDays`.
    mutating func checkLiteralRange(_ e: TypedExpr) {
        switch e.kind {
        case .number(let v) where !(abs(v) < Self.maxNumber):
            report(.numberTooLarge(sources.text(e.range)), e.range)
        case .duration(let d) where !(abs(d) <= Self.maxDays):
            report(.tooManyDays(quoted(e), limit: Self.daysLimitText), e.range)
        default: break
        }
    }

    /// A duration the playbook fixes (`for`, `cooldown`, `due in`, a parameter) must stay within
    /// `maxDays`. Returns false when it was reported.
    @discardableResult
    mutating func checkDays(_ e: TypedExpr) -> Bool {
        guard let v = constantValue(e), !v.isNaN, !(abs(v) <= Self.maxDays) else { return true }
        report(.tooManyDays(quoted(e), limit: Self.daysLimitText), e.range)
        return false
    }

    /// `due in N business days` and `add_business_days(date, N)` with N fixed by the playbook.
    mutating func checkBusinessDays(_ e: TypedExpr) {
        guard let v = constantValue(e), !v.isNaN, !(abs(v) <= Self.maxBusinessDays) else { return }
        report(.tooManyDays(quoted(e) + " business days", limit: "2,600,000 business days (about 10,000 years)"), e.range)
    }

    /// `date ± duration`, after its operands were checked: the fixed part of the whole shift
    /// must stay within `maxDays`. Reported at the duration that takes it past.
    mutating func checkShift(_ whole: TypedExpr, duration: TypedExpr) {
        let v = constantShift(whole)
        guard !v.isNaN, !(abs(v) <= Self.maxDays) else { return }
        report(.tooManyDays("moving a date by \(quoted(duration))", limit: Self.daysLimitText), duration.range)
    }

    static let daysLimitText = "3,650,000 days (about 10,000 years)"

    /// The expression as written, short enough for a one-line message.
    func quoted(_ e: TypedExpr) -> String {
        let text = sources.text(e.range)
        return "`" + (text.count > 40 ? text.prefix(40) + "…" : text) + "`"
    }
}
