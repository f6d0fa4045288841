import PlaybookLanguage

/// The phrases every format shares, so a task reads the same in the page, the e-mail and the
/// calendar.
enum Wording {
    static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

    /// `72`, `64.5`: one decimal at most, without Foundation's locale-dependent formatting.
    static func number(_ d: Double) -> String {
        guard d.isFinite else { return "?" }
        let r = (d * 10).rounded() / 10
        if r == r.rounded(), abs(r) < 1e15 { return String(Int64(r)) }
        return String(r)
    }

    /// `72% amber on 2026-11-01`, or nil when nothing is recorded.
    static func health(_ h: ReportHealth?) -> String? {
        guard let h, h.score != nil || h.light != nil else { return nil }
        let parts = [h.score.map { number($0) + "%" }, h.light].compactMap { $0 }
        return parts.joined(separator: " ") + " on \(h.date)"
    }

    /// The traffic light as a CSS class; only known lights, never text from the repository.
    static func lightClass(_ h: ReportHealth?) -> String {
        switch h?.light?.lowercased() {
        case "red": "red"
        case "amber", "yellow": "amber"
        case "green": "green"
        default: "none"
        }
    }

    static func phase(_ a: ReportAccount) -> String { a.phase.map { "phase " + Phase.label($0) } ?? "no phase recorded" }

    /// `phase 6 Value realization · C. Ongoing · health 72% amber on 2026-11-01`.
    static func accountLine(_ a: ReportAccount) -> String {
        var parts = [phase(a)]
        if let s = a.stage { parts.append("stage " + s.rawValue) }
        parts.append(health(a.health).map { "health " + $0 } ?? "no health score recorded")
        return parts.joined(separator: " · ")
    }

    /// `due 2026-11-18, 5 days overdue`, `due today (2026-11-23)`, `no due date`.
    /// - Parameter date: how a date is written; the page wraps it so it never breaks at a hyphen.
    static func due(_ t: ListedTask, asOf: CivilDate, date: (CivilDate) -> String = { $0.description }) -> String {
        guard let due = t.task.due else { return "no due date" }
        if t.isOverdue { return "due \(date(due)), \(plural(t.daysOverdue, "day")) overdue" }
        switch Int(due.daysSinceEpoch - asOf.daysSinceEpoch) {
        case 0: return "due today (\(date(due)))"
        case 1: return "due tomorrow (\(date(due)))"
        case let n where n > 1: return "due \(date(due)), in \(n) days"
        default: return "due \(date(due))"
        }
    }

    static func snoozed(_ t: ReportTask) -> String {
        t.snoozedUntil.map { "snoozed until \($0)" } ?? "snoozed"
    }

    /// iCalendar PRIORITY: 1 is highest, 9 lowest (RFC 5545 3.8.1.9).
    static func icalPriority(_ p: Priority) -> Int {
        switch p {
        case .urgent: 1
        case .high: 3
        case .normal: 5
        case .low: 9
        }
    }

    static func title(_ list: OwnerTaskList) -> String { "Tasks for \(list.owner), as of \(list.asOf)" }

    static func newMeaning(_ latestRun: Int64?) -> String {
        latestRun.map { "created by the latest run (#\($0))" } ?? "no run recorded yet"
    }
}
