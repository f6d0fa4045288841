import CentralRepository
import Foundation
import PlaybookEngine
import PlaybookLanguage
import TaskLists

/// `playbook report`: each CSM's task list as Markdown, HTML, CSV, JSON and iCalendar, plus the
/// leaders' index, written into a directory. See docs/task-lists.md.
enum ReportCommand {
    static let spec = CommandSpec(
        name: "report",
        abstract: "Write each CSM's task list (Markdown, HTML, CSV, JSON, iCalendar) and the leaders' index",
        usage: "playbook report --out DIR [--repository PATH] [--as-of YYYY-MM-DD] [--format text|json]",
        discussion: """
            Writes, for every owner of an open or snoozed task, SLUG.md, SLUG.html, SLUG.csv, SLUG.json
            and SLUG.ics (SLUG is the owner's name reduced to letters, digits and hyphens), each holding
            only that owner's accounts; and index.html, index.md, index.json and owners.tsv with counts
            by CSM, phase and priority (no account names). The directory is created if missing; each
            file is replaced whole, never left half-written; files of owners who no longer have tasks
            are removed. Overdue means due before the as-of date; new means created by the latest run
            on or before it. Lists the files written on standard output. See docs/task-lists.md.
            """,
        options: RepositoryOptions.options + RepositoryOptions.dateOptions + [
            OptionSpec(name: "out", valueName: "dir", help: "Directory to write the files into (required)"),
            OptionSpec(name: "format", valueName: "text|json", help: "Output format of the listing (default: text)"),
        ],
        maxPositionals: 0)

    static func run(_ args: ParsedArguments, console: Console) -> ExitStatus {
        let format: OutputFormat
        let asOf: CivilDate
        let out: String
        do throws(UsageError) {
            format = try OutputFormat.parse(args.value("format"), command: spec.name)
            asOf = try RepositoryOptions.asOf(args, command: spec.name)
            guard let dir = args.value("out"), !dir.isEmpty else {
                throw UsageError("missing --out DIR: the directory to write the task lists into", command: spec.name)
            }
            out = dir
        } catch {
            return console.fail(error)
        }
        let (repo, status) = RepositoryOptions.open(args, create: false, command: spec.name, console: console)
        guard let repo else { return status }
        let written: Written
        do {
            written = try write(repo, asOf: asOf, to: out)
        } catch {
            return console.fail(error)
        }
        switch format {
        case .text:
            console.out(written.paths.map { $0 + "\n" }.joined())
        case .json:
            console.out(written.json(asOf: asOf))
        }
        console.err(written.summary(asOf: asOf) + "\n")
        return .success
    }

    /// What was written, for the listing and the one-line summary.
    struct Written {
        var directory: String
        var paths: [String]
        var book: TaskBook

        func summary(asOf: CivilDate) -> String {
            let t = book.total
            return "task lists as of \(asOf) for \(book.lists.count) CSM\(book.lists.count == 1 ? "" : "s"): "
                + "\(t.open) open, \(t.overdue) overdue, \(t.new) new, \(t.snoozed) snoozed; \(paths.count) files in \(directory)"
        }

        func json(asOf: CivilDate) -> String {
            var o = JSONText.Object()
            o.add("asOf", asOf.description)
            o.add("directory", directory)
            o.add("owners", .array(book.lists.map { l in
                var lo = JSONText.Object()
                lo.add("owner", l.owner)
                lo.add("slug", l.slug)
                lo.add("open", l.counts.open)
                lo.add("overdue", l.counts.overdue)
                lo.add("new", l.counts.new)
                lo.add("snoozed", l.counts.snoozed)
                return lo.value
            }, layout: .lines))
            o.add("files", .strings(paths))
            return o.text() + "\n"
        }
    }

    /// Reads the repository, renders and writes; shared with `playbook run --report`.
    static func write(_ repo: Repository, asOf: CivilDate, to directory: String) throws -> Written {
        let data = try repo.reportData(asOf: asOf)
        let output = TaskLists.render(input(data, asOf: asOf))
        let paths = try ReportFiles.store(output.files, into: directory, owners: output.book.lists.map(\.slug))
        return Written(directory: directory, paths: paths, book: output.book)
    }

