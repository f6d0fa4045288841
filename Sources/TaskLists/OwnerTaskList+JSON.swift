import PlaybookLanguage

/// The list for scripts and other tools: the same grouping and order as the page, with the
/// markers as booleans; one task per line.
extension OwnerTaskList {
    package func json() -> String {
        var o = JSONText.Object()
        o.lineBreak()
        o.add("owner", owner)
        o.add("asOf", asOf.description)
        o.add("latestRun", latestRun)
        o.lineBreak()
        o.add("counts", JSONRender.counts(counts))
        o.lineBreak()
        o.add("accounts", JSONRender.groups(open))
        o.lineBreak()
        o.add("snoozed", JSONRender.groups(snoozed))
        o.lineBreak()
        return o.text() + "\n"
    }
}

enum JSONRender {
    static func counts(_ c: ListCounts) -> JSONText.Value {
        var o = JSONText.Object()
        o.add("open", c.open)
        o.add("overdue", c.overdue)
        o.add("new", c.new)
        o.add("snoozed", c.snoozed)
        return o.value
    }

    static func groups(_ groups: [AccountGroup]) -> JSONText.Value {
        .array(groups.map { g in
            var o = account(g.account)
            o.add("tasks", .array(g.tasks.map(task), layout: .block))
            return o.value
        }, layout: groups.isEmpty ? .inline : .block)
    }

    /// An account object, left open for its `tasks`.
    static func account(_ a: ReportAccount) -> JSONText.Object {
        var o = JSONText.Object()
        o.add("id", a.id)
        o.add("name", a.name)
        o.add("phase", a.phase)
        o.add("phaseName", a.phase.flatMap(Phase.name))
        o.add("stage", a.stage?.rawValue)
        o.add("health", a.health.map { h in
            var ho = JSONText.Object()
            ho.add("date", h.date.description)
            ho.add("score", h.score.map { JSONText.Value.number($0, spelled: Wording.number) } ?? .null)
            ho.add("light", h.light)
            return ho.value
        } ?? .null)
        return o
    }

    static func task(_ l: ListedTask) -> JSONText.Value {
        let t = l.task
        var o = JSONText.Object()
        o.add("id", t.id)
        o.add("title", t.title)
        o.add("description", t.description)
        o.add("due", t.due?.description)
        o.add("overdue", l.isOverdue)
        o.add("daysOverdue", l.daysOverdue)
        o.add("new", l.isNew)
        o.add("priority", t.priority.rawValue)
        o.add("status", t.status.rawValue)
        o.add("snoozedUntil", t.snoozedUntil?.description)
        o.add("explanation", t.explanation)
        o.add("steps", .strings(t.steps))
        o.add("rule", t.rule)
        o.add("rulePhase", t.rulePhase)
        o.add("createdOn", t.createdOn.description)
        o.add("createdRun", t.createdRun)
        o.add("ownerIsFallback", t.ownerIsFallback)
        return o.value
    }
}
