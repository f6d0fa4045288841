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

/// Why a run resolved a task. Stored with it: a task suspended for a reason that can reverse
/// (its rule left the playbooks or was switched off, its account left the repository) is
/// restored — same number, notes and snooze — when its rule fires for it again.
public enum ResolveCause: Sendable, Equatable {
    /// The rule ran for the account and its condition no longer holds.
    case conditionCleared
    /// The run's playbooks do not have the rule (deleted on purpose: the run was allowed to).
    case ruleRemoved
    /// A customisation that applies to the account switches the rule off.
    case ruleDisabled(by: String)
    /// The account is no longer in the repository.
    case accountRemoved
    /// The item of an `each` rule is no longer among its account's rows (a sync import removed it).
    case itemRemoved

    /// As stored in `tasks.resolved_cause`.
    public var code: String {
        switch self {
        case .conditionCleared: "condition"
        case .ruleRemoved: "rule-removed"
        case .ruleDisabled: "rule-disabled"
        case .accountRemoved: "account-removed"
        case .itemRemoved: "item-removed"
        }
    }

    /// As a CSM reads it, in the task's history and in `plan`.
    public var reason: String {
        switch self {
        case .conditionCleared: "the condition no longer holds"
        case .ruleRemoved: "rule removed: the rule is no longer in the playbooks"
        case .ruleDisabled(let by): "rule disabled for this account by \(by)"
        case .accountRemoved: "the account is no longer in the repository"
        case .itemRemoved: "the item is no longer in the repository"
        }
    }

    /// Whether the task comes back as it was when the rule fires for it again.
    public var suspends: Bool { self != .conditionCleared }
}

/// What a run knows of a task's rule for one account.
public enum RuleState: Sendable, Equatable {
    /// The rule ran; its tasks resolve when the condition clears.
    case automatic
    /// The rule ran; its tasks stay open until a CSM closes them (`resolve manually`).
    case manual
    /// The run's playbooks do not have the rule: nothing is known of its condition.
    case absent
    /// The rule is switched off for the account by a customisation (named, with its file).
    case disabled(by: String)
    /// The rule ran on data too old to trust (the freshness guard): its tasks are kept.
    case held
    /// The rule ran, but the item the task names is no longer among the rows its `each` reads:
    /// nothing is known of its condition, as for an account that left.
    case itemRemoved
}

/// One change a run makes. `plan` prints them; `run` applies them in one transaction.
public enum TaskAction: Sendable, Equatable {
    case create(TaskKey, TaskDraft)
    case keep(id: Int64, TaskKey)
    case resolve(id: Int64, TaskKey, cause: ResolveCause)
    /// A suspended task (see `ResolveCause.suspends`) whose rule fires for it again: it comes
    /// back with its number, notes and snooze.
    case restore(id: Int64, TaskKey, to: TaskStatus)
    /// The owner expression now names someone else (the account changed CSM).
    case reassign(id: Int64, TaskKey, from: String, to: String, isFallback: Bool)
    /// A snoozed task whose date has come while its condition still holds.
    case wake(id: Int64, TaskKey)
    /// A done or dismissed task whose condition has cleared: the next firing is a new task.
    /// Also ends a suspended task whose rule ran again and did not fire for it.
    case markCleared(id: Int64, TaskKey)
    /// A task that would be created, held back by `for N days` (since the given date) or a cooldown.
    case wait(TaskKey, reason: String)
    case startPending(TaskKey, since: CivilDate)
    case clearPending(TaskKey)

    public var key: TaskKey {
        switch self {
        case .create(let k, _), .keep(_, let k), .resolve(_, let k, _), .restore(_, let k, _), .reassign(_, let k, _, _, _),
             .wake(_, let k), .markCleared(_, let k), .wait(let k, _), .startPending(let k, _), .clearPending(let k): k
        }
    }

