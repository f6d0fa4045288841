import PlaybookLanguage

/// Identifies a task: at most one open task per rule identity, account and item.
public struct TaskKey: Hashable, Sendable, Comparable {
    public var rule: String
    public var account: String
    public var item: String
    public init(rule: String, account: String, item: String) { self.rule = rule; self.account = account; self.item = item }
    public static func < (a: TaskKey, b: TaskKey) -> Bool { (a.account, a.rule, a.item) < (b.account, b.rule, b.item) }
}

public enum TaskStatus: String, Sendable, CaseIterable {
    case open, snoozed, done, dismissed, resolved
    /// Open or snoozed: the one task a key may have at a time.
    public var isActive: Bool { self == .open || self == .snoozed }
}

/// What reconciliation needs to know of a task already in the repository.
public struct ExistingTask: Sendable, Equatable {
    public var id: Int64
    public var key: TaskKey
    public var status: TaskStatus
    public var owner: String
    public var snoozedUntil: CivilDate?
    /// When a CSM marked it done or dismissed it.
    public var closedOn: CivilDate?
    /// For a done/dismissed task: when its condition was first seen false afterwards.
    public var conditionClearedOn: CivilDate?

    public init(id: Int64, key: TaskKey, status: TaskStatus, owner: String, snoozedUntil: CivilDate? = nil,
                closedOn: CivilDate? = nil, conditionClearedOn: CivilDate? = nil) {
        self.id = id; self.key = key; self.status = status; self.owner = owner
        self.snoozedUntil = snoozedUntil; self.closedOn = closedOn; self.conditionClearedOn = conditionClearedOn
    }
}

/// One change a run makes. `plan` prints them; `run` applies them in one transaction.
public enum TaskAction: Sendable, Equatable {
    case create(TaskKey, TaskDraft)
    case keep(id: Int64, TaskKey)
    case resolve(id: Int64, TaskKey, reason: String)
    /// The owner expression now names someone else (the account changed CSM).
    case reassign(id: Int64, TaskKey, from: String, to: String, isFallback: Bool)
    /// A snoozed task whose date has come while its condition still holds.
    case wake(id: Int64, TaskKey)
    /// A done or dismissed task whose condition has cleared: the next firing is a new task.
    case markCleared(id: Int64, TaskKey)
    /// A task that would be created, held back by `for N days` (since the given date) or a cooldown.
    case wait(TaskKey, reason: String)
    case startPending(TaskKey, since: CivilDate)
    case clearPending(TaskKey)

    public var key: TaskKey {
        switch self {
        case .create(let k, _), .keep(_, let k), .resolve(_, let k, _), .reassign(_, let k, _, _, _), .wake(_, let k),
             .markCleared(_, let k), .wait(let k, _), .startPending(let k, _), .clearPending(let k): k
        }
    }

    /// Whether applying it writes a task row.
    public var writesTask: Bool {
        switch self {
        case .create, .resolve, .reassign, .wake, .markCleared: true
        case .keep, .wait, .startPending, .clearPending: false
        }
    }
}

/// The lifecycle rules, as one pure function of what fired and what the repository holds, so
/// they can be tested on any dates without a database.
public enum Reconciler {
    public struct Firing {
        public var key: TaskKey
        public var forDays: Int
        public var cooldownDays: Int?
        /// Current owner per the rule; nil when no owner expression gave a name.
        public var owner: String?
        public var draft: () -> TaskDraft

        public init(key: TaskKey, forDays: Int, cooldownDays: Int?, owner: String?, draft: @escaping () -> TaskDraft) {
            self.key = key; self.forDays = forDays; self.cooldownDays = cooldownDays; self.owner = owner; self.draft = draft
        }
    }

    public struct State: Sendable {
        /// Open or snoozed tasks by key.
        public var active: [TaskKey: ExistingTask] = [:]
        /// The latest done/dismissed task by key, only where its condition has not cleared yet.
        public var closed: [TaskKey: ExistingTask] = [:]
        /// Since when a `for` condition has held, by key.
        public var pending: [TaskKey: CivilDate] = [:]
        /// When the latest task of a key was closed or resolved, for keys closed recently enough
        /// that a cooldown may still hold a new task back.
        public var recentlyClosed: [TaskKey: CivilDate] = [:]
        public init() {}
    }

