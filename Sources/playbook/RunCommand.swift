import CentralRepository
import Foundation
import Import
import PlaybookEngine
import PlaybookLanguage
import TaskLists

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
                OptionSpec(name: "allow-mass-resolve", valueName: nil, help: "Let a deliberate change resolve many tasks, or the tasks of rules deleted from the playbooks (default: $PLAYBOOK_ALLOW_MASS_RESOLVE)"),
                OptionSpec(name: "max-data-age", valueName: "days", help: "Data imported longer ago than this is stale: warned about, and its tasks are not resolved (default: $PLAYBOOK_MAX_DATA_AGE, else 2)"),
                OptionSpec(name: "allow-stale-data", valueName: nil, help: "Resolve tasks even on data older than --max-data-age"),
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
        var guards = RunGuards()
        do throws(UsageError) {
            format = try OutputFormat.parse(args.value("format"), command: name)
            asOf = try RepositoryOptions.asOf(args, command: name)
            let env = RepositoryOptions.environment
            guards.allowMassResolve = args.flag("allow-mass-resolve") || ["1", "true", "yes"].contains(env["PLAYBOOK_ALLOW_MASS_RESOLVE"]?.lowercased() ?? "")
            guards.allowStaleData = args.flag("allow-stale-data")
            if let text = args.value("max-data-age") ?? env["PLAYBOOK_MAX_DATA_AGE"] {
                guard let days = Int(text), (0...36_500).contains(days) else {
                    throw UsageError("--max-data-age takes a number of days from 0 to 36500, not `\(text)`", command: name)
                }
                guards.maxDataAgeDays = days
            }
        } catch {
            return console.fail(error)
        }
        let workspace = Workspace.load(paths: args.positionals.isEmpty ? [CheckCommand.defaultPath] : args.positionals)
        if workspace.hasErrors {
            console.err(DiagnosticRenderer.text(workspace.diagnostics.sorted, sources: workspace.sources))
            console.err(DiagnosticRenderer.summary(workspace.diagnostics) + "\nerror: the playbooks have errors; nothing was evaluated\n")
            return .failure
        }
        let (repo, status) = RepositoryOptions.open(args, create: false, command: name, console: console)
        guard let repo else { return status }
        let fallback = UnicodeText.nfc(args.value("fallback-owner") ?? RepositoryOptions.environment["PLAYBOOK_FALLBACK_OWNER"] ?? "unassigned")
        let plan = EvaluationPlan(workspace: workspace)
        var runner = Runner(asOf: asOf, fallbackOwner: fallback, dryRun: dryRun, startedAt: RepositoryOptions.now())
        runner.guards = guards
        var out = BufferedOutput(console: console)
        var jsonActions: [JSONText.Value] = []
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
            for p in result.problems { console.err("warning: \(PlainText.line(p.text))\n") }
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
            RunWarnings.print(result, guards: guards, dryRun: dryRun, console: console)
            let idle = result.counts.accounts > 0 ? plan.idleCustomisations() : []
            RunWarnings.idle(idle, console: console)
            switch format {
            case .text:
                out.flush()
                let verb = dryRun ? "plan" : "run #\(result.runId ?? 0)"
                let restored = c.restored > 0 ? ", \(c.restored) restored" : ""
                console.err("\(verb) as of \(asOf): \(c.accounts) accounts; \(c.created) created, \(c.kept) kept, \(c.resolved) resolved\(restored), \(c.reassigned) reassigned, \(c.woken) woken, \(c.waiting) waiting\(problems)\(dryRun ? " (nothing written)" : "")\n")
            case .json:
                var o = JSONText.Object()
                o.add("asOf", asOf.description)
                o.add("dryRun", dryRun)
                o.add("run", result.runId)
                o.add("playbooksDigest", result.digest)
                var counts = JSONText.Object()
                for (key, n) in [("accounts", c.accounts), ("created", c.created), ("kept", c.kept), ("resolved", c.resolved),
                                 ("restored", c.restored), ("reassigned", c.reassigned), ("woken", c.woken),
                                 ("waiting", c.waiting), ("problems", result.problems.count)] {
                    counts.add(key, n)
                }
                o.add("counts", counts)
                o.add("problems", .array(result.problems.map(ActionText.json), layout: .lines))
                o.add("stale", .array(result.stale.map { s in
                    var so = JSONText.Object()
                    so.add("entity", s.entity)
                    so.add("importedOn", s.importedOn?.description)
                    return so.value
                }))
                o.add("massResolve", result.resolutions.trips && !guards.allowMassResolve)
                o.add("idleCustomisations", .array(idle.map { i in
                    var io = JSONText.Object()
                    io.add("playbook", i.id)
                    io.add("extends", i.base)
                    io.add("at", i.location)
                    return io.value
                }))
                if dryRun { o.add("actions", .array(jsonActions, layout: .lines)) }
                console.out(o.text() + "\n")
            }
            if let reportSummary { console.err(reportSummary + "\n") }
            if let reportFailure {
                console.err("error: run #\(result.runId ?? 0) is recorded, but \(reportFailure)\n")
                return .failure
            }
            return .success
        } catch let refusal as RunRefusal {
            return RunWarnings.refused(refusal, console: console)
        } catch {
            out.flush()
            return console.fail(error)
        }
    }
}

