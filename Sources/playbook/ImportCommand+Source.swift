import Import
import PlaybookLanguage

/// `import --source NAME`: the column mapping named NAME, from the playbooks (`--playbooks`,
/// default `Playbooks/`), which must check clean.
extension ImportCommand {
    /// The mapping to apply, nil when none was asked for; or the exit status when it cannot be had.
    static func sourceMapping(_ args: ParsedArguments, workspace: Workspace?, console: Console) -> (mapping: SourceMapping?, exit: ExitStatus?) {
        guard let name = args.value("source") else { return (nil, nil) }
        guard let workspace else {
            return (nil, console.fail(UsageError("--source \(name) needs the playbooks that declare it: give --playbooks PATH (no Playbooks/ here)",
                                                 command: spec.name)))
        }
        guard let source = workspace.library.source(name) else {
            let names = workspace.library.sources.map(\.name)
            let known = names.isEmpty ? "the playbooks declare no `source`" : "the playbooks declare " + names.map { "`\($0)`" }.joined(separator: ", ")
            return (nil, console.fail(UsageError("unknown source `\(name)` (\(known))", command: spec.name,
                                                 suggestion: Suggestions.closest(to: name, in: names))))
        }
        return (SourceMapping(source), nil)
    }
}
