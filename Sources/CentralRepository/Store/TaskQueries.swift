import PlaybookEngine
import PlaybookLanguage

/// Listing, explaining and working tasks: what CSMs and their tools do between runs.
extension Repository {
    package struct TaskFilter: Sendable {
        package var owner: String?
        package var account: String?
        package var statuses: [TaskStatus] = [.open, .snoozed]
        package var dueBefore: CivilDate?
        package var phase: Int?
        package init() {}
    }

    static let taskColumns = """
        t.id, t.rule, t.account_id, t.item_key, t.status, t.title, t.description, t.owner, t.owner_is_fallback, t.due,
        t.priority, t.steps, t.tags, t.phase, t.explanation, t.rule_source, t.created_on, t.resolved_on, t.resolved_reason,
        t.closed_on, t.closed_by, t.snoozed_until, a.name
        """

    func storedTask(_ s: Statement) -> StoredTask {
        StoredTask(
            id: s.int64(0), key: TaskKey(rule: s.text(1) ?? "", account: s.text(2) ?? "", item: s.text(3) ?? ""),
            status: TaskStatus(rawValue: s.text(4) ?? "") ?? .open, title: s.text(5) ?? "", description: s.text(6),
            owner: s.text(7) ?? "", ownerIsFallback: s.int64(8) != 0, due: s.date(9),
            priority: Priority(rawValue: s.text(10) ?? "") ?? .normal, steps: StoredList.parse(s.text(11)),
            tags: StoredList.parse(s.text(12)), phase: s.optionalInt(13).map(Int.init), explanation: s.text(14) ?? "",
            ruleSource: s.text(15) ?? "", createdOn: s.date(16) ?? CivilDate(daysSinceEpoch: 0), resolvedOn: s.date(17),
            resolvedReason: s.text(18), closedOn: s.date(19), closedBy: s.text(20), snoozedUntil: s.date(21), accountName: s.text(22))
    }

    /// Tasks matching the filter: overdue and soonest due first, then by priority.
    package func tasks(_ f: TaskFilter) throws -> [StoredTask] {
        var clauses: [String] = []
        var binds: [(Statement, Int32) -> Void] = []
        if !f.statuses.isEmpty {
            clauses.append("t.status IN (" + f.statuses.map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")")
        }
        if let o = f.owner { clauses.append("t.owner = ?"); binds.append { $0.bind($1, o) } }
        if let a = f.account { clauses.append("t.account_id = ?"); binds.append { $0.bind($1, a) } }
        if let d = f.dueBefore { clauses.append("t.due < ?"); binds.append { $0.bind($1, d.description) } }
        if let p = f.phase { clauses.append("t.phase = ?"); binds.append { $0.bind($1, p) } }
        let sql = """
            SELECT \(Self.taskColumns) FROM tasks t LEFT JOIN accounts a ON a.id = t.account_id
            \(clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND "))
            ORDER BY t.due IS NULL, t.due, CASE t.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END, t.id
            """
        let s = try connection.prepare(sql)
        for (n, b) in binds.enumerated() { b(s, Int32(n + 1)) }
        var out: [StoredTask] = []
        while try s.step() { out.append(storedTask(s)) }
        return out
    }

    package func task(_ id: Int64) throws -> StoredTask {
        let s = try connection.prepare("SELECT \(Self.taskColumns) FROM tasks t LEFT JOIN accounts a ON a.id = t.account_id WHERE t.id = ?")
        s.bind(1, id)
        guard try s.step() else { throw RepositoryError.unknownTask(id) }
        return storedTask(s)
    }

    package struct TaskEvent: Sendable {
        package var onDate: String
        package var at: String
        package var who: String
        package var action: String
        package var detail: String?
    }

    package func events(of id: Int64) throws -> [TaskEvent] {
        let s = try connection.prepare("SELECT on_date, at, who, action, detail FROM task_events WHERE task_id = ? ORDER BY id")
        s.bind(1, id)
        var out: [TaskEvent] = []
        while try s.step() { out.append(TaskEvent(onDate: s.text(0) ?? "", at: s.text(1) ?? "", who: s.text(2) ?? "", action: s.text(3) ?? "", detail: s.text(4))) }
        return out
    }

