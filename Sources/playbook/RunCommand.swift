import CentralRepository
import Foundation
import PlaybookEngine
import PlaybookLanguage

/// `playbook plan` and `playbook run`: evaluate the playbooks against the repository as of a
/// date. `plan` writes nothing and lists what `run` would do; `run` does it in one transaction.
enum RunCommand {
    static func spec(dryRun: Bool) -> CommandSpec {
        CommandSpec(
            name: dryRun ? "plan" : "run",
            abstract: dryRun ? "Show what a run would create, keep and resolve, without writing anything"
                : "Evaluate the playbooks and create, keep or resolve tasks in the repository",
            usage: "playbook \(dryRun ? "plan" : "run") [options] [<playbook path> ...]",
            discussion: """
                Playbooks are read from the paths given (files or directories), default `Playbooks/`;
                any error in them stops the \(dryRun ? "plan" : "run") before the repository is touched.
                Every rule is evaluated for every account it applies to, as of the date: data dated
                later is invisible. \(dryRun ? "Each task that would be created, resolved, reassigned or woken is listed with its reason; kept tasks are counted." : "The whole run is one transaction: it happens completely or not at all, and a run started while another holds the repository waits up to --wait seconds, then exits with status 3.")
                See docs/cron.md.
                """,
            options: RepositoryOptions.options + RepositoryOptions.dateOptions + [
                OptionSpec(name: "fallback-owner", valueName: "name",
                           help: "Owner of tasks whose owner expression names nobody (default: $PLAYBOOK_FALLBACK_OWNER, else unassigned)"),
                OptionSpec(name: "format", valueName: "text|json", help: "Output format (default: text)"),
            ] + (dryRun ? [] : [
                OptionSpec(name: "report", valueName: "dir",
                           help: "After the run, write each CSM's task list and the leaders' index here, as `playbook report` does"),
            ]),
            maxPositionals: nil)
    }

    static func run(_ args: ParsedArguments, console: Console, dryRun: Bool) -> ExitStatus {
        let name = dryRun ? "plan" : "run"
        let format: OutputFormat
        let asOf: CivilDate
        do {
            format = try OutputFormat.parse(args.value("format"), command: name)
            asOf = try RepositoryOptions.asOf(args, command: name)
        } catch {
            console.err("error: \(error.message)\n\(error.helpHint)\n")
            return .usage
        }
        let workspace = Workspace.load(paths: args.positionals.isEmpty ? [CheckCommand.defaultPath] : args.positionals)
        if workspace.hasErrors {
            console.err(DiagnosticRenderer.text(workspace.diagnostics.sorted, sources: workspace.sources))
            console.err(DiagnosticRenderer.summary(workspace.diagnostics) + "\nerror: the playbooks have errors; nothing was evaluated\n")
            return .failure
        }
        let (repo, status) = RepositoryOptions.open(args, create: false, command: name, console: console)
        guard let repo else { return status }
        let fallback = args.value("fallback-owner") ?? RepositoryOptions.environment["PLAYBOOK_FALLBACK_OWNER"] ?? "unassigned"
        let plan = EvaluationPlan(workspace: workspace)
        let runner = Runner(asOf: asOf, fallbackOwner: fallback, dryRun: dryRun, startedAt: RepositoryOptions.now())
        var out = BufferedOutput(console: console)
        var jsonActions: [String] = []
        do {
            let wait = try RepositoryOptions.wait(args, command: name)
            let result = try runner.run(plan: plan, repository: repo, wait: wait) { action in
                guard dryRun else { return }
                switch format {
                case .text: out.write(ActionText.line(action) + "\n")
                case .json: jsonActions.append(ActionText.json(action))
                }
            }
            let c = result.counts
            // One bad cell must not stop the night: each problem is a warning, the run goes on.
            for p in result.problems { console.err("warning: \(p.text)\n") }
            let problems = result.problems.isEmpty ? "" : "; \(result.problems.count) evaluation problem\(result.problems.count == 1 ? "" : "s") (see the warnings)"
            // The run is committed by now; a report that cannot be written fails the command
            // (status 1) without undoing it, and the next run or `playbook report` can retry.
            var reportFailure: String?
            var reportSummary: String?
            if !dryRun, let dir = args.value("report") {
                do {
                    reportSummary = try ReportCommand.write(repo, asOf: asOf, to: dir).summary(asOf: asOf)
                } catch {
                    reportFailure = "\(error)"
                }
            }
            switch format {
            case .text:
                out.flush()
                let verb = dryRun ? "plan" : "run #\(result.runId ?? 0)"
                console.err("\(verb) as of \(asOf): \(c.accounts) accounts; \(c.created) created, \(c.kept) kept, \(c.resolved) resolved, \(c.reassigned) reassigned, \(c.woken) woken, \(c.waiting) waiting\(problems)\(dryRun ? " (nothing written)" : "")\n")
            case .json:
                var o = "{\"asOf\":\"\(asOf)\",\"dryRun\":\(dryRun),\"run\":\(result.runId.map(String.init) ?? "null"),\"playbooksDigest\":\"\(result.digest)\","
                o += "\"counts\":{\"accounts\":\(c.accounts),\"created\":\(c.created),\"kept\":\(c.kept),\"resolved\":\(c.resolved),\"reassigned\":\(c.reassigned),\"woken\":\(c.woken),\"waiting\":\(c.waiting),\"problems\":\(result.problems.count)}"
                o += ",\"problems\":[" + result.problems.map(ActionText.json).joined(separator: ",\n") + "]"
                if dryRun { o += ",\"actions\":[" + jsonActions.joined(separator: ",\n") + "]" }
                console.out(o + "}\n")
            }
            if let reportSummary { console.err(reportSummary + "\n") }
            if let reportFailure {
                console.err("error: run #\(result.runId ?? 0) is recorded, but \(reportFailure)\n")
                return .failure
            }
            return .success
        } catch let e as UsageError {
            console.err("error: \(e.message)\n\(e.helpHint)\n")
            return .usage
        } catch {
            out.flush()
            return RepositoryOptions.report(error, console: console)
        }
    }
}

