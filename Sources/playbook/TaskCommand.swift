import CentralRepository
import Foundation
import Import
import PlaybookLanguage

/// `playbook task done|dismiss|reopen|snooze ID`: what a CSM does with a task.
enum TaskCommand {
    static let spec = CommandSpec(
        name: "task",
        abstract: "Mark a task done, dismiss it, reopen it, or snooze it until a date",
        usage: "playbook task done|dismiss|reopen <id> [--by NAME] [--note TEXT]\n       playbook task snooze <id> --until YYYY-MM-DD [--by NAME] [--note TEXT]",
        discussion: """
            Each change is recorded with who made it (--by, default $USER) and when. A task marked
            done or dismissed does not come back while its condition keeps holding, unless its
            rule has a cooldown that has passed; when the condition clears and later returns, that
            is a new task. A snoozed task stays quiet until its date.
            """,
        options: RepositoryOptions.options + [
            OptionSpec(name: "until", valueName: "YYYY-MM-DD", help: "For snooze: the day the task comes back"),
            OptionSpec(name: "by", valueName: "name", help: "Who is making the change (default: $USER)"),
            OptionSpec(name: "note", valueName: "text", help: "A note kept with the change"),
            OptionSpec(name: "as-of", valueName: "YYYY-MM-DD", help: "The day the change counts from (default: today)"),
        ],
        maxPositionals: 2)

    static func run(_ args: ParsedArguments, console: Console) -> ExitStatus {
        let change: Repository.TaskChange
        let id: Int64
        let today: CivilDate
        do throws(UsageError) {
            guard args.positionals.count == 2 else {
                throw UsageError("expected an action and a task number, as in `playbook task done 12`", command: spec.name)
            }
            guard let n = Int64(args.positionals[1].trimmingCharacters(in: CharacterSet(charactersIn: "#"))), n > 0 else {
                throw UsageError("`\(args.positionals[1])` is not a task number", command: spec.name)
            }
            id = n
            today = try RepositoryOptions.asOf(args, command: spec.name)
            switch args.positionals[0] {
            case "done": change = .done
            case "dismiss": change = .dismiss
            case "reopen": change = .reopen
            case "snooze":
                guard let u = args.value("until") else { throw UsageError("snooze needs --until YYYY-MM-DD", command: spec.name) }
                guard let d = CivilDate.parse(u) else { throw UsageError("--until takes YYYY-MM-DD, not `\(u)`", command: spec.name) }
                change = .snooze(until: d)
            case let other:
                throw UsageError("unknown action `\(other)` (done, dismiss, reopen or snooze)", command: spec.name,
                                 suggestion: Suggestions.closest(to: other, in: ["done", "dismiss", "reopen", "snooze"]))
            }
        } catch {
            return console.fail(error)
        }
        let env = RepositoryOptions.environment
        let who = UnicodeText.nfc(args.value("by") ?? env["USER"] ?? env["LOGNAME"] ?? "unknown")
        let (repo, status) = RepositoryOptions.open(args, create: false, command: spec.name, console: console)
        guard let repo else { return status }
        do {
            let wait = try RepositoryOptions.wait(args, command: spec.name)
            let t = try repo.change(id, change, by: who, on: today, at: RepositoryOptions.now(), note: args.value("note"), wait: wait)
            console.out(TaskText.line(t) + "\n")
            return .success
        } catch {
            return console.fail(error)
        }
    }
}
