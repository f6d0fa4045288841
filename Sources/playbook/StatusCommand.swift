import CentralRepository
import PlaybookLanguage

/// `playbook status`: what the repository holds, when each entity was last imported, the last
/// run, and the tasks by status.
enum StatusCommand {
    static let spec = CommandSpec(
        name: "status",
        abstract: "Show the repository: rows and last import per entity, the last run, tasks by status",
        usage: "playbook status [--repository PATH] [--format text|json]",
        discussion: """
            Reads only. An entity's last import is the day the import counted as (`import --as-of`,
            default the day it ran); runs warn when the playbooks read an entity imported longer
            ago than --max-data-age. See docs/cron.md.
            """,
        options: RepositoryOptions.options + [OptionSpec(name: "format", valueName: "text|json", help: "Output format (default: text)")],
        maxPositionals: 0)

    static func run(_ args: ParsedArguments, console: Console) -> ExitStatus {
        let format: OutputFormat
        do { format = try OutputFormat.parse(args.value("format"), command: spec.name) } catch {
            return console.fail(error)
        }
        let (repo, status) = RepositoryOptions.open(args, create: false, command: spec.name, console: console)
        guard let repo else { return status }
        do {
            let s = try repo.status()
            switch format {
            case .text: console.out(text(s, path: repo.path))
            case .json: console.out(json(s))
            }
            return .success
        } catch {
            return console.fail(error)
        }
    }

    static func text(_ s: RepositoryStatus, path: String) -> String {
        let width = s.entities.map(\.name.count).max() ?? 0
        let rows = s.entities.map { String($0.rows) }
        let rowWidth = rows.map(\.count).max() ?? 0
        var out = "repository \(path)\n\nentity\(String(repeating: " ", count: width - 6))  \(String(repeating: " ", count: max(0, rowWidth - 4)))rows  last import\n"
        for (e, r) in zip(s.entities, rows) {
            let last = e.lastImport.map { "\($0.on) (\($0.rows) rows in the files, at \($0.at))" } ?? "never"
            out += e.name + String(repeating: " ", count: width - e.name.count) + "  "
                + String(repeating: " ", count: max(0, max(4, rowWidth) - r.count)) + r + "  " + last + "\n"
        }
        if let r = s.lastRun {
            let c = r.counts
            out += "\nlast run   #\(r.id) as of \(r.asOf), started \(r.startedAt): \(c.accounts) accounts; \(c.created) created, \(c.kept) kept, \(c.resolved) resolved (\(s.runs) run\(s.runs == 1 ? "" : "s") in all)\n"
        } else {
            out += "\nlast run   none yet\n"
        }
        out += "tasks      " + s.tasks.map { "\($0.count) \($0.status.rawValue)" }.joined(separator: ", ") + "\n"
        return out
    }

    static func json(_ s: RepositoryStatus) -> String {
        var o = JSONText.Object()
        o.add("entities", .array(s.entities.map { e in
            var eo = JSONText.Object()
            eo.add("entity", e.name)
            eo.add("rows", e.rows)
            eo.add("lastImport", e.lastImport.map { i in
                var io = JSONText.Object()
                io.add("on", i.on.description)
                io.add("at", i.at)
                io.add("rows", i.rows)
                return io.value
            } ?? .null)
            return eo.value
        }))
        o.add("lastRun", s.lastRun.map { r in
            var ro = JSONText.Object()
            ro.add("run", r.id)
            ro.add("asOf", r.asOf)
            ro.add("startedAt", r.startedAt)
            var counts = JSONText.Object()
            counts.add("accounts", r.counts.accounts)
            counts.add("created", r.counts.created)
            counts.add("kept", r.counts.kept)
            counts.add("resolved", r.counts.resolved)
            ro.add("counts", counts)
            return ro.value
        } ?? .null)
        o.add("runs", s.runs)
        var tasks = JSONText.Object()
        for t in s.tasks { tasks.add(t.status.rawValue, t.count) }
        o.add("tasks", tasks)
        return o.text() + "\n"
    }
}
