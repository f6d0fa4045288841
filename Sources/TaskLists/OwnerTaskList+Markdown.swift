import PlaybookLanguage

/// The list as Markdown: renders on GitHub, in wikis and most mail clients that understand it,
/// and reads as plain text in the rest (the cron example mails it as the message body). Every
/// piece of repository text goes through `MarkdownText.escape`.
extension OwnerTaskList {
    package func markdown() -> String {
        let e = MarkdownText.escape
        var o = "# \(e(Wording.title(self)))\n\n"
        o += MarkdownRender.summary(counts) + "\n\n"
        o += "Most pressing first: **OVERDUE** tasks (due before \(asOf)), then by due date, then priority. "
        o += "**NEW** marks tasks \(Wording.newMeaning(latestRun)).\n"
        if open.isEmpty { o += "\nNo open tasks.\n" }
        for g in open {
            o += MarkdownRender.account(g.account)
            for l in g.tasks { o += MarkdownRender.task(l, asOf: asOf) }
        }
        if !snoozed.isEmpty {
            o += "\n## Snoozed (\(counts.snoozed))\n\nNo action needed until the date shown; they return to the list then.\n"
            for g in snoozed {
                o += "\n### \(e(g.account.displayName))\n\n"
                for l in g.tasks {
                    o += "- \(e(l.task.title)) (\(Wording.snoozed(l.task)), task #\(l.task.id))\n"
                }
            }
        }
        return o
    }
}

enum MarkdownRender {
    static func summary(_ c: ListCounts) -> String {
        "\(c.open) open · \(c.overdue) overdue · \(c.new) new · \(c.snoozed) snoozed"
    }

    static func account(_ a: ReportAccount) -> String {
        "\n## \(MarkdownText.escape(a.displayName))\n\n\(MarkdownText.escape(Wording.accountLine(a)))\n"
    }

    static func task(_ l: ListedTask, asOf: CivilDate) -> String {
        let e = MarkdownText.escape
        let t = l.task
        var marks: [String] = []
        if l.isOverdue { marks.append("**OVERDUE**") }
        if l.isNew { marks.append("**NEW**") }
        var o = "\n- **\(e(t.title))**\n\n"
        o += "  " + (marks + [e(Wording.due(l, asOf: asOf)), "priority \(t.priority.rawValue)", "task #\(t.id)"])
            .joined(separator: " · ") + "\n\n"
        o += "  Why: \(MarkdownText.code(t.explanation))\n"
        if let d = t.description, !d.isEmpty { o += "\n  \(e(d))\n" }
        if !t.steps.isEmpty {
            o += "\n  Steps:\n\n"
            for s in t.steps { o += "  - [ ] \(e(s))\n" }
        }
        return o
    }
}
