import PlaybookTesting

/// `playbook test [PATH…]`: run the test cases kept next to the playbooks (docs/testing.md).
enum TestCommand {
    static let spec = CommandSpec(
        name: "test",
        abstract: "Run the test cases kept next to the playbooks",
        usage: "playbook test [--coverage] [--format text|json] [<path> ...]",
        discussion: """
            Each path is a test file (read whatever its extension) or a directory, searched
            recursively for `.test` files; hidden files and directories are skipped. With no path,
            `Playbooks/` is searched. A test file tests the playbooks in its own directory, or those
            its `playbooks` line names. Every case runs against its own in-memory repository.

            Prints a line per case, a diff of expected against actual tasks for each failure, and
            `N passed, N failed`. Problems in test files and playbooks go to standard error. With
            `--coverage`, also lists the rules, and the operands of their `and` / `or`, that no case
            saw both true and false. See docs/testing.md.
            """,
        options: [
            OptionSpec(name: "coverage", valueName: nil, help: "Report rules and branches no case exercised"),
            OptionSpec(name: "format", valueName: "text|json", help: "Output format (default: text)"),
        ],
        maxPositionals: nil)

    static func run(_ args: ParsedArguments, console: Console) -> ExitStatus {
        let format: OutputFormat
        do { format = try OutputFormat.parse(args.value("format"), command: spec.name) } catch {
            return console.fail(error)
        }
        let result = PlaybookTests.run(paths: args.positionals.isEmpty ? [PlaybookTests.defaultPath] : args.positionals,
                                       coverage: args.flag("coverage"))
        switch format {
        case .text:
            console.err(TestReport.problems(result))
            console.out(TestReport.text(result))
        case .json:
            // The playbooks' own problems stay in the language's layout, for people.
            console.err(result.playbookProblems.joined())
            console.out(TestReport.json(result))
        }
        return result.succeeded ? .success : .failure
    }
}
