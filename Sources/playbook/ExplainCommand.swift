import CentralRepository
import PlaybookLanguage

/// `playbook explain ID`: why a task exists, from what the run that created it saw.
enum ExplainCommand {
    static let spec = CommandSpec(
        name: "explain",
        abstract: "Show why a task exists: its rule and the values that made the condition true",
        usage: "playbook explain <id>",
        discussion: """
            Prints the task, the rule that created it (identity and file:line), the evaluation date,
            and the rule's condition with the values it had, such as
            `account.health.score (52) < health_floor (60)`, followed by the task's history.
            """,
        options: RepositoryOptions.options,
        maxPositionals: 1)

    static func run(_ args: ParsedArguments, console: Console) -> ExitStatus {
        guard let raw = args.positionals.first, let id = Int64(raw.filter { $0 != "#" }), id > 0 else {
            console.err("error: expected a task number, as in `playbook explain 12`\nsee `playbook explain --help`\n")
            return .usage
        }
        let (repo, status) = RepositoryOptions.open(args, create: false, command: spec.name, console: console)
        guard let repo else { return status }
        do {
            let t = try repo.task(id)
            var s = "Task #\(t.id): \(t.title)\n"
            s += "  status:   \(t.status.rawValue)\(t.snoozedUntil.map { " until \($0)" } ?? "")\n"
            s += "  account:  \(t.accountName.map { "\($0) (\(t.key.account))" } ?? t.key.account)\(t.key.item.isEmpty ? "" : ", item \(t.key.item)")\n"
            s += "  owner:    \(t.owner)\(t.ownerIsFallback ? " (fallback: the rule's owner expression named nobody)" : "")\n"
            s += "  due:      \(t.due?.description ?? "no due date"), priority \(t.priority.rawValue)\n"
            s += "  rule:     \(t.key.rule) at \(t.ruleSource)\n"
            s += "  created:  as of \(t.createdOn)\n"
            s += "  because:  \(t.explanation)\n"
            if let d = t.description { s += "\n  \(d)\n" }
            if !t.steps.isEmpty { s += "\n" + t.steps.map { "  [ ] \($0)\n" }.joined() }
            let events = try repo.events(of: id)
            if !events.isEmpty {
                s += "\nHistory:\n"
                for e in events { s += "  \(e.onDate)  \(e.action) by \(e.who)\(e.detail.map { ": \($0)" } ?? "")\n" }
            }
            console.out(s)
            return .success
        } catch {
            return RepositoryOptions.report(error, console: console)
        }
    }
}
