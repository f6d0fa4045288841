import Foundation
import PlaybookEngine
import PlaybookLanguage

/// A task as stored, for listing and explaining.
package struct StoredTask: Sendable {
    package var id: Int64
    package var key: TaskKey
    package var status: TaskStatus
    package var title: String
    package var description: String?
    package var owner: String
    package var ownerIsFallback: Bool
    package var due: CivilDate?
    package var priority: Priority
    package var steps: [String]
    package var tags: [String]
    package var phase: Int?
    package var explanation: String
    package var ruleSource: String
    package var createdOn: CivilDate
    package var resolvedOn: CivilDate?
    package var resolvedReason: String?
    package var closedOn: CivilDate?
    package var closedBy: String?
    package var snoozedUntil: CivilDate?
    package var accountName: String?
}

/// Reads and writes tasks, pending conditions and runs.
extension Repository {
    /// What reconciliation needs: open/snoozed tasks, done/dismissed tasks whose condition has
    /// not cleared, and pending `for` conditions. Bounded by the work in flight, not history.
    /// - Parameters:
    ///   - closedSince: tasks closed or resolved on or after this day are remembered for
    ///     cooldowns (nil: no rule has a cooldown).
    ///   - after, through: only accounts with ids in this range (either end open when nil), so
    ///     a run holds the state of one batch of accounts at a time, not of the whole book.
    package func loadReconcileState(closedSince: CivilDate?, after: String? = nil, through: String? = nil) throws -> Reconciler.State {
        var state = Reconciler.State()
        let range = (after == nil ? "" : " AND account_id > :after") + (through == nil ? "" : " AND account_id <= :through")
        func bind(_ s: Statement, _ first: Int32) {
            var n = first
            if let after { s.bind(n, after); n += 1 }
            if let through { s.bind(n, through) }
        }
        let active = try connection.prepare("SELECT id, rule, account_id, item_key, status, owner, snoozed_until FROM tasks WHERE status IN ('open', 'snoozed')" + range)
        bind(active, 1)
        while try active.step() {
            let key = TaskKey(rule: active.text(1) ?? "", account: active.text(2) ?? "", item: active.text(3) ?? "")
            state.active[key] = ExistingTask(id: active.int64(0), key: key, status: TaskStatus(rawValue: active.text(4) ?? "") ?? .open,
                                             owner: active.text(5) ?? "", snoozedUntil: active.date(6))
        }
        let closed = try connection.prepare("""
            SELECT id, rule, account_id, item_key, status, owner, closed_on FROM tasks
            WHERE status IN ('done', 'dismissed') AND condition_cleared_on IS NULL\(range) ORDER BY id
            """)
        bind(closed, 1)
        while try closed.step() {
            let key = TaskKey(rule: closed.text(1) ?? "", account: closed.text(2) ?? "", item: closed.text(3) ?? "")
            // A later task for the same key replaces an earlier one (ordered by id).
            state.closed[key] = ExistingTask(id: closed.int64(0), key: key, status: TaskStatus(rawValue: closed.text(4) ?? "") ?? .done,
                                             owner: closed.text(5) ?? "", closedOn: closed.date(6))
        }
        if let closedSince {
            let recent = try connection.prepare("""
                SELECT rule, account_id, item_key, max(COALESCE(resolved_on, closed_on)) FROM tasks
                WHERE status IN ('done', 'dismissed', 'resolved') AND COALESCE(resolved_on, closed_on) >= :since\(range)
                GROUP BY rule, account_id, item_key
                """)
            recent.bind(1, closedSince.description)
            bind(recent, 2)
            while try recent.step() {
                let key = TaskKey(rule: recent.text(0) ?? "", account: recent.text(1) ?? "", item: recent.text(2) ?? "")
                if let d = recent.date(3) { state.recentlyClosed[key] = d }
            }
        }
        let suspended = try connection.prepare("""
            SELECT id, rule, account_id, item_key, owner, snoozed_until FROM tasks
            WHERE status = 'resolved' AND resolved_cause IN ('rule-removed', 'rule-disabled', 'account-removed', 'item-removed')
            AND condition_cleared_on IS NULL\(range) ORDER BY id
            """)
        bind(suspended, 1)
        while try suspended.step() {
            let key = TaskKey(rule: suspended.text(1) ?? "", account: suspended.text(2) ?? "", item: suspended.text(3) ?? "")
            // A later task for the same key replaces an earlier one (ordered by id).
            state.suspended[key] = ExistingTask(id: suspended.int64(0), key: key, status: .resolved, owner: suspended.text(4) ?? "",
                                                snoozedUntil: suspended.date(5))
        }
        let pending = try connection.prepare("SELECT rule, account_id, item_key, since FROM pending WHERE 1" + range)
        bind(pending, 1)
        while try pending.step() {
            let key = TaskKey(rule: pending.text(0) ?? "", account: pending.text(1) ?? "", item: pending.text(2) ?? "")
            if let d = pending.date(3) { state.pending[key] = d }
        }
        return state
    }

    package typealias RunCounts = CentralRepository.RunCounts

    package func latestRunDate() throws -> CivilDate? {
        try connection.scalarText("SELECT max(as_of) FROM runs").flatMap(CivilDate.parse)
    }

    package func activeTasksByRule() throws -> [String: Int] {
        let s = try connection.prepare("SELECT rule, count(*) FROM tasks WHERE status IN ('open', 'snoozed') GROUP BY rule")
        var out: [String: Int] = [:]
        while try s.step() { out[s.text(0) ?? ""] = s.int(1) }
        return out
    }

