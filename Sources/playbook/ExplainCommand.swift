import CentralRepository
import PlaybookLanguage
import TaskLists

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
            return console.fail(UsageError("expected a task number, as in `playbook explain 12`", command: spec.name))
        }
        let (repo, status) = RepositoryOptions.open(args, create: false, command: spec.name, console: console)
        guard let repo else { return status }
        do {
            let t = try repo.task(id)
            // Everything but the numbers and dates is data: one line each, no control characters.
            let text = PlainText.line
            var s = "Task #\(t.id): \(text(t.title))\n"
            s += "  status:   \(t.status.rawValue)\(t.snoozedUntil.map { " until \($0)" } ?? "")\n"
            s += "  account:  \(TaskText.account(t))\(t.key.item.isEmpty ? "" : ", item \(text(t.key.item))")\n"
            s += "  owner:    \(text(t.owner))\(t.ownerIsFallback ? " (fallback: the rule's owner expression named nobody)" : "")\n"
            s += "  due:      \(t.due?.description ?? "no due date"), priority \(t.priority.rawValue)\n"
            s += "  rule:     \(text(t.key.rule)) at \(text(t.ruleSource))\n"
            s += "  created:  as of \(t.createdOn)\n"
            s += "  because:  \(text(t.explanation))\n"
            if let d = t.description { s += "\n" + paragraph(d) }
            if !t.steps.isEmpty { s += "\n" + t.steps.map { "  [ ] \(text($0))\n" }.joined() }
            let events = try repo.events(of: id)
            if !events.isEmpty {
                s += "\nHistory:\n"
                for e in events { s += "  \(e.onDate)  \(text(e.action)) by \(text(e.who))\(e.detail.map { ": \(text($0))" } ?? "")\n" }
            }
            console.out(s)
            return .success
        } catch {
            return console.fail(error)
        }
    }

    /// A description keeps its lines (any of LF, CR, CRLF), each indented and escaped, so no
    /// line of it starts at the margin of a log.
    static func paragraph(_ d: String) -> String {
        d.unicodeScalars.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r" }
            .map { PlainText.line(String(String.UnicodeScalarView($0))) }
            .filter { !$0.isEmpty }
            .map { "  \($0)\n" }.joined()
    }
}