/// Collects output and writes it in large pieces: a plan can list a line per account.
struct BufferedOutput {
    let console: Console
    var buffer = ""

    mutating func write(_ s: String) {
        buffer += s
        if buffer.utf8.count > 1 << 16 { flush() }
    }

    mutating func flush() {
        console.out(buffer)
        buffer = ""
    }
}

/// How plan actions read.
enum ActionText {
    static func line(_ a: TaskAction) -> String {
        let k = a.key
        let item = k.item.isEmpty ? "" : " [\(k.item)]"
        let subject = "\(k.rule) for \(k.account)\(item)"
        switch a {
        case .create(_, let d):
            var s = "create    \(subject): \(d.title) — owner \(d.owner)\(d.ownerIsFallback ? " (fallback)" : "")"
            if let due = d.due { s += ", due \(due)" }
            s += ", \(d.priority.rawValue)\n          because \(d.explanation)"
            return s
        case .keep(let id, _): return "keep      #\(id) \(subject)"
        case .resolve(let id, _, let reason): return "resolve   #\(id) \(subject): \(reason)"
        case .reassign(let id, _, let from, let to, let fallback): return "reassign  #\(id) \(subject): \(from) → \(to)\(fallback ? " (fallback)" : "")"
        case .wake(let id, _): return "wake      #\(id) \(subject): snooze is over"
        case .markCleared(let id, _): return "cleared   #\(id) \(subject): condition no longer holds; it may come back as a new task"
        case .wait(_, let reason): return "wait      \(subject): \(reason)"
        case .startPending(_, let since): return "pending   \(subject): condition holds since \(since)"
        case .clearPending: return "reset     \(subject): condition no longer holds"
        }
    }

    static func json(_ a: TaskAction) -> String {
        let k = a.key
        var fields: [(String, String)] = [("rule", q(k.rule)), ("account", q(k.account)), ("item", q(k.item))]
        func add(_ n: String, _ v: String) { fields.append((n, v)) }
        switch a {
        case .create(_, let d):
            add("action", q("create")); add("title", q(d.title)); add("owner", q(d.owner)); add("ownerIsFallback", "\(d.ownerIsFallback)")
            add("due", d.due.map { q($0.description) } ?? "null"); add("priority", q(d.priority.rawValue)); add("explanation", q(d.explanation))
        case .keep(let id, _): add("action", q("keep")); add("task", "\(id)")
        case .resolve(let id, _, let reason): add("action", q("resolve")); add("task", "\(id)"); add("reason", q(reason))
        case .reassign(let id, _, let from, let to, _): add("action", q("reassign")); add("task", "\(id)"); add("from", q(from)); add("to", q(to))
        case .wake(let id, _): add("action", q("wake")); add("task", "\(id)")
        case .markCleared(let id, _): add("action", q("cleared")); add("task", "\(id)")
        case .wait(_, let reason): add("action", q("wait")); add("reason", q(reason))
        case .startPending(_, let since): add("action", q("pending")); add("since", q(since.description))
        case .clearPending: add("action", q("reset"))
        }
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    static func json(_ p: EvaluationProblem) -> String {
        "{\"account\":\(q(p.account)),\"rule\":\(q(p.rule)),\"item\":\(q(p.item)),\"message\":\(q(p.message))}"
    }

    static func q(_ s: String) -> String { JSONText.quote(s) }
}