    /// Starts a run record; its counts are filled in by `finishRun` in the same transaction.
    package func beginRun(asOf: CivilDate, digest: String, startedAt: String) throws -> Int64 {
        let s = try connection.prepare("INSERT INTO runs (as_of, started_at, playbooks_digest, accounts, created, kept, resolved, reassigned, woken) VALUES (?, ?, ?, 0, 0, 0, 0, 0, 0)")
        s.bind(1, asOf.description)
        s.bind(2, startedAt)
        s.bind(3, digest)
        try s.run()
        return connection.lastInsertRowID
    }

    package func finishRun(_ id: Int64, counts: RunCounts) throws {
        let s = try connection.prepare("UPDATE runs SET accounts = ?, created = ?, kept = ?, resolved = ?, reassigned = ?, woken = ? WHERE id = ?")
        for (n, v) in [counts.accounts, counts.created, counts.kept, counts.resolved, counts.reassigned, counts.woken].enumerated() { s.bind(Int32(n + 1), v) }
        s.bind(7, id)
        try s.run()
    }

    /// Prepared statements for applying actions, made once per run.
    package final class ActionWriter {
        let insert, resolve, restore, reassign, wake, cleared, pendingInsert, pendingDelete, event: Statement
        let runId: Int64
        let asOf: String
        let at: String

        init(_ c: Connection, runId: Int64, asOf: CivilDate, at: String) throws {
            insert = try c.prepare("""
                INSERT INTO tasks (rule, account_id, item_key, status, title, description, owner, owner_is_fallback, due, priority,
                    steps, tags, phase, explanation, rule_source, created_on, created_run)
                VALUES (?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            resolve = try c.prepare("UPDATE tasks SET status = 'resolved', resolved_on = ?, resolved_reason = ?, resolved_cause = ? WHERE id = ?")
            restore = try c.prepare("""
                UPDATE tasks SET status = ?, resolved_on = NULL, resolved_reason = NULL, resolved_cause = NULL,
                    snoozed_until = CASE WHEN ? = 'snoozed' THEN snoozed_until END WHERE id = ?
                """)
            reassign = try c.prepare("UPDATE tasks SET owner = ?, owner_is_fallback = ? WHERE id = ?")
            wake = try c.prepare("UPDATE tasks SET status = 'open', snoozed_until = NULL WHERE id = ?")
            cleared = try c.prepare("UPDATE tasks SET condition_cleared_on = ? WHERE id = ?")
            pendingInsert = try c.prepare("INSERT OR REPLACE INTO pending (rule, account_id, item_key, since) VALUES (?, ?, ?, ?)")
            pendingDelete = try c.prepare("DELETE FROM pending WHERE rule = ? AND account_id = ? AND item_key = ?")
            event = try c.prepare("INSERT INTO task_events (task_id, on_date, at, who, action, detail) VALUES (?, ?, ?, 'playbook run', ?, ?)")
            self.runId = runId
            self.asOf = asOf.description
            self.at = at
        }

        func log(_ id: Int64, _ action: String, _ detail: String?) throws {
            event.bind(1, id); event.bind(2, asOf); event.bind(3, at); event.bind(4, action); event.bind(5, detail)
            try event.run()
        }

        package func apply(_ action: TaskAction, counts: inout RunCounts) throws {
            switch action {
            case .create(let k, let d):
                let s = insert
                s.bind(1, k.rule); s.bind(2, k.account); s.bind(3, k.item); s.bind(4, d.title); s.bind(5, d.description)
                s.bind(6, d.owner); s.bind(7, d.ownerIsFallback); s.bind(8, d.due?.description); s.bind(9, d.priority.rawValue)
                s.bind(10, JSONText.array(d.steps)); s.bind(11, JSONText.array(d.tags)); s.bind(12, d.phase)
                s.bind(13, d.explanation); s.bind(14, d.source); s.bind(15, asOf); s.bind(16, runId)
                try s.run()
                counts.created += 1
            case .keep:
                counts.kept += 1
            case .resolve(let id, _, let cause):
                resolve.bind(1, asOf); resolve.bind(2, cause.reason); resolve.bind(3, cause.code); resolve.bind(4, id)
                try resolve.run()
                try log(id, "resolved", cause.reason)
                counts.resolved += 1
            case .restore(let id, _, let status):
                restore.bind(1, status.rawValue); restore.bind(2, status.rawValue); restore.bind(3, id)
                try restore.run()
                try log(id, "restored", "its rule fires for it again")
                counts.restored += 1
            case .reassign(let id, _, let from, let to, let fallback):
                reassign.bind(1, to); reassign.bind(2, fallback); reassign.bind(3, id)
                try reassign.run()
                try log(id, "reassigned", "\(from) → \(to)")
                counts.reassigned += 1
            case .wake(let id, _):
                wake.bind(1, id)
                try wake.run()
                try log(id, "woken", "snooze ended")
                counts.woken += 1
                counts.kept += 1
            case .markCleared(let id, _):
                cleared.bind(1, asOf); cleared.bind(2, id)
                try cleared.run()
            case .wait:
                counts.waiting += 1
            case .startPending(let k, let since):
                pendingInsert.bind(1, k.rule); pendingInsert.bind(2, k.account); pendingInsert.bind(3, k.item); pendingInsert.bind(4, since.description)
                try pendingInsert.run()
            case .clearPending(let k):
                pendingDelete.bind(1, k.rule); pendingDelete.bind(2, k.account); pendingDelete.bind(3, k.item)
                try pendingDelete.run()
            }
        }
    }
}

/// Steps and tags are stored as JSON arrays of strings.
enum StoredList {
    static func parse(_ s: String?) -> [String] {
        guard let s, let data = s.data(using: .utf8), let a = try? JSONSerialization.jsonObject(with: data) as? [String] else { return [] }
        return a
    }
}