    static func input(_ data: Repository.ReportData, asOf: CivilDate) -> TaskListInput {
        let tasks = data.rows.map { r in
            let t = r.task
            let account = ReportAccount(id: t.key.account, name: t.accountName, phase: r.accountPhase,
                                        health: r.health.map { ReportHealth(date: $0.date, score: $0.score, light: $0.light) })
            return ReportTask(id: t.id, account: account, owner: t.owner, ownerIsFallback: t.ownerIsFallback, title: t.title,
                              description: t.description, due: t.due, priority: t.priority, steps: t.steps,
                              explanation: t.explanation, rule: t.key.rule, rulePhase: t.phase, status: t.status,
                              createdOn: t.createdOn, createdRun: r.createdRun, snoozedUntil: t.snoozedUntil)
        }
        return TaskListInput(asOf: asOf, latestRun: data.latestRun, tasks: tasks)
    }
}

struct ReportWriteError: Error, CustomStringConvertible {
    var path: String
    var reason: String
    var description: String { "\(path): \(reason)" }
}

/// Writes the rendered files: each to a temporary file in the same directory, flushed, then
/// renamed over the old one, so a CSM opening their list mid-write, or a crash, sees yesterday's
/// file or today's, never a mix.
enum ReportFiles {
    /// - Parameter owners: this night's file slugs; other owners' files listed in the previous
    ///   `owners.tsv` are removed, so no one keeps a list (or receives it by mail) after their
    ///   last task is gone or reassigned.
    /// - Returns: the paths written, sorted.
    static func store(_ files: [String: String], into directory: String, owners: [String]) throws(ReportWriteError) -> [String] {
        try makeDirectory(directory)
        let previous = previousOwners(directory)
        var paths: [String] = []
        for name in files.keys.sorted() {
            let path = (directory as NSString).appendingPathComponent(name)
            try replace(path, with: Array(files[name]!.utf8))
            paths.append(path)
        }
        for slug in previous.subtracting(owners) {
            for ext in TaskLists.ownerExtensions {
                unlink((directory as NSString).appendingPathComponent("\(slug).\(ext)"))
            }
        }
        return paths
    }

    /// Slugs from the last `owners.tsv` written here. Only names a slug can have are trusted: a
    /// hand-edited line can never make this remove a file outside the set this command writes.
    static func previousOwners(_ directory: String) -> Set<String> {
        guard let data = FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent("owners.tsv")) else { return [] }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
        var out: Set<String> = []
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let slug = String(line.prefix { $0 != "\t" })
            if !slug.isEmpty, slug.first != "-", slug.allSatisfy(allowed.contains), !["index", "owners"].contains(slug) {
                out.insert(slug)
            }
        }
        return out
    }

    /// `mkdir -p`, with the system's reason when it fails ("not a directory", "permission denied").
    static func makeDirectory(_ directory: String) throws(ReportWriteError) {
        var path = directory.hasPrefix("/") ? "" : "."
        for part in directory.split(separator: "/") {
            path += "/" + part
            var st = stat()
            if stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR { continue }
            if mkdir(path, 0o777) != 0, errno != EEXIST {
                throw ReportWriteError(path: path, reason: "cannot create the directory: " + String(cString: strerror(errno)).lowercased())
            }
            guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else {
                throw ReportWriteError(path: path, reason: "cannot create the directory: a file of that name is in the way")
            }
        }
    }

    static func replace(_ path: String, with bytes: [UInt8]) throws(ReportWriteError) {
        // 0666 less the umask, as for any new file the user creates.
        do {
            try AtomicFile.write(bytes, to: path, mode: 0o666)
        } catch {
            throw ReportWriteError(path: path, reason: "cannot write the task list: " + error.phrase)
        }
    }
}
