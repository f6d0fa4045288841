import PlaybookLanguage

/// `playbook show --effective [PATH…]`: playbooks as they apply once customisations are merged.
enum ShowCommand {
    static let spec = CommandSpec(
        name: "show",
        abstract: "Show playbooks as they take effect after customisations",
        usage: "playbook show --effective|--catalog [<path> ...]",
        discussion: """
            Paths are read as for `playbook check`; with no path, `Playbooks/` is read. Each base
            playbook is printed once for accounts no customisation applies to, then once per chain
            of customisations, every setting labelled with the file and line it comes from.
            Playbooks with errors are not shown: their problems are printed as by `check`.

            `--catalog` prints instead a Markdown table of every rule of the base playbooks: its
            trigger, the parameters it reads with their defaults, and its task (docs/framework.md
            is `playbook show --catalog Playbooks/framework/`).
            """,
        options: [OptionSpec(name: "effective", valueName: nil,
                             help: "Show each playbook with its customisations applied"),
                  OptionSpec(name: "catalog", valueName: nil,
                             help: "Print a Markdown table of every rule")],
        maxPositionals: nil)

    static func run(_ args: ParsedArguments, console: Console) -> ExitStatus {
        guard args.flag("effective") != args.flag("catalog") else {
            return console.fail(UsageError("say what to show: `--effective` or `--catalog`", command: spec.name))
        }
        let workspace = Workspace.load(paths: args.positionals.isEmpty ? [CheckCommand.defaultPath] : args.positionals)
        let diagnostics = workspace.diagnostics.sorted
        console.err(DiagnosticRenderer.text(diagnostics, sources: workspace.sources))
        if workspace.hasErrors {
            console.err(DiagnosticRenderer.summary(workspace.diagnostics) + "\n")
            return .failure
        }
        console.out(args.flag("catalog") ? RuleCatalog.markdown(workspace) : EffectiveRenderer.render(workspace))
        return .success
    }
}
