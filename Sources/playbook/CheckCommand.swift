import PlaybookLanguage

/// `playbook check [PATH…]`: load, parse and check, then report every problem at once.
enum CheckCommand {
    static let spec = CommandSpec(
        name: "check",
        abstract: "Check playbook files and report every problem found",
        usage: "playbook check [--format text|json] [<path> ...]",
        discussion: """
            Each path is a file (read whatever its extension) or a directory, searched recursively
            for `.playbook` files; hidden files and directories are skipped. With no path,
            `Playbooks/` is checked.

            Problems are printed to standard error as `file:line:column: error: message [code]`
            with the source line. With `--format json` they are printed to standard output instead,
            as a JSON array of objects with the keys code, severity, message, file, line, column,
            endLine, endColumn, notes and (when there is one) suggestion.
            """,
        options: [OptionSpec(name: "format", valueName: "text|json", help: "How to print problems (default: text)")],
        maxPositionals: nil)

    static let defaultPath = "Playbooks/"

    static func run(_ args: ParsedArguments, console: Console) -> ExitStatus {
        let format: OutputFormat
        do { format = try OutputFormat.parse(args.value("format"), command: spec.name) } catch {
            return console.fail(error)
        }
        let workspace = Workspace.load(paths: args.positionals.isEmpty ? [defaultPath] : args.positionals)
        let diagnostics = workspace.diagnostics.sorted
        switch format {
        case .text:
            console.err(DiagnosticRenderer.text(diagnostics, sources: workspace.sources))
            if !diagnostics.isEmpty { console.err(DiagnosticRenderer.summary(workspace.diagnostics) + "\n") }
        case .json:
            console.out(DiagnosticRenderer.json(diagnostics, sources: workspace.sources))
        }
        let failed = workspace.hasErrors
        UntilExit.keep(workspace)
        return failed ? .failure : .success
    }
}

enum OutputFormat: String, CaseIterable {
    case text, json

    static func parse(_ value: String?, command: String) throws(UsageError) -> OutputFormat {
        guard let value else { return .text }
        if let f = OutputFormat(rawValue: value) { return f }
        let names = allCases.map(\.rawValue)
        throw UsageError("unknown format `\(value)` (expected \(names.joined(separator: " or ")))", command: command,
                         suggestion: Suggestions.closest(to: value, in: names))
    }
}
