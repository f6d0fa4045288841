import PlaybookLanguage

/// The state one evaluation reads: the account, bound variables, the parameter values of the
/// playbook variant being evaluated, and `let` values computed at most once per account.
public final class Frame {
    public var account: Value = .missing
    public var slots: [Value]
    public var params: [Value]
    var lets: [Value?]
    let letEvals: [Eval]
    public var today: CivilDate

    init(slotCount: Int, params: [Value], letEvals: [Eval], today: CivilDate) {
        self.slots = Array(repeating: .missing, count: max(slotCount, 1))
        self.params = params
        self.lets = Array(repeating: nil, count: letEvals.count)
        self.letEvals = letEvals
        self.today = today
    }

    /// Starts on a new account (or a new parameter set): forget cached `let` values.
    public func reset(account: Value) {
        self.account = account
        for i in lets.indices { lets[i] = nil }
    }

    @inline(__always) func letValue(_ i: Int) -> Value {
        if let v = lets[i] { return v }
        let v = letEvals[i](self)
        lets[i] = v
        return v
    }
}

public typealias Eval = (Frame) -> Value
