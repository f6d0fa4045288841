import CentralRepository
import PlaybookLanguage

/// `import --source NAME`: the column mapping named NAME, from the playbooks (`--playbooks`,
/// default `Playbooks/`), which must check clean.
extension ImportCommand {
    static let sourceOptions = [
        OptionSpec(name: "source", valueName: "name", help: "Apply the column mapping `source \"name\"` declared next to the playbooks (docs/import.md, \"Column mappings\")"),
        OptionSpec(name: "playbooks", valueName: "path", help: "Playbook files or directory that declare the source (default: Playbooks/)"),
    ]

    /// The mapping to apply, nil when none was asked for; or the exit status when it cannot be had.
    static func sourceMapping(_ args: ParsedArguments, console: Console) -> (mapping: SourceMapping?, exit: ExitStatus?) {
        guard let name = args.value("source") else { return (nil, nil) }
        let workspace = Workspace.load(paths: [args.value("playbooks") ?? CheckCommand.defaultPath])
        defer { UntilExit.keep(workspace) }
        if workspace.hasErrors {
            console.err(DiagnosticRenderer.text(workspace.diagnostics.sorted, sources: workspace.sources))
            console.err(DiagnosticRenderer.summary(workspace.diagnostics) + "\nerror: the playbooks have errors; nothing was imported\n")
            return (nil, .failure)
        }
        guard let source = workspace.library.source(name) else {
            let names = workspace.library.sources.map(\.name)
            let known = names.isEmpty ? "the playbooks declare no `source`" : "the playbooks declare " + names.map { "`\($0)`" }.joined(separator: ", ")
            let e = UsageError("unknown source `\(name)` (\(known))", command: spec.name, suggestion: Suggestions.closest(to: name, in: names))
            console.err("error: \(e.message)\n\(e.helpHint)\n")
            return (nil, .usage)
        }
        return (SourceMapping(source), nil)
    }
}
