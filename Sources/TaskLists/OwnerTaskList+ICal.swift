import PlaybookLanguage

/// An iCalendar file a CSM can import or subscribe to: one VTODO per open task that has a due
/// date (a to-do without one has no place on a calendar; it is still in the other files), none
/// for snoozed tasks. UIDs are the task numbers, so importing tomorrow's file updates today's
/// entries instead of duplicating them; DTSTAMP is the as-of date, so the file is deterministic.
extension OwnerTaskList {
    package func icalendar() -> String {
        var w = ICalWriter()
        w.raw("BEGIN", "VCALENDAR")
        w.raw("VERSION", "2.0")
        w.raw("PRODID", "-//Playbook//Task lists//EN")
        w.raw("CALSCALE", "GREGORIAN")
        w.text("X-WR-CALNAME", "Playbook: \(owner)")
        let stamp = ICalWriter.date(asOf) + "T000000Z"
        for g in open {
            for l in g.tasks {
                guard let due = l.task.due else { continue }
                let t = l.task
                w.raw("BEGIN", "VTODO")
                w.raw("UID", "task-\(t.id)@playbook")
                w.raw("DTSTAMP", stamp)
                w.raw("DUE;VALUE=DATE", ICalWriter.date(due))
                w.text("SUMMARY", t.title)
                w.raw("PRIORITY", "\(Wording.icalPriority(t.priority))")
                w.raw("STATUS", "NEEDS-ACTION")
                w.text("DESCRIPTION", description(g.account, l))
                w.raw("END", "VTODO")
            }
        }
        w.raw("END", "VCALENDAR")
        return w.output
    }

    private func description(_ a: ReportAccount, _ l: ListedTask) -> String {
        let t = l.task
        var lines = ["\(a.displayName): \(Wording.accountLine(a))"]
        var marks: [String] = []
        if l.isOverdue { marks.append("OVERDUE") }
        if l.isNew { marks.append("NEW") }
        lines.append((marks + ["task #\(t.id)", "priority \(t.priority.rawValue)"]).joined(separator: " · "))
        lines.append("Why: " + collapseWhitespace(t.explanation))
        if let d = t.description, !d.isEmpty { lines.append(d) }
        if !t.steps.isEmpty {
            lines.append("Steps:")
            lines += t.steps.enumerated().map { "\($0.offset + 1). \($0.element)" }
        }
        return lines.joined(separator: "\n")
    }
}
