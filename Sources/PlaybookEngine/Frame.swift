import PlaybookLanguage

/// The state one evaluation reads: the account, bound variables, the parameter values of the
/// playbook variant being evaluated, and `let` values computed at most once per account.
public final class Frame {
    public var account: Value = .missing
    public var slots: [Value]
    public var params: [Value]
    var lets: [Value?]
    /// What went out of range while computing each `let`, kept with its value: every rule
    /// that reads it must learn of it, not only the first.
    var letFaults: [String?]
    let letEvals: [Eval]
    public var today: CivilDate
    /// The first value out of range since the caller last cleared it (a date past 9999-12-31,
    /// a number of days that is not a number): the expression gave missing instead, and its
    /// result cannot be trusted. See `EvaluationProblem`.
    public var fault: String?

    init(slotCount: Int, params: [Value], letEvals: [Eval], today: CivilDate) {
        self.slots = Array(repeating: .missing, count: max(slotCount, 1))
        self.params = params
        self.lets = Array(repeating: nil, count: letEvals.count)
        self.letFaults = Array(repeating: nil, count: letEvals.count)
        self.letEvals = letEvals
        self.today = today
    }

    /// Starts on a new account (or a new parameter set): forget cached `let` values.
    public func reset(account: Value) {
        self.account = account
        fault = nil
        for i in lets.indices { lets[i] = nil }
    }

    @inline(__always) func letValue(_ i: Int) -> Value {
        if let v = lets[i] {
            if let f = letFaults[i], fault == nil { fault = f }
            return v
        }
        let outer = fault
        fault = nil
        let v = letEvals[i](self)
        lets[i] = v
        letFaults[i] = fault
        fault = outer ?? fault
        return v
    }

    /// Records a value out of range (the first one counts) and gives missing in its place.
    func outOfRange(_ message: @autoclosure () -> String) -> Value {
        if fault == nil { fault = message() }
        return .missing
    }
}

public typealias Eval = (Frame) -> Value
