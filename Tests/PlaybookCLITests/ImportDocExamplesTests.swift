import Foundation
import Testing

/// Every example in docs/import.md is imported by the built binary, as the page shows it. Each
/// code block carries a comment, `<!-- example GROUP: FILE -->` or `<!-- example GROUP: run -->`:
/// a group's files are written into a directory of their own, then its `run` block is run there
/// (`$ command` lines, each followed by the output it prints), or, without one, the files are
/// imported. What the page describes but does not show (the repository a sync starts from, the
/// playbook that declares a custom column) is set up here, per group.
@Suite struct ImportDocExamplesTests {
    struct Block {
        var group: String
        var target: String
        var text: String
    }

    static func blocks() throws -> [Block] {
        try DocBlock.read("docs/import.md").map { block in
            let example = try #require(block.example, "\(block): a code block of docs/import.md has no `<!-- example GROUP: FILE -->` above it:\n\(block.text)")
            return Block(group: example.group, target: example.file, text: block.text)
        }
    }

    /// What each group needs besides its blocks: files written first and imported before the
    /// example runs (`setup/`), and files the example's import reads along with its own.
    static let setup: [String: (before: [(String, String)], beside: [(String, String)])] = [
        "stakeholders-csv": ([], [("accounts.csv", "id,name,phase\nacme,Acme,2\n"), ("Playbooks/fields.playbook", "field stakeholder.linkedin: text\n")]),
        "stakeholders-json": ([], [("accounts.csv", "id,name,phase\nacme,Acme,2\n"), ("Playbooks/fields.playbook", "field stakeholder.linkedin: text\n")]),
        "raci": ([], [("accounts.csv", "id,name,phase\nacme,Acme,2\n")]),
        // docs: six accounts and three stakeholders; then beta moved to phase 4, f1 churned, x1
        // is new and beta's stakeholder left.
        "sync": ([("accounts.csv", "id,name,phase\nacme,Acme,6\nbeta,Beta,3\ngamma,Gamma,2\nd1,D1,1\ne1,E1,1\nf1,F1,1\n"),
                  ("stakeholders.csv", "account_id,id,name\nacme,s1,Sam\nacme,s2,Sue\nbeta,s3,Bo\n")],
                 [("exports/accounts.csv", "id,name,phase\nacme,Acme,6\nbeta,Beta,4\ngamma,Gamma,2\nd1,D1,1\ne1,E1,1\nx1,X,1\n"),
                  ("exports/stakeholders.csv", "account_id,id,name\nacme,s1,Sam\nacme,s2,Sue\n")]),
        "crm": ([], []),
    ]

    @Test func everyBlockBelongsToAGroupThisTestKnows() throws {
        let groups = Set(try Self.blocks().map(\.group))
        #expect(groups == Set(Self.setup.keys))
    }

    @Test(arguments: ["stakeholders-csv", "stakeholders-json", "raci", "sync", "crm"])
    func exampleImports(_ group: String) throws {
        let blocks = try Self.blocks().filter { $0.group == group }
        try #require(!blocks.isEmpty, "docs/import.md has no example \(group)")
        let dir = try TempDir()
        let environment = ["PLAYBOOK_REPOSITORY": dir.url.appendingPathComponent("repository.sqlite").path]
        let (before, beside) = try #require(Self.setup[group])
        for (name, text) in before { try dir.write("setup/\(name)", text) }
        if !before.isEmpty {
            let r = try Playbook.run(["import", "setup"], in: dir.url, environment: environment)
            try #require(r.status == 0, "\(r.stderr)")
        }
        for (name, text) in beside { try dir.write(name, text) }
        for b in blocks where b.target != "run" { try dir.write(b.target, b.text) }

        let runs = blocks.filter { $0.target == "run" }
        if runs.isEmpty {
            // A file on its own: it imports, and every row of it is added.
            let r = try Playbook.run(["import", "."], in: dir.url, environment: environment)
            #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
            for b in blocks {
                let entity = String(b.target.split(separator: ".")[0])
                let rows = b.target.hasSuffix(".json") ? b.text.components(separatedBy: "\"account_id\"").count - 1
                    : b.text.split(separator: "\n").count - 1
                let added = entity == "raci" ? 5 : rows // the grid: one row per filled cell
                #expect(r.stdout.contains("\(entity): \(added) added"), "\(r.stdout)")
            }
        }
        for b in runs {
            for (command, expected) in Self.commands(b.text) {
                let words = Self.words(command)
                try #require(words.first == "playbook", "only playbook commands: \(command)")
                let r = try Playbook.run(Array(words.dropFirst()), in: dir.url, environment: environment)
                #expect(r.status == 0, "\(command)\n\(r.stdout)\(r.stderr)")
                if let expected { #expect(r.stdout + r.stderr == expected, "\(command)") }
            }
        }
    }

    /// `$ command` lines with the output after each, or bare lines that are commands.
    static func commands(_ text: String) -> [(String, String?)] {
        let lines = text.split(separator: "\n").map(String.init)
        guard lines.contains(where: { $0.hasPrefix("$ ") }) else { return lines.map { ($0, nil) } }
        var out: [(String, String?)] = []
        for line in lines {
            if line.hasPrefix("$ ") { out.append((String(line.dropFirst(2)), "")) } else { out[out.count - 1].1! += line + "\n" }
        }
        return out
    }

    /// Splits a command line at spaces; no quoting is needed by the page's commands.
    static func words(_ command: String) -> [String] { command.split(separator: " ").map(String.init) }
}
