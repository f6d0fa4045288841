import PlaybookLanguage

/// A rule the engine could not evaluate for an account, or a part of a task it could not write,
/// because a value went out of range: a date past 9999-12-31 from a number in the data, a
/// number of days that is not a number. One bad cell must not stop every night's run, nor be
/// passed over in silence: the run collects these, prints each as a warning, and goes on.
public struct EvaluationProblem: Sendable, Equatable {
    public var account: String
    /// The rule's identity (`playbook/rule`).
    public var rule: String
    /// The item of an `each` rule when the problem is one item's; empty otherwise.
    public var item: String
    /// What went out of range, with the values: `date out of range (account.renewal_date + 10000000000 days)`.
    public var message: String

    public init(account: String, rule: String, item: String, message: String) {
        self.account = account; self.rule = rule; self.item = item; self.message = message
    }

    /// One line: `account A-17, rule value-realization/low-health: date out of range (…)`.
    public var text: String { "account \(account), rule \(rule)\(item.isEmpty ? "" : " [\(item)]"): \(message)" }

    /// The problems met writing the tasks that these actions create.
    public static func inDrafts(_ actions: [TaskAction]) -> [EvaluationProblem] {
        actions.compactMap {
            guard case .create(let k, let d) = $0, let p = d.problem else { return nil }
            return EvaluationProblem(account: k.account, rule: k.rule, item: k.item, message: p + "; the task was created without it")
        }
    }
}

extension Firing {
    /// The problem this firing stands for, when the rule could not be evaluated for the account.
    public func problem(account: String) -> EvaluationProblem? {
        problem.map { EvaluationProblem(account: account, rule: rule.identity, item: itemKey, message: $0) }
    }

    /// What reconciliation keeps as it is for a rule that could not be evaluated.
    public var hold: Reconciler.Hold? {
        guard problem != nil else { return nil }
        return item.isMissing ? .everyItem : .key
    }
}