    /// - Parameters:
    ///   - firings: everything that fired for the accounts being reconciled.
    ///   - accounts: those accounts: tasks of other accounts are left alone.
    ///   - autoResolves: whether the rule with this identity resolves its tasks when the condition
    ///     clears; nil for a rule no longer in the playbooks (its tasks are resolved).
    public static func reconcile(firings: [Firing], state: State, asOf: CivilDate, fallbackOwner: String,
                                 autoResolves: (String) -> Bool?, accountFilter: ((String) -> Bool)? = nil) -> [TaskAction] {
        var actions: [TaskAction] = []
        var fired: Set<TaskKey> = []
        for f in firings {
            guard fired.insert(f.key).inserted else { continue }
            var eligible = true
            if f.forDays > 0 {
                let since = state.pending[f.key] ?? asOf
                if state.pending[f.key] == nil { actions.append(.startPending(f.key, since: asOf)) }
                eligible = since.adding(days: f.forDays) <= asOf
            }
            if let task = state.active[f.key] {
                if task.status == .snoozed, let until = task.snoozedUntil, until <= asOf {
                    actions.append(.wake(id: task.id, f.key))
                } else {
                    actions.append(.keep(id: task.id, f.key))
                }
                let owner = f.owner ?? fallbackOwner
                if owner != task.owner { actions.append(.reassign(id: task.id, f.key, from: task.owner, to: owner, isFallback: f.owner == nil)) }
                continue
            }
            guard eligible else {
                let since = state.pending[f.key] ?? asOf
                actions.append(.wait(f.key, reason: "condition holds since \(since); task appears on \(since.adding(days: f.forDays))"))
                continue
            }
            if let closed = state.closed[f.key], closed.conditionClearedOn == nil {
                let closedOn = closed.closedOn ?? asOf
                if let cooldown = f.cooldownDays, closedOn.adding(days: cooldown) <= asOf {
                    actions.append(.create(f.key, f.draft()))
                } else {
                    let until = f.cooldownDays.map { " until \(closedOn.adding(days: $0))" } ?? " while the condition holds"
                    actions.append(.wait(f.key, reason: "task #\(closed.id) was \(closed.status.rawValue) on \(closedOn); quiet\(until)"))
                }
                continue
            }
            // A cooldown also spaces out a condition that clears and comes back quickly.
            if let cooldown = f.cooldownDays, let closedOn = state.recentlyClosed[f.key], closedOn.adding(days: cooldown) > asOf {
                actions.append(.wait(f.key, reason: "the last task was closed on \(closedOn); cooldown until \(closedOn.adding(days: cooldown))"))
                continue
            }
            actions.append(.create(f.key, f.draft()))
        }
        let inScope = accountFilter ?? { _ in true }
        for key in state.pending.keys.sorted() where !fired.contains(key) && inScope(key.account) {
            actions.append(.clearPending(key))
        }
        for (key, task) in state.active.sorted(by: { $0.key < $1.key }) where !fired.contains(key) && inScope(key.account) {
            switch autoResolves(key.rule) {
            case nil: actions.append(.resolve(id: task.id, key, reason: "its rule is no longer in the playbooks"))
            case true?: actions.append(.resolve(id: task.id, key, reason: "the condition no longer holds"))
            case false?:
                // Kept open by `resolve manually`; a snooze still ends on its date.
                if task.status == .snoozed, let until = task.snoozedUntil, until <= asOf {
                    actions.append(.wake(id: task.id, key))
                } else {
                    actions.append(.keep(id: task.id, key))
                }
            }
        }
        for (key, task) in state.closed.sorted(by: { $0.key < $1.key }) where !fired.contains(key) && inScope(key.account) && task.conditionClearedOn == nil {
            actions.append(.markCleared(id: task.id, key))
        }
        return actions
    }
}
