import PlaybookLanguage

/// `playbook schema [PATH…]`: the records and fields playbooks can read.
enum SchemaCommand {
    static let spec = CommandSpec(
        name: "schema",
        abstract: "Print the repository schema playbooks are checked against, as Markdown",
        usage: "playbook schema [<playbook path> ...]",
        discussion: """
            Without paths, prints the built-in schema (this is docs/schema.md). With playbook paths,
            adds the custom fields they declare; the playbooks must check without errors.
            """,
        options: [],
        maxPositionals: nil)

    static func run(_ args: ParsedArguments, console: Console) -> ExitStatus {
        guard !args.positionals.isEmpty else {
            console.out(SchemaDocument.markdown(.builtin))
            return .success
        }
        let ws = Workspace.load(paths: args.positionals)
        if ws.hasErrors {
            console.err(DiagnosticRenderer.text(ws.diagnostics.sorted, sources: ws.sources))
            return .failure
        }
        console.out(SchemaDocument.markdown(ws.library.schema))
        return .success
    }
}