    /// Whether applying it writes a task row.
    public var writesTask: Bool {
        switch self {
        case .create, .resolve, .restore, .reassign, .wake, .markCleared: true
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
        /// Set when the rule could not be evaluated (a value out of range): the key's tasks,
        /// pending clock and closed task stay as they are; nothing is created.
        public var hold: Hold?

        public init(key: TaskKey, forDays: Int, cooldownDays: Int?, owner: String?, hold: Hold? = nil, draft: @escaping () -> TaskDraft) {
            self.key = key; self.forDays = forDays; self.cooldownDays = cooldownDays; self.owner = owner; self.hold = hold; self.draft = draft
        }
    }

    /// What a firing that could not be evaluated holds as it is.
    public enum Hold: Sendable {
        /// Its key only (one item of an `each` rule).
        case key
        /// Every key of its rule and account (the list of an `each` rule, or a rule without one).
        case everyItem
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
        /// The latest suspended task by key (resolved because its rule left or was switched off,
        /// or its account left), until its rule runs again for it.
        public var suspended: [TaskKey: ExistingTask] = [:]
        public init() {}
    }

    /// - Parameters:
    ///   - firings: everything that fired for the accounts being reconciled.
    ///   - ruleState: what the run knows of a task's rule for its account. Only a rule that ran
    ///     (automatic or manual) says anything about its condition: tasks of absent, switched-off
    ///     or held rules are never taken as "condition no longer holds", and their dismissals,
    ///     snoozes and cooldowns are kept for when the rule runs again.
    public static func reconcile(firings: [Firing], state: State, asOf: CivilDate, fallbackOwner: String,
                                 ruleState: (TaskKey) -> RuleState) -> [TaskAction] {
        var actions: [TaskAction] = []
        var fired: Set<TaskKey> = []
        var heldKeys: Set<TaskKey> = [], heldRules: Set<TaskKey> = []
        for f in firings {
            switch f.hold {
            case .key?: heldKeys.insert(f.key)
            case .everyItem?: heldRules.insert(TaskKey(rule: f.key.rule, account: f.key.account, item: ""))
            case nil: break
            }
        }
        func held(_ k: TaskKey) -> Bool {
            heldKeys.contains(k) || (!heldRules.isEmpty && heldRules.contains(TaskKey(rule: k.rule, account: k.account, item: "")))
        }
        // A rule that could not be evaluated for a key says no more of it than one on stale data.
        func known(_ k: TaskKey) -> RuleState { held(k) ? .held : ruleState(k) }
        /// A date a `for` or a cooldown reaches; nil past the calendar's last day: never.
        func day(_ d: CivilDate?) -> String { d?.description ?? "no date before 9999-12-31" }
        for f in firings where f.hold == nil {
            guard fired.insert(f.key).inserted else { continue }
            var eligible = true
            if f.forDays > 0 {
                let since = state.pending[f.key] ?? asOf
                if state.pending[f.key] == nil { actions.append(.startPending(f.key, since: asOf)) }
                eligible = since.checkedAdding(days: f.forDays).map { $0 <= asOf } ?? false
            }
            if let task = state.active[f.key] {
                if task.status == .snoozed, let until = task.snoozedUntil, until <= asOf {
                    actions.append(.wake(id: task.id, f.key))
                } else {
                    actions.append(.keep(id: task.id, f.key))
                }
                reassignIfNeeded(task, f, fallbackOwner, &actions)
                continue
            }
            if let task = state.suspended[f.key] {
                // It was open (or snoozed) when it was suspended: no new `for` wait, no cooldown.
                let snoozed = task.snoozedUntil.map { $0 > asOf } ?? false
                actions.append(.restore(id: task.id, f.key, to: snoozed ? .snoozed : .open))
                reassignIfNeeded(task, f, fallbackOwner, &actions)
                continue
            }
            guard eligible else {
                let since = state.pending[f.key] ?? asOf
                actions.append(.wait(f.key, reason: "condition holds since \(since); task appears on \(day(since.checkedAdding(days: f.forDays)))"))
                continue
            }
            if let closed = state.closed[f.key], closed.conditionClearedOn == nil {
                let closedOn = closed.closedOn ?? asOf
                if let cooldown = f.cooldownDays, let end = closedOn.checkedAdding(days: cooldown), end <= asOf {
                    actions.append(.create(f.key, f.draft()))
                } else {
                    let until = f.cooldownDays.map { " until \(day(closedOn.checkedAdding(days: $0)))" } ?? " while the condition holds"
                    actions.append(.wait(f.key, reason: "task #\(closed.id) was \(closed.status.rawValue) on \(closedOn); quiet\(until)"))
                }
                continue
            }
            // A cooldown also spaces out a condition that clears and comes back quickly.
            if let cooldown = f.cooldownDays, let closedOn = state.recentlyClosed[f.key],
               closedOn.checkedAdding(days: cooldown).map({ $0 > asOf }) ?? true {
                actions.append(.wait(f.key, reason: "the last task was closed on \(closedOn); cooldown until \(day(closedOn.checkedAdding(days: cooldown)))"))
                continue
            }
            actions.append(.create(f.key, f.draft()))
        }
        for key in state.pending.keys.sorted() where !fired.contains(key) {
            // A clock that nobody checked today is restarted, except on data held as stale.
            if known(key) != .held { actions.append(.clearPending(key)) }
        }
        for (key, task) in state.active.sorted(by: { $0.key < $1.key }) where !fired.contains(key) {
            let cause: ResolveCause
            switch known(key) {
            case .automatic: cause = .conditionCleared
            case .absent: cause = .ruleRemoved
            case .disabled(let by): cause = .ruleDisabled(by: by)
            case .itemRemoved: cause = .itemRemoved
            case .manual, .held:
                // Kept open by `resolve manually` or stale data; a snooze still ends on its date.
                if task.status == .snoozed, let until = task.snoozedUntil, until <= asOf {
                    actions.append(.wake(id: task.id, key))
                } else {
                    actions.append(.keep(id: task.id, key))
                }
                continue
            }
            actions.append(.resolve(id: task.id, key, cause: cause))
        }
        // What a closed or suspended task waits for is the rule running and not firing.
        func ran(_ key: TaskKey) -> Bool {
            switch known(key) {
            case .automatic, .manual: true
            case .absent, .disabled, .held, .itemRemoved: false
            }
        }
        for (key, task) in state.closed.sorted(by: { $0.key < $1.key }) where !fired.contains(key) && task.conditionClearedOn == nil && ran(key) {
            actions.append(.markCleared(id: task.id, key))
        }
        for (key, task) in state.suspended.sorted(by: { $0.key < $1.key }) where !fired.contains(key) && ran(key) {
            actions.append(.markCleared(id: task.id, key))
        }
        return actions
    }

    private static func reassignIfNeeded(_ task: ExistingTask, _ f: Firing, _ fallbackOwner: String, _ actions: inout [TaskAction]) {
        let owner = f.owner ?? fallbackOwner
        if owner != task.owner { actions.append(.reassign(id: task.id, f.key, from: task.owner, to: owner, isFallback: f.owner == nil)) }
    }
}
