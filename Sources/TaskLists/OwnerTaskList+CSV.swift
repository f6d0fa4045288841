/// One row per task for spreadsheets and mail merges, in the same order as the page (open tasks,
/// then snoozed ones). See `CSVText` for quoting and formula neutralising.
extension OwnerTaskList {
    static let csvHeader = [
        "task", "status", "overdue", "new", "due", "days_overdue", "priority", "account_id", "account", "account_phase",
        "stage", "health_score", "health_light", "health_date", "title", "why", "description", "steps", "rule",
        "created_on", "snoozed_until",
    ]

    package func csv() -> String {
        var out = CSVText.record(Self.csvHeader)
        for (g, l) in allTasks {
            let t = l.task, a = g.account
            out += CSVText.record([
                "\(t.id)", t.status.rawValue, l.isOverdue ? "yes" : "", l.isNew ? "yes" : "", t.due?.description ?? "",
                l.isOverdue ? "\(l.daysOverdue)" : "", t.priority.rawValue, a.id, a.displayName,
                a.phase.map(Phase.label) ?? "", a.stage?.rawValue ?? "", a.health?.score.map(Wording.number) ?? "",
                a.health?.light ?? "", a.health?.date.description ?? "", t.title, t.explanation, t.description ?? "",
                // Numbered lines in one cell: readable when the cell is opened, and never a
                // leading `-` that the formula guard would have to change.
                t.steps.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n"),
                t.rule, t.createdOn.description, t.snoozedUntil?.description ?? "",
            ])
        }
        return out
    }
}
