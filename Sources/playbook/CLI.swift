import PlaybookLanguage

/// The top level: picks the command, turns usage errors into one line and exit status 2.
enum CLI {
    static let version = "0.1.0"

    struct Command: Sendable {
        var spec: CommandSpec
        var run: @Sendable (ParsedArguments, Console) -> ExitStatus
    }

    static let commands: [Command] = [
        Command(spec: CheckCommand.spec, run: CheckCommand.run),
        Command(spec: FormatCommand.spec, run: FormatCommand.run),
        Command(spec: TestCommand.spec, run: TestCommand.run),
        Command(spec: ShowCommand.spec, run: ShowCommand.run),
        Command(spec: ImportCommand.spec, run: ImportCommand.run),
        Command(spec: RunCommand.spec(dryRun: true), run: { RunCommand.run($0, console: $1, dryRun: true) }),
        Command(spec: RunCommand.spec(dryRun: false), run: { RunCommand.run($0, console: $1, dryRun: false) }),
        Command(spec: TasksCommand.spec, run: TasksCommand.run),
        Command(spec: TaskCommand.spec, run: TaskCommand.run),
        Command(spec: ExplainCommand.spec, run: ExplainCommand.run),
        Command(spec: ReportCommand.spec, run: ReportCommand.run),
        Command(spec: StatusCommand.spec, run: StatusCommand.run),
        Command(spec: GenerateCommand.spec, run: GenerateCommand.run),
        Command(spec: SchemaCommand.spec, run: SchemaCommand.run),
        Command(spec: HelpText.helpSpec, run: { _, _ in .success }),
    ]

    static func command(named name: String) -> Command? { commands.first { $0.spec.name == name } }

    static func run(_ args: [String], console: Console) -> ExitStatus {
        do {
            return try dispatch(args, console: console)
        } catch {
            return console.fail(error)
        }
    }

    private static func dispatch(_ args: [String], console: Console) throws(UsageError) -> ExitStatus {
        guard let first = args.first else {
            throw UsageError("missing command (one of: \(commandNames.joined(separator: ", ")))", command: nil)
        }
        let rest = Array(args.dropFirst())
        switch first {
        case "--help", "-h":
            console.out(HelpText.general())
            return .success
        case "--version":
            console.out("playbook \(version)\n")
            return .success
        case "help":
            return try help(rest, console: console)
        default:
            break
        }
        if ArgumentParser.looksLikeOption(first) {
            throw UsageError("unknown option `\(first)`", command: nil,
                             suggestion: ArgumentParser.suggestOption(first, in: ["help", "version"]))
        }
        guard let command = command(named: first) else {
            throw UsageError("unknown command `\(first)`", command: nil,
                             suggestion: Suggestions.closest(to: first, in: commandNames))
        }
        let parsed = try ArgumentParser.parse(rest, spec: command.spec)
        if parsed.wantsHelp {
            console.out(HelpText.command(command.spec))
            return .success
        }
        return command.run(parsed, console)
    }

    /// `playbook help` and `playbook help <command>`.
    private static func help(_ args: [String], console: Console) throws(UsageError) -> ExitStatus {
        let parsed = try ArgumentParser.parse(args, spec: HelpText.helpSpec)
        if parsed.wantsHelp {
            console.out(HelpText.command(HelpText.helpSpec))
            return .success
        }
        guard let name = parsed.positionals.first else {
            console.out(HelpText.general())
            return .success
        }
        guard let command = command(named: name) else {
            throw UsageError("unknown command `\(name)`", command: nil,
                             suggestion: Suggestions.closest(to: name, in: commandNames))
        }
        console.out(HelpText.command(command.spec))
        return .success
    }

    static var commandNames: [String] { commands.map(\.spec.name) }
}
