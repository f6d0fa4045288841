import PlaybookLanguage

/// `playbook fmt PATH…`: canonical layout. A file with syntax errors is never formatted, and
/// formatter output that would lose declarations is never written.
enum FormatCommand {
    static let spec = CommandSpec(
        name: "fmt",
        abstract: "Print or rewrite playbook files in their canonical layout",
        usage: "playbook fmt [--write | --check] <path> ...",
        discussion: """
            Paths are read as for `playbook check`: files, or directories searched for `.playbook`
            files. Without an option the formatted text of each file is printed to standard output.
            A file with syntax errors is left alone; its problems are printed to standard error.
            """,
        options: [
            OptionSpec(name: "write", valueName: nil, help: "Rewrite files in place (only those that change)"),
            OptionSpec(name: "check", valueName: nil, help: "Print the paths of files that are not formatted; exit 1 if any"),
        ],
        maxPositionals: nil)

    enum Mode { case print, write, check }

    static func run(_ args: ParsedArguments, console: Console) -> ExitStatus {
        if args.flag("write"), args.flag("check") {
            return console.fail(UsageError("`--write` and `--check` cannot be used together", command: spec.name))
        }
        guard !args.positionals.isEmpty else {
            return console.fail(UsageError("missing path: name the files or directories to format", command: spec.name))
        }
        let mode: Mode = args.flag("write") ? .write : args.flag("check") ? .check : .print
        let (sources, loadDiagnostics) = SourceLoader.load(paths: args.positionals)
        var status = ExitStatus.success
        if loadDiagnostics.hasErrors {
            console.err(DiagnosticRenderer.text(loadDiagnostics.sorted, sources: sources))
            status = .failure
        }
        // Paths the loader could not read are in `sources` as empty stand-ins; skip them.
        let unreadable = Set(loadDiagnostics.items.map(\.range.file))
        for (i, source) in sources.files.enumerated() where !unreadable.contains(Int32(i)) {
            if !format(source, id: Int32(i), sources: sources, mode: mode, console: console) { status = .failure }
        }
        return status
    }

    /// Formats one file; false when it has errors, is not formatted (`--check`) or cannot be
    /// written.
    private static func format(_ source: SourceFile, id: Int32, sources: SourceSet, mode: Mode, console: Console) -> Bool {
        let (ast, diagnostics) = Parse.file(source, id: id)
        if diagnostics.hasErrors {
            console.err(DiagnosticRenderer.text(diagnostics.sorted, sources: sources))
            return false
        }
        let formatted = Format.file(ast, source: source)
        let bytes = Array(formatted.utf8)
        if let problem = verify(bytes, against: ast, path: source.path) {
            console.err("error: \(problem); `\(source.path)` is left unchanged (this is a bug in playbook)\n")
            return false
        }
        let changed = bytes != source.bytes
        switch mode {
        case .print:
            console.out(formatted)
        case .check:
            if changed { console.out(source.path + "\n") }
            return !changed
        case .write:
            guard changed else { return true }
            do { try AtomicFile.replace(source.path, with: bytes) } catch {
                console.err("error: cannot write `\(source.path)`: \(error.phrase)\n")
                return false
            }
        }
        return true
    }

    /// The formatted text must parse cleanly into as many declarations as the original: a cheap
    /// guard against a formatter bug destroying a file on `--write`.
    private static func verify(_ bytes: [UInt8], against ast: FileAST, path: String) -> String? {
        let (again, diagnostics) = Parse.file(SourceFile(path: path, bytes: bytes), id: ast.file)
        if diagnostics.hasErrors { return "the formatted text does not parse" }
        if again.items.count != ast.items.count {
            return "the formatted text has \(again.items.count) declarations instead of \(ast.items.count)"
        }
        return nil
    }
}
