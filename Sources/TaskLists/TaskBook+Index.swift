import PlaybookLanguage

/// What CS leaders see: open, overdue, new and snoozed counts by CSM, by the account's phase and
/// by priority. Counts and CSM names only: no account, title or explanation reaches these files,
/// so they can go to anyone who may see the team's workload.
extension TaskBook {
    /// Rows by CSM, each linking to that CSM's page.
    var byOwner: [(row: CountRow, slug: String)] {
        lists.map { (CountRow(label: $0.owner, counts: $0.counts), $0.slug) }
    }

    package func indexHTML() -> String {
        var b = "<header>\n<h1>Task lists as of \(asOf)</h1>\n"
        b += "<p class=\"lede\">\(Wording.plural(lists.count, "CSM")) · new: \(Wording.newMeaning(latestRun))</p>\n"
        b += "<ul class=\"summary\"><li><b>\(total.open)</b>open</li>"
        b += "<li class=\"\(total.overdue > 0 ? "alert" : "")\"><b>\(total.overdue)</b>overdue</li>"
        b += "<li><b>\(total.new)</b>new</li><li><b>\(total.snoozed)</b>snoozed</li></ul>\n</header>\n"
        b += table("By CSM", "CSM", byOwner.map { ("<a href=\"\($0.slug).html\">\(HTMLText.escape($0.row.label))</a>", $0.row.counts) })
        b += table("By account phase", "Phase", byPhase.map { (HTMLText.escape($0.label), $0.counts) })
        b += table("By priority", "Priority", byPriority.map { (HTMLText.escape($0.label), $0.counts) })
        b += "<footer>Overdue: open and due before \(asOf). Snoozed tasks are not counted as open. "
        b += "Each CSM's page holds only their own accounts.</footer>\n"
        return HTMLPage.document(title: "Task lists as of \(asOf)", style: Self.indexStyle, body: b)
    }

    /// `cells` are already HTML.
    private func table(_ caption: String, _ first: String, _ rows: [(cells: String, counts: ListCounts)]) -> String {
        var t = "<section>\n<h2>\(caption)</h2>\n<div class=\"scroll\"><table>\n"
        t += "<thead><tr><th scope=\"col\">\(first)</th><th scope=\"col\">Open</th><th scope=\"col\">Overdue</th>"
        t += "<th scope=\"col\">New</th><th scope=\"col\">Snoozed</th></tr></thead>\n<tbody>\n"
        for r in rows {
            let c = r.counts
            t += "<tr><th scope=\"row\">\(r.cells)</th><td>\(c.open)</td><td class=\"\(c.overdue > 0 ? "late" : "")\">\(c.overdue)</td>"
            t += "<td>\(c.new)</td><td>\(c.snoozed)</td></tr>\n"
        }
        t += "</tbody>\n<tfoot><tr><th scope=\"row\">Total</th><td>\(total.open)</td><td>\(total.overdue)</td>"
        t += "<td>\(total.new)</td><td>\(total.snoozed)</td></tr></tfoot>\n</table></div>\n</section>\n"
        return t
    }

    static let indexStyle = """
        h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
        .scroll { overflow-x: auto; background: var(--card); border: 1px solid var(--line); border-radius: .7rem; }
        /* Fixed layout: the three tables line their number columns up under each other. */
        table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; table-layout: fixed; }
        th:first-child { width: 40%; }
        th, td { padding: .5rem .75rem; border-bottom: 1px solid var(--line); text-align: right; }
        th:first-child { text-align: left; font-weight: 500; }
        thead th { font-size: .85rem; color: var(--muted); font-weight: 600; background: #f9fafb; }
        tfoot th, tfoot td { font-weight: 700; border-bottom: 0; }
        td.late { color: var(--red); font-weight: 700; }
        a { color: var(--blue); }
        /* A phone has no room for aligned columns: numbers and their headings keep to one line,
           names take what is left. */
        @media (max-width: 40rem) {
          table { table-layout: auto; }
          th:first-child { width: auto; }
          th, td { padding: .45rem .35rem; }
          thead th { font-size: .75rem; }
          td, th:not(:first-child) { white-space: nowrap; overflow-wrap: normal; }
        }

        """

    package func indexMarkdown() -> String {
        var o = "# Task lists as of \(asOf)\n\n"
        o += "\(total.open) open · \(total.overdue) overdue · \(total.new) new · \(total.snoozed) snoozed · "
        o += "\(Wording.plural(lists.count, "CSM")); new: \(Wording.newMeaning(latestRun))\n"
        func table(_ title: String, _ first: String, _ rows: [CountRow]) {
            o += "\n## \(title)\n\n| \(first) | Open | Overdue | New | Snoozed |\n|---|--:|--:|--:|--:|\n"
            for r in rows + [CountRow(label: "**Total**", counts: total)] {
                let label = r.label == "**Total**" ? r.label : MarkdownText.escape(r.label)
                o += "| \(label) | \(r.counts.open) | \(r.counts.overdue) | \(r.counts.new) | \(r.counts.snoozed) |\n"
            }
        }
        table("By CSM", "CSM", byOwner.map(\.row))
        table("By account phase", "Phase", byPhase)
        table("By priority", "Priority", byPriority)
        return o
    }

    package func indexJSON() -> String {
        func rows(_ rows: [CountRow], slugs: [String]? = nil) -> JSONText.Value {
            .array(rows.enumerated().map { n, r in
                var o = JSONText.Object()
                o.add("name", r.label)
                if let slugs { o.add("slug", slugs[n]) }
                o.add("counts", JSONRender.counts(r.counts))
                return o.value
            }, layout: .block)
        }
        var o = JSONText.Object()
        o.add("asOf", asOf.description)
        o.add("latestRun", latestRun)
        o.add("total", JSONRender.counts(total))
        o.lineBreak()
        o.add("byOwner", rows(byOwner.map(\.row), slugs: byOwner.map(\.slug)))
        o.lineBreak()
        o.add("byPhase", rows(byPhase))
        o.lineBreak()
        o.add("byPriority", rows(byPriority))
        o.lineBreak()
        return o.text() + "\n"
    }

    /// For shell loops (see docs/cron.md): `slug TAB owner TAB open TAB overdue TAB new`, one
    /// line per CSM. Tabs, line breaks and other control characters in a name become spaces, so
    /// a line is always one CSM and `read` splits it right.
    package func ownersTSV() -> String {
        lists.map { l in
            let name = String(String.UnicodeScalarView(l.owner.unicodeScalars.map { HTMLText.isControl($0) ? " " : $0 }))
            return "\(l.slug)\t\(name)\t\(l.counts.open)\t\(l.counts.overdue)\t\(l.counts.new)\n"
        }.joined()
    }
}
