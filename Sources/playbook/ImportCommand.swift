import CentralRepository
import Foundation
import Import
import PlaybookLanguage

/// `playbook import PATH…`: validate every row of every file, then write all or nothing.
enum ImportCommand {
    static let spec = CommandSpec(
        name: "import",
        abstract: "Import CSV and JSON files into the repository (all or nothing)",
        usage: "playbook import [--repository PATH] [--playbooks PATH]... [--source NAME] [--sync] [--dry-run] [--format text|json] <file or directory> ...",
        discussion: """
            Each file holds one entity, named by the file name (accounts.csv, stakeholders.json,
            health.csv, …); a directory is read for its .csv and .json files. Every row is checked
            first; if anything is wrong, every problem is listed as file:line:column: reason and
            nothing is written. Rows are matched by their stable keys, so importing the same files
            again changes nothing. The repository is created when missing. With --sync each file
            is the whole current list of its entity: rows it lacks are removed (histories such as
            health are kept), and a sync that would remove more than 20% of an entity's rows stops
            with exit 5. --dry-run reports what would change and writes nothing. See docs/import.md.

            A column must be a column of its entity or a custom field that a playbook declares
            (`field account.crm_tier: …`), and its values must fit the declared type: the
            playbooks are read from --playbooks (repeatable; default: Playbooks/ when it exists)
            and must check clean.
            """,
        options: RepositoryOptions.options + [
            OptionSpec(name: "format", valueName: "text|json", help: "Output format (default: text)"),
            OptionSpec(name: "as-of", valueName: "YYYY-MM-DD", help: "The day the data counts as exported, for runs' --max-data-age (default: today)"),
            OptionSpec(name: "time-zone", valueName: "zone", help: "Time zone that decides which day today is (default: $PLAYBOOK_TIME_ZONE, $TZ, or the system's)"),
            OptionSpec(name: "playbooks", valueName: "path", help: "Playbooks whose `field` declarations name the custom columns, and whose `source` declarations map exports (repeatable; default: Playbooks/ when it exists)"),
            OptionSpec(name: "allow-unknown-columns", valueName: nil, help: "Import an unknown column as undeclared text, with a warning, instead of stopping"),
            OptionSpec(name: "source", valueName: "name", help: "Apply the column mapping `source \"name\"` declared next to the playbooks (docs/import.md, \"Column mappings\")"),
        ] + ImportSyncOptions.options,
        maxPositionals: nil)

    static func run(_ args: ParsedArguments, console: Console) -> ExitStatus {
        let format: OutputFormat
        let today: CivilDate
        do throws(UsageError) {
            format = try OutputFormat.parse(args.value("format"), command: spec.name)
            today = try RepositoryOptions.asOf(args, command: spec.name)
        } catch {
            return console.fail(error)
        }
        guard !args.positionals.isEmpty else {
            return console.fail(UsageError("give the files or directories to import", command: spec.name))
        }
        let (workspace, exit) = playbooks(args, console: console)
        if let exit { return exit }
        let columns = Self.columns(args, workspace: workspace, console: console)
        let (source, sourceExit) = sourceMapping(args, workspace: workspace, console: console)
        if let sourceExit { return sourceExit }
        let mode = ImportSyncOptions.mode(args)
        let path = RepositoryOptions.path(args)
        let existed = FileManager.default.fileExists(atPath: path)
        // A dry run against no repository compares with an empty one, and creates no file.
        let (repo, status) = mode.dryRun && !existed
            ? ImportSyncOptions.emptyRepository(console: console)
            : RepositoryOptions.open(args, create: true, command: spec.name, console: console)
        guard let repo else { return status }
        do {
            let wait = try RepositoryOptions.wait(args, command: spec.name)
            let counts: [ImportEntity: Repository.ImportCounts]
            switch try repo.importFiles(args.positionals, wait: wait, columns: columns, stamp: ImportStamp(on: today, at: RepositoryOptions.now()),
                                        source: source, mode: mode) {
            case .imported(let c): counts = c
            case .stopped(let m):
                return ImportSyncOptions.stopped(m, format: format, console: console)
            case .rejected(let all):
                let n = all.problems.count + all.omitted
                switch format {
                case .text: console.err(all.lines.joined(separator: "\n") + "\nerror: \(n) problem\(n == 1 ? "" : "s"); nothing was imported\n")
                case .json:
                    var o = JSONText.Object()
                    o.add("imported", false)
                    o.add("problems", .array(all.problems.map { p in
                        var po = JSONText.Object()
                        po.add("file", p.file)
                        po.add("line", p.line)
                        po.add("column", p.column)
                        po.add("reason", p.reason)
                        return po.value
                    }, layout: .lines))
                    console.out(o.text() + "\n")
                }
                if !existed, !mode.dryRun {
                    // A rejected first import leaves no empty repository behind.
                    Repository.removeFiles(at: path)
                }
                return .failure
            }
            if mode.dryRun || mode.sync {
                ImportSyncOptions.report(counts, mode: mode, format: format, console: console)
                if !mode.dryRun { console.err("imported into \(repo.path)\n") }
                return .success
            }
            let order = ImportEntity.allCases.filter { counts[$0] != nil }
            switch format {
            case .text:
                for e in order {
                    let c = counts[e]!
                    console.out("\(e.rawValue): \(c.inserted) added, \(c.updated) updated, \(c.unchanged) unchanged\n")
                }
                console.err("imported into \(repo.path)\n")
            case .json:
                var o = JSONText.Object()
                o.add("imported", true)
                o.add("entities", ImportSyncOptions.entities(counts, keys: false, removed: false))
                console.out(o.text() + "\n")
            }
            return .success
        } catch {
            return console.fail(error)
        }
    }

    /// The columns the playbooks declare; nil (reported) when they do not check clean.
    /// The playbooks an import reads (`--playbooks`, default `Playbooks/` when it exists): nil
    /// when there are none; the exit status when they have errors.
    static func playbooks(_ args: ParsedArguments, console: Console) -> (Workspace?, ExitStatus?) {
        var paths = args.all("playbooks")
        if paths.isEmpty {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: CheckCommand.defaultPath, isDirectory: &isDirectory), isDirectory.boolValue else {
                return (nil, nil)
            }
            paths = [CheckCommand.defaultPath]
        }
        let workspace = Workspace.load(paths: paths)
        UntilExit.keep(workspace)
        if workspace.hasErrors {
            console.err(DiagnosticRenderer.text(workspace.diagnostics.sorted, sources: workspace.sources))
            console.err(DiagnosticRenderer.summary(workspace.diagnostics) + "\nerror: the playbooks have errors; nothing was imported\n")
            return (nil, .failure)
        }
        return (workspace, nil)
    }

    /// The columns accepted besides the built-in ones: the playbooks' declared fields.
    static func columns(_ args: ParsedArguments, workspace: Workspace?, console: Console) -> ImportColumns {
        let allow = args.flag("allow-unknown-columns")
        let warn: (ImportProblem) -> Void = { console.err("\($0.file):\($0.line):\($0.column): warning: \($0.reason)\n") }
        guard let workspace else { return ImportColumns(allowUnknown: allow, warn: warn) }
        return ImportColumns(schema: workspace.library.schema, allowUnknown: allow, warn: warn)
    }
}
