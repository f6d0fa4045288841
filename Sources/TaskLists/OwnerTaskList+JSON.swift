import PlaybookLanguage

/// The list for scripts and other tools: the same grouping and order as the page, with the
/// markers as booleans. Written by hand (flat, ordered, one task per line) with the project's
/// JSON quoting.
extension OwnerTaskList {
    package func json() -> String {
        var o = "{\n"
        o += "\"owner\":\(q(owner)),\"asOf\":\(q(asOf.description)),\"latestRun\":\(latestRun.map(String.init) ?? "null"),\n"
        o += "\"counts\":\(JSONRender.counts(counts)),\n"
        o += "\"accounts\":" + JSONRender.groups(open) + ",\n"
        o += "\"snoozed\":" + JSONRender.groups(snoozed) + "\n}\n"
        return o
    }
}

enum JSONRender {
    static func counts(_ c: ListCounts) -> String {
        "{\"open\":\(c.open),\"overdue\":\(c.overdue),\"new\":\(c.new),\"snoozed\":\(c.snoozed)}"
    }

    static func groups(_ groups: [AccountGroup]) -> String {
        if groups.isEmpty { return "[]" }
        return "[\n" + groups.map { g in
            account(g.account) + ",\"tasks\":[\n" + g.tasks.map(task).joined(separator: ",\n") + "\n]}"
        }.joined(separator: ",\n") + "\n]"
    }

    /// An account object, left open for its `tasks`.
    static func account(_ a: ReportAccount) -> String {
        let health = a.health.map { h in
            "{\"date\":\(q(h.date.description)),\"score\":\(h.score.map(number) ?? "null"),\"light\":\(opt(h.light))}"
        } ?? "null"
        return "{\"id\":\(q(a.id)),\"name\":\(opt(a.name)),\"phase\":\(a.phase.map(String.init) ?? "null"),"
            + "\"phaseName\":\(opt(a.phase.flatMap(Phase.name))),\"stage\":\(opt(a.stage?.rawValue)),\"health\":\(health)"
    }

    static func task(_ l: ListedTask) -> String {
        let t = l.task
        let fields: [(String, String)] = [
            ("id", "\(t.id)"), ("title", q(t.title)), ("description", opt(t.description)),
            ("due", opt(t.due?.description)), ("overdue", "\(l.isOverdue)"), ("daysOverdue", "\(l.daysOverdue)"),
            ("new", "\(l.isNew)"), ("priority", q(t.priority.rawValue)), ("status", q(t.status.rawValue)),
            ("snoozedUntil", opt(t.snoozedUntil?.description)), ("explanation", q(t.explanation)),
            ("steps", JSONText.array(t.steps)), ("rule", q(t.rule)), ("rulePhase", t.rulePhase.map(String.init) ?? "null"),
            ("createdOn", q(t.createdOn.description)), ("createdRun", "\(t.createdRun)"),
            ("ownerIsFallback", "\(t.ownerIsFallback)"),
        ]
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    /// JSON has no NaN or infinity.
    static func number(_ d: Double) -> String { d.isFinite ? Wording.number(d) : "null" }
    static func opt(_ s: String?) -> String { s.map(JSONText.quote) ?? "null" }
}

func q(_ s: String) -> String { JSONText.quote(s) }