/// What the run guards say (docs/cron.md, "What can go wrong at night").
enum RunWarnings {
    static func print(_ result: Runner.Result, guards: RunGuards, dryRun: Bool, console: Console) {
        let stale = result.stale.filter { $0.importedOn != nil }
        if !stale.isEmpty {
            let held = guards.allowStaleData ? "--allow-stale-data: tasks on it resolve as usual"
                : "tasks of the \(result.heldRules) rules that read it were kept open, not resolved"
            console.err("warning: data older than --max-data-age (\(guards.maxDataAgeDays) days); \(held)\n"
                        + stale.map { "  \($0.line)\n" }.joined()
                        + "  import fresh files, or raise --max-data-age for entities your team exports less often\n")
        }
        let never = result.stale.filter { $0.importedOn == nil }
        if !never.isEmpty {
            console.err("warning: no import date recorded for \(never.map(\.entity).joined(separator: ", ")) (never imported, or imported by an older playbook): its age cannot be checked\n")
        }
        if dryRun, result.resolutions.trips, !guards.allowMassResolve {
            console.err("warning: `playbook run` would stop here (exit 5) and write nothing, because\n"
                        + result.resolutions.lines.map { "  \($0)\n" }.joined()
                        + "  if this is a deliberate change, run with --allow-mass-resolve (or PLAYBOOK_ALLOW_MASS_RESOLVE=1)\n")
        }
    }

    /// A customisation that applied to no account is almost always a typo in its `applies when`
    /// or a value spelt differently in the data: its thresholds and owners silently do nothing.
    static func idle(_ idle: [(id: String, base: String, location: String)], console: Console) {
        for c in idle {
            console.err("warning: customisation `\(c.id)` of `\(c.base)` (\(c.location)) matched no account: its changes did nothing; "
                        + "check its `applies when` against the data (a segment or owner spelt another way?)\n")
        }
    }

    static func refused(_ refusal: RunRefusal, console: Console) -> ExitStatus {
        switch refusal {
        case .backDated(let asOf, let latest):
            console.err("error: a run as of \(asOf) would come before the latest run, as of \(latest), and rewrite the history of tasks made since; nothing was written\n"
                        + "  run as of \(latest) or later; `playbook plan --as-of \(asOf)` shows any date without writing\n")
            return .failure
        case .massResolve(let m):
            console.err("error: the run stopped and wrote nothing, because\n"
                        + m.lines.map { "  \($0)\n" }.joined()
                        + "  if this is a deliberate change (a rule deleted, a threshold changed, accounts removed), run again with\n"
                        + "  --allow-mass-resolve (or PLAYBOOK_ALLOW_MASS_RESOLVE=1); `playbook plan` lists every task it would resolve\n")
            return .guardStopped
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
    /// One line per action, whatever the data holds: a title or an account id with a line
    /// break or a terminal escape in it must not forge a line of the cron log.
    static func line(_ a: TaskAction) -> String {
        let t = PlainText.line
        let k = TaskKey(rule: t(a.key.rule), account: t(a.key.account), item: t(a.key.item))
        let item = k.item.isEmpty ? "" : " [\(k.item)]"
        let subject = "\(k.rule) for \(k.account)\(item)"
        switch a {
        case .create(_, let d):
            var s = "create    \(subject): \(t(d.title)) — owner \(t(d.owner))\(d.ownerIsFallback ? " (fallback)" : "")"
            if let due = d.due { s += ", due \(due)" }
            s += ", \(d.priority.rawValue)\n          because \(t(d.explanation))"
            return s
        case .keep(let id, _): return "keep      #\(id) \(subject)"
        case .resolve(let id, _, let cause): return "resolve   #\(id) \(subject): \(t(cause.reason))"
        case .restore(let id, _, let status): return "restore   #\(id) \(subject): its rule fires for it again; back as \(status.rawValue)"
        case .reassign(let id, _, let from, let to, let fallback): return "reassign  #\(id) \(subject): \(t(from)) → \(t(to))\(fallback ? " (fallback)" : "")"
        case .wake(let id, _): return "wake      #\(id) \(subject): snooze is over"
        case .markCleared(let id, _): return "cleared   #\(id) \(subject): condition no longer holds; it may come back as a new task"
        case .wait(_, let reason): return "wait      \(subject): \(t(reason))"
        case .startPending(_, let since): return "pending   \(subject): condition holds since \(since)"
        case .clearPending: return "reset     \(subject): condition no longer holds"
        }
    }

    static func json(_ a: TaskAction) -> JSONText.Value {
        let k = a.key
        var o = JSONText.Object()
        o.add("rule", k.rule)
        o.add("account", k.account)
        o.add("item", k.item)
        switch a {
        case .create(_, let d):
            o.add("action", "create"); o.add("title", d.title); o.add("owner", d.owner); o.add("ownerIsFallback", d.ownerIsFallback)
            o.add("due", d.due?.description); o.add("priority", d.priority.rawValue); o.add("explanation", d.explanation)
        case .keep(let id, _): o.add("action", "keep"); o.add("task", id)
        case .resolve(let id, _, let cause): o.add("action", "resolve"); o.add("task", id); o.add("reason", cause.reason); o.add("cause", cause.code)
        case .restore(let id, _, let status): o.add("action", "restore"); o.add("task", id); o.add("status", status.rawValue)
        case .reassign(let id, _, let from, let to, _): o.add("action", "reassign"); o.add("task", id); o.add("from", from); o.add("to", to)
        case .wake(let id, _): o.add("action", "wake"); o.add("task", id)
        case .markCleared(let id, _): o.add("action", "cleared"); o.add("task", id)
        case .wait(_, let reason): o.add("action", "wait"); o.add("reason", reason)
        case .startPending(_, let since): o.add("action", "pending"); o.add("since", since.description)
        case .clearPending: o.add("action", "reset")
        }
        return o.value
    }

    static func json(_ p: EvaluationProblem) -> JSONText.Value {
        var o = JSONText.Object()
        o.add("account", p.account)
        o.add("rule", p.rule)
        o.add("item", p.item)
        o.add("message", p.message)
        return o.value
    }
}
