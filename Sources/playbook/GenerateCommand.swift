import Foundation
import Generate
import PlaybookLanguage

/// `playbook generate`: a synthetic repository export for demos and benchmarks.
enum GenerateCommand {
    static let spec = CommandSpec(
        name: "generate",
        abstract: "Write a realistic synthetic repository export (CSV files in the import format)",
        usage: "playbook generate --accounts N --seed S --out DIR [--as-of YYYY-MM-DD]",
        discussion: """
            Writes one CSV file per entity (see docs/import.md) into DIR. The same N, seed and date
            give byte-identical files. Most accounts are healthy, all seven phases are present,
            and every information state and proposal status appears.
            """,
        options: [
            OptionSpec(name: "accounts", valueName: "N", help: "How many accounts"),
            OptionSpec(name: "seed", valueName: "S", help: "Random seed (default: 1)"),
            OptionSpec(name: "out", valueName: "dir", help: "Directory to write (created if missing)"),
            OptionSpec(name: "as-of", valueName: "YYYY-MM-DD", help: "The day the data is current to (default: 2026-11-23)"),
        ],
        maxPositionals: 0)

    static func run(_ args: ParsedArguments, console: Console) -> ExitStatus {
        guard let n = args.value("accounts").flatMap(Int.init), n > 0 else {
            return console.fail(UsageError("--accounts takes a positive number", command: spec.name))
        }
        guard let seed = UInt64(args.value("seed") ?? "1") else {
            return console.fail(UsageError("--seed takes a whole number", command: spec.name))
        }
        guard let out = args.value("out") else {
            return console.fail(UsageError("--out DIR is required", command: spec.name))
        }
        guard let asOf = CivilDate.parse(args.value("as-of") ?? "2026-11-23") else {
            return console.fail(UsageError("--as-of takes YYYY-MM-DD", command: spec.name))
        }
        do {
            let summary = try Generator.write(accounts: n, seed: seed, asOf: asOf, to: out)
            for f in summary.files { console.err("\(f.file): \(f.rows) rows\n") }
            console.err("\(summary.accounts) accounts, \(summary.totalRows) rows in \(out)\n")
            return .success
        } catch {
            return console.fail(error)
        }
    }
}
