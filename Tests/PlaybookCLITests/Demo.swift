import Foundation
import Testing

/// The steps of `scripts/demo`, read from the script itself so that a test runs exactly what the
/// README's first command runs: its `playbooks=(…)` and the `--as-of` dates of its `run` lines.
enum Demo {
    static let root = DocBlock.root

    static func script() throws -> [String] {
        String(decoding: try Data(contentsOf: root.appendingPathComponent("scripts/demo")), as: UTF8.self)
            .split(separator: "\n").map(String.init)
    }

    /// The script's playbook paths, absolute.
    static func playbooks() throws -> [String] {
        let line = try #require(try script().first { $0.hasPrefix("playbooks=(") && $0.hasSuffix(")") }, "scripts/demo has no `playbooks=(…)` line")
        return line.dropFirst("playbooks=(".count).dropLast().split(separator: " ").map { root.appendingPathComponent(String($0)).path }
    }

    /// The `--as-of` dates of the script's runs, in order.
    static func nights() throws -> [String] {
        try script().filter { $0.contains("\" run ") }.compactMap { $0.firstMatch(of: /--as-of (\d{4}-\d\d-\d\d)/).map { String($0.1) } }
    }

    /// Imports Samples/ into a fresh repository in `dir` and runs the nights, as the script does.
    /// Returns the repository's path.
    static func run(in dir: TempDir) throws -> String {
        let repo = dir.url.appendingPathComponent("demo.sqlite").path
        let playbooks = try playbooks()
        let imported = try Playbook.run(["import", "--repository", repo] + playbooks.flatMap { ["--playbooks", $0] } + [root.appendingPathComponent("Samples").path])
        try #require(imported.status == 0, "\(imported.stderr)")
        let nights = try nights()
        try #require(nights.count == 2, "scripts/demo runs two nights: \(nights)")
        for night in nights {
            let run = try Playbook.run(["run", "--repository", repo, "--as-of", night] + playbooks)
            try #require(run.status == 0, "\(run.stderr)")
        }
        return repo
    }

    /// The tasks `playbook tasks` lists, as JSON objects.
    static func tasks(_ repo: String, _ options: [String] = []) throws -> [[String: Any]] {
        let listed = try Playbook.run(["tasks", "--repository", repo, "--format", "json"] + options)
        try #require(listed.status == 0, "\(listed.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
    }
}
