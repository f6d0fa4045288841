import PlaybookLanguage

/// `playbook show --effective [PATH…]`: playbooks as they apply once customisations are merged.
enum ShowCommand {
    static let spec = CommandSpec(
        name: "show",
        abstract: "Show playbooks as they take effect after customisations",
        usage: "playbook show --effective [<path> ...]",
        discussion: """
            Paths are read as for `playbook check`; with no path, `Playbooks/` is read. Each base
            playbook is printed once for accounts no customisation applies to, then once per chain
            of customisations, every setting labelled with the file and line it comes from.
            Playbooks with errors are not shown: their problems are printed as by `check`.
            """,
        options: [OptionSpec(name: "effective", valueName: nil,
                             help: "Show each playbook with its customisations applied")],
        maxPositionals: nil)

    static func run(_ args: ParsedArguments, console: Console) -> ExitStatus {
        guard args.flag("effective") else {
            console.err("error: say what to show: `--effective`\nsee `playbook show --help`\n")
            return .usage
        }
        let workspace = Workspace.load(paths: args.positionals.isEmpty ? [CheckCommand.defaultPath] : args.positionals)
        let diagnostics = workspace.diagnostics.sorted
        console.err(DiagnosticRenderer.text(diagnostics, sources: workspace.sources))
        if workspace.hasErrors {
            console.err(DiagnosticRenderer.summary(workspace.diagnostics) + "\n")
            return .failure
        }
        console.out(EffectiveRenderer.render(workspace))
        return .success
    }
}