    package enum TaskChange: Sendable {
        case done, dismiss, reopen
        case snooze(until: CivilDate)

        var verb: String {
            switch self {
            case .done: "marked done"
            case .dismiss: "dismissed"
            case .reopen: "reopened"
            case .snooze: "snoozed"
            }
        }
    }

    /// A CSM's action on a task, recorded with who and when.
    /// - Parameter on: the day it counts from (cooldowns start here).
    package func change(_ id: Int64, _ change: TaskChange, by who: String, on: CivilDate, at: String, note: String?, wait: Double) throws -> StoredTask {
        try write(wait: wait, check: .task(id)) {
            let t = try task(id)
            // A change dated before the task existed would rewrite its history.
            guard on >= t.createdOn else { throw RepositoryError.beforeCreation(id, created: t.createdOn, on: on) }
            let sql: String
            var binds: [String?] = []
            switch change {
            case .done, .dismiss:
                guard t.status.isActive else { throw RepositoryError.invalidTransition(id, from: t.status.rawValue, action: change.verb) }
                sql = "UPDATE tasks SET status = ?, closed_on = ?, closed_by = ?, snoozed_until = NULL WHERE id = ?"
                binds = [change.isDone ? "done" : "dismissed", on.description, who]
            case .reopen:
                guard !t.status.isActive else { throw RepositoryError.invalidTransition(id, from: t.status.rawValue, action: change.verb) }
                // Only one task per rule, account and item may be open; the index enforces it.
                sql = "UPDATE tasks SET status = 'open', closed_on = NULL, closed_by = NULL, resolved_on = NULL, resolved_reason = NULL, resolved_cause = NULL, condition_cleared_on = NULL WHERE id = ?"
            case .snooze(let until):
                guard t.status.isActive else { throw RepositoryError.invalidTransition(id, from: t.status.rawValue, action: change.verb) }
                guard until > on else { throw RepositoryError.invalidTransition(id, from: t.status.rawValue, action: "snoozed until \(until), which is not after \(on)") }
                sql = "UPDATE tasks SET status = 'snoozed', snoozed_until = ? WHERE id = ?"
                binds = [until.description]
            }
            let s = try connection.prepare(sql)
            for (n, b) in binds.enumerated() { s.bind(Int32(n + 1), b) }
            s.bind(Int32(binds.count + 1), id)
            do {
                try s.run()
            } catch SQLiteError.constraint {
                throw RepositoryError.invalidTransition(id, from: t.status.rawValue, action: "reopened: a newer task for the same rule and account is open")
            }
            let e = try connection.prepare("INSERT INTO task_events (task_id, on_date, at, who, action, detail) VALUES (?, ?, ?, ?, ?, ?)")
            e.bind(1, id); e.bind(2, on.description); e.bind(3, at); e.bind(4, who)
            if case .snooze(let until) = change { e.bind(5, "snoozed"); e.bind(6, "until \(until)" + (note.map { ": \($0)" } ?? "")) }
            else { e.bind(5, change.verb); e.bind(6, note) }
            try e.run()
            return try task(id)
        }
    }

    /// The runs recorded, newest first.
    package func runs(limit: Int = 20) throws -> [(id: Int64, asOf: String, startedAt: String, digest: String, counts: RunCounts)] {
        let s = try connection.prepare("SELECT id, as_of, started_at, playbooks_digest, accounts, created, kept, resolved, reassigned, woken FROM runs ORDER BY id DESC LIMIT ?")
        s.bind(1, limit)
        var out: [(Int64, String, String, String, RunCounts)] = []
        while try s.step() {
            var c = RunCounts()
            c.accounts = s.int(4); c.created = s.int(5); c.kept = s.int(6); c.resolved = s.int(7); c.reassigned = s.int(8); c.woken = s.int(9)
            out.append((s.int64(0), s.text(1) ?? "", s.text(2) ?? "", s.text(3) ?? "", c))
        }
        return out
    }
}

extension Repository.TaskChange {
    var isDone: Bool { if case .done = self { true } else { false } }
}
