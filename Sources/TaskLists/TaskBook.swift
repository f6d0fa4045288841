import PlaybookEngine
import PlaybookLanguage

/// A task as listed: the stored task plus the markers computed for the as-of date.
package struct ListedTask: Sendable {
    package var task: ReportTask
    /// Due before the as-of date (a task due today is not yet overdue).
    package var isOverdue: Bool
    /// Created by the latest run: new since the CSM's previous list.
    package var isNew: Bool
    /// Days past the due date; 0 unless overdue.
    package var daysOverdue: Int

    init(_ t: ReportTask, asOf: CivilDate, latestRun: Int64?) {
        task = t
        let late = t.due.map { Int(asOf.daysSinceEpoch - $0.daysSinceEpoch) } ?? 0
        isOverdue = t.status == .open && late > 0
        daysOverdue = isOverdue ? late : 0
        isNew = latestRun != nil && t.createdRun == latestRun
    }

    /// Overdue first, then soonest due (undated last), then most urgent, then oldest task.
    /// Overdue tasks are already the earliest due; the flag keeps the order right even if a
    /// caller ever lists a snoozed task that is past its due date among open ones.
    var sortKey: (Int, Int32, Int, Int64) {
        (isOverdue ? 0 : 1, task.due?.daysSinceEpoch ?? .max, Self.rank(task.priority), task.id)
    }

    static func rank(_ p: Priority) -> Int {
        switch p {
        case .urgent: 0
        case .high: 1
        case .normal: 2
        case .low: 3
        }
    }

    static func precedes(_ a: ListedTask, _ b: ListedTask) -> Bool { a.sortKey < b.sortKey }
}

/// One account's tasks within a CSM's list.
package struct AccountGroup: Sendable {
    package var account: ReportAccount
    package var tasks: [ListedTask]
}

package struct ListCounts: Sendable, Equatable {
    package var open = 0, overdue = 0, new = 0, snoozed = 0
    package init() {}

    mutating func add(_ t: ListedTask) {
        if t.task.status == .snoozed { snoozed += 1; return }
        open += 1
        if t.isOverdue { overdue += 1 }
        if t.isNew { new += 1 }
    }
}

/// One CSM's list, ordered and grouped the way they will work through it.
package struct OwnerTaskList: Sendable {
    package var owner: String
    /// Base name of this CSM's files (`ana-ruiz` → `ana-ruiz.html`, …); see `FileNames`.
    package var slug: String
    package var asOf: CivilDate
    package var latestRun: Int64?
    /// Open tasks by account; the account with the most pressing task first.
    package var open: [AccountGroup]
    /// Snoozed tasks, listed apart: they need no action until their date.
    package var snoozed: [AccountGroup]
    package var counts: ListCounts

    /// Every task of the list in reading order: open ones, then snoozed ones.
    package var allTasks: [(AccountGroup, ListedTask)] {
        (open + snoozed).flatMap { g in g.tasks.map { (g, $0) } }
    }
}

/// Counts for the leaders' index: one row per CSM, phase or priority.
package struct CountRow: Sendable, Equatable {
    package var label: String
    package var counts: ListCounts
}

/// Every CSM's list for one as-of date, and the counts CS leaders see.
package struct TaskBook: Sendable {
    package var asOf: CivilDate
    package var latestRun: Int64?
    /// Sorted by owner name.
    package var lists: [OwnerTaskList]
    package var total: ListCounts
    /// By the account's current phase (1–7, then `no phase`).
    package var byPhase: [CountRow]
    /// Urgent, high, normal, low.
    package var byPriority: [CountRow]

    package init(_ input: TaskListInput) {
        asOf = input.asOf
        latestRun = input.latestRun
        let listed = input.tasks.filter { $0.status.isActive }
            .map { ListedTask($0, asOf: input.asOf, latestRun: input.latestRun) }
        var byOwner: [String: [ListedTask]] = [:]
        for t in listed { byOwner[t.task.owner, default: []].append(t) }
        let slugs = FileNames.assign(Array(byOwner.keys))
        lists = byOwner.keys.sorted().map { owner in
            let tasks = byOwner[owner]!
            var counts = ListCounts()
            tasks.forEach { counts.add($0) }
            return OwnerTaskList(
                owner: owner, slug: slugs[owner]!, asOf: input.asOf, latestRun: input.latestRun,
                open: Self.group(tasks.filter { $0.task.status == .open }),
                snoozed: Self.group(tasks.filter { $0.task.status == .snoozed }, snoozed: true),
                counts: counts)
        }
        total = ListCounts()
        var phase: [Int: ListCounts] = [:]
        var priority: [Priority: ListCounts] = [:]
        for t in listed {
            total.add(t)
            phase[t.task.account.phase ?? 0, default: ListCounts()].add(t)
            priority[t.task.priority, default: ListCounts()].add(t)
        }
        byPhase = phase.keys.sorted { ($0 == 0 ? 99 : $0) < ($1 == 0 ? 99 : $1) }
            .map { CountRow(label: $0 == 0 ? "no phase" : Phase.label($0), counts: phase[$0]!) }
        byPriority = Priority.allCases.sorted { ListedTask.rank($0) < ListedTask.rank($1) }
            .compactMap { p in priority[p].map { CountRow(label: p.rawValue, counts: $0) } }
    }

    /// Groups by account, each group ordered, the group with the most pressing task first
    /// (snoozed: the one that wakes first), ties by account name then id.
    static func group(_ tasks: [ListedTask], snoozed: Bool = false) -> [AccountGroup] {
        var groups: [String: AccountGroup] = [:]
        for t in tasks {
            groups[t.task.account.id, default: AccountGroup(account: t.task.account, tasks: [])].tasks.append(t)
        }
        func wake(_ g: AccountGroup) -> Int32 { g.tasks.compactMap { $0.task.snoozedUntil?.daysSinceEpoch }.min() ?? .max }
        return groups.values.map { g in
            var g = g
            g.tasks.sort(by: ListedTask.precedes)
            return g
        }.sorted { a, b in
            if snoozed, wake(a) != wake(b) { return wake(a) < wake(b) }
            let ka = a.tasks[0].sortKey, kb = b.tasks[0].sortKey
            if ka.0 != kb.0 || ka.1 != kb.1 || ka.2 != kb.2 { return (ka.0, ka.1, ka.2) < (kb.0, kb.1, kb.2) }
            if a.account.displayName != b.account.displayName { return a.account.displayName < b.account.displayName }
            return a.account.id < b.account.id
        }
    }
}
