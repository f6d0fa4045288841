/// Help screens, built from the same `CommandSpec`s the parser reads so they cannot disagree.
enum HelpText {
    static let helpSpec = CommandSpec(
        name: "help",
        abstract: "Show help for playbook or one of its commands",
        usage: "playbook help [<command>]",
        discussion: "",
        options: [],
        maxPositionals: 1)

    static let exitStatus = """
        EXIT STATUS:
          0  no errors (warnings are allowed)
          1  errors found, files that could not be read, (fmt --check) files not formatted, or (run) a date before the latest run
          2  the command line was wrong
          3  another run holds the repository and did not finish within --wait
          4  the repository cannot be used (missing, damaged, read-only, or newer than this playbook)
          5  (run) a guard stopped the run before it wrote anything: it would resolve too many tasks, or the
             tasks of rules its playbooks lack; --allow-mass-resolve lets a deliberate change through
        """

    static func general() -> String {
        let width = CLI.commands.map(\.spec.name.count).max() ?? 0
        var s = """
            OVERVIEW: Customer-success playbooks: check them, run them against the central repository, and hand each CSM their tasks

            USAGE: playbook <command> [<options>] [<path> ...]

            COMMANDS:

            """
        for c in CLI.commands {
            s += "  " + pad(c.spec.name, width) + "  " + c.spec.abstract + "\n"
        }
        s += """

            OPTIONS:
              -h, --help  Show help
              --version   Show the version

            \(exitStatus)

            See `playbook help <command>` for the options of a command.

            """
        return s
    }

    static func command(_ spec: CommandSpec) -> String {
        var s = "OVERVIEW: \(spec.abstract)\n\nUSAGE: \(spec.usage)\n"
        if !spec.discussion.isEmpty { s += "\n" + spec.discussion + "\n" }
        let rows = spec.options.map { ($0.display, $0.help) } + [("-h, --help", "Show help for this command")]
        let width = rows.map(\.0.count).max() ?? 0
        s += "\nOPTIONS:\n"
        for (name, help) in rows { s += "  " + pad(name, width) + "  " + help + "\n" }
        if spec.name != helpSpec.name { s += "\n" + exitStatus + "\n" }
        return s
    }

    private static func pad(_ s: String, _ width: Int) -> String {
        s + String(repeating: " ", count: max(0, width - s.count))
    }
}
