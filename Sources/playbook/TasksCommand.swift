import CentralRepository
import Import
import PlaybookEngine
import PlaybookLanguage
import TaskLists

/// `playbook tasks`: list tasks, filtered, as text or JSON.
enum TasksCommand {
    static let spec = CommandSpec(
        name: "tasks",
        abstract: "List tasks, filtered by owner, account, status, due date or phase",
        usage: "playbook tasks [--owner NAME] [--account ID] [--status open,snoozed,…|all] [--due-before YYYY-MM-DD] [--phase N] [--format text|json]",
        discussion: """
            Lists open and snoozed tasks unless --status says otherwise (a comma-separated list of
            open, snoozed, done, dismissed, resolved, or `all`). Sorted by due date (tasks without
            one last), then priority. Each line shows the task number used by `playbook explain`
            and `playbook task`.
            """,
        options: RepositoryOptions.options + [
            OptionSpec(name: "owner", valueName: "name", help: "Only tasks owned by this person"),
            OptionSpec(name: "account", valueName: "id", help: "Only tasks of this account"),
            OptionSpec(name: "status", valueName: "list", help: "Statuses to show (default: open,snoozed)"),
            OptionSpec(name: "due-before", valueName: "YYYY-MM-DD", help: "Only tasks due before this date"),
            OptionSpec(name: "phase", valueName: "1-7", help: "Only tasks of rules in this phase"),
            OptionSpec(name: "group", valueName: "owner|account|none", help: "Group the text listing (default: none)"),
            OptionSpec(name: "as-of", valueName: "YYYY-MM-DD", help: "The day that decides what is overdue (default: today)"),
            OptionSpec(name: "format", valueName: "text|json", help: "Output format (default: text)"),
        ],
        maxPositionals: 0)

    static func run(_ args: ParsedArguments, console: Console) -> ExitStatus {
        var filter = Repository.TaskFilter()
        let format: OutputFormat
        let today: CivilDate
        do throws(UsageError) {
            format = try OutputFormat.parse(args.value("format"), command: spec.name)
            today = try RepositoryOptions.asOf(args, command: spec.name)
            filter.owner = args.value("owner").map(UnicodeText.nfc)
            filter.account = args.value("account").map(UnicodeText.nfc)
            if let s = args.value("status") {
                if s == "all" { filter.statuses = TaskStatus.allCases } else {
                    filter.statuses = try s.split(separator: ",").map { part throws(UsageError) -> TaskStatus in
                        let name = part.trimmingCharacters(in: .whitespaces)
                        guard let st = TaskStatus(rawValue: name) else {
                            throw UsageError("unknown status `\(name)`", command: spec.name,
                                             suggestion: Suggestions.closest(to: name, in: TaskStatus.allCases.map(\.rawValue) + ["all"]))
                        }
                        return st
                    }
                }
            }
            if let d = args.value("due-before") {
                guard let date = CivilDate.parse(d) else { throw UsageError("--due-before takes YYYY-MM-DD, not `\(d)`", command: spec.name) }
                filter.dueBefore = date
            }
            if let g = args.value("group"), !["owner", "account", "none"].contains(g) {
                throw UsageError("--group takes owner, account or none, not `\(g)`", command: spec.name,
                                 suggestion: Suggestions.closest(to: g, in: ["owner", "account", "none"]))
            }
            if let p = args.value("phase") {
                guard let n = Int(p), (1...7).contains(n) else { throw UsageError("--phase takes a number from 1 to 7, not `\(p)`", command: spec.name) }
                filter.phase = n
            }
        } catch {
            return console.fail(error)
        }
        let (repo, status) = RepositoryOptions.open(args, create: false, command: spec.name, console: console)
        guard let repo else { return status }
        do {
            let tasks = try repo.tasks(filter)
            switch format {
            case .text:
                var out = BufferedOutput(console: console)
                switch args.value("group") ?? "none" {
                case "owner", "account":
                    let byOwner = args.value("group") == "owner"
                    var groups: [String: [StoredTask]] = [:]
                    for t in tasks { groups[byOwner ? t.owner : (t.accountName ?? t.key.account), default: []].append(t) }
                    for name in groups.keys.sorted() {
                        let list = groups[name]!
                        out.write("\n\(PlainText.line(name)): \(list.count) task\(list.count == 1 ? "" : "s")\n")
                        for t in list { out.write("  " + TaskText.line(t, today: today) + "\n") }
                    }
                default:
                    for t in tasks { out.write(TaskText.line(t, today: today) + "\n") }
                }
                out.flush()
                console.err("\(tasks.count) task\(tasks.count == 1 ? "" : "s")\n")
            case .json:
                console.out(JSONText.Value.array(tasks.map(TaskText.json), layout: .lines).text() + "\n")
            }
            return .success
        } catch {
            return console.fail(error)
        }
    }
}

import Foundation

/// How stored tasks read on a terminal and in JSON.
enum TaskText {
    /// - Parameter today: marks tasks due before it as overdue (nil: no marking).
    static func line(_ t: StoredTask, today: CivilDate? = nil) -> String {
        let overdue = t.status.isActive && today != nil && t.due.map { $0 < today! } == true
        let due = (t.due?.description ?? "no due date") + (overdue ? " OVERDUE" : "")
        let state = t.status == .open ? "" : " [\(t.status.rawValue)\(t.snoozedUntil.map { " until \($0)" } ?? "")]"
        let text = PlainText.line
        return "#\(t.id)  \(due)  \(t.priority.rawValue)  \(text(t.owner))\(t.ownerIsFallback ? " (fallback)" : "")  \(account(t)): \(text(t.title))\(state)"
    }

    /// `Name (id)`, or the id alone, escaped for the terminal.
    static func account(_ t: StoredTask) -> String {
        let id = PlainText.line(t.key.account)
        return t.accountName.map { "\(PlainText.line($0)) (\(id))" } ?? id
    }

    static func json(_ t: StoredTask) -> JSONText.Value {
        var o = JSONText.Object()
        o.add("id", t.id)
        o.add("rule", t.key.rule)
        o.add("account", t.key.account)
        o.add("accountName", t.accountName)
        o.add("item", t.key.item)
        o.add("status", t.status.rawValue)
        o.add("title", t.title)
        o.add("description", t.description)
        o.add("owner", t.owner)
        o.add("ownerIsFallback", t.ownerIsFallback)
        o.add("due", t.due?.description)
        o.add("priority", t.priority.rawValue)
        o.add("steps", .strings(t.steps))
        o.add("tags", .strings(t.tags))
        o.add("phase", t.phase)
        o.add("explanation", t.explanation)
        o.add("ruleSource", t.ruleSource)
        o.add("createdOn", t.createdOn.description)
        o.add("resolvedOn", t.resolvedOn?.description)
        o.add("resolvedReason", t.resolvedReason)
        o.add("closedOn", t.closedOn?.description)
        o.add("closedBy", t.closedBy)
        o.add("snoozedUntil", t.snoozedUntil?.description)
        return o.value
    }
}
