import Foundation
import Testing

/// Data printed to a terminal or a cron log is text, never control: an account name, owner or
/// title holding ESC (terminal escapes), BEL, CR or LF (a forged log line) is printed with the
/// controls made harmless, as the report files do, in `tasks`, `explain` and `task`.
@Suite struct TerminalOutputTests {
    static let esc = "\u{1B}"
    /// An account name that would recolour the terminal, ring the bell and forge a log line.
    static let hostileName = "Evil\(esc)[31m Corp\u{07}\r\nrun #99 as of 2026-01-01: 0 accounts"
    static let hostileOwner = "Mallory\(esc)]0;owned\u{07}\rX"

    static func setUp(_ dir: TempDir) throws -> String {
        let repo = dir.url.appendingPathComponent("repo.sqlite").path
        let csv = "id,name,phase,csm\nevil,\"\(hostileName)\",2,\"\(hostileOwner)\"\n"
        try dir.write("in/accounts.csv", csv)
        let playbook = try dir.write("p.playbook", """
            playbook "t" {
              title "T"
              rule "review" {
                when account.phase >= 1
                task {
                  title "Review {account.name}"
                  description "About {account.name}"
                  owner account.csm else "cs-ops"
                }
              }
            }

            """).path
        let imported = try Playbook.run(["import", "--repository", repo, dir.url.appendingPathComponent("in").path])
        try #require(imported.status == 0, "\(imported.stderr)")
        let run = try Playbook.run(["run", "--repository", repo, "--as-of", "2026-11-23", playbook])
        try #require(run.status == 0, "\(run.stderr)")
        return repo
    }

    /// No control character but LF (which ends the program's own lines) and tab.
    static func controls(_ s: String) -> [String] {
        s.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) }
            .map { String(format: "U+%04X", $0.value) }
    }

    @Test func tasksExplainAndTaskPrintNoControls() throws {
        let dir = try TempDir()
        defer { withExtendedLifetime(dir) {} }
        let repo = try Self.setUp(dir)
        let commands: [([String], Int)] = [
            (["tasks"], 1),
            (["tasks", "--group", "owner"], 2),
            (["tasks", "--group", "account"], 2),
            (["explain", "1"], 0),
            (["task", "snooze", "1", "--until", "2026-12-01", "--as-of", "2026-11-23", "--by", "Eve\u{1B}[2J", "--note", "line\nrun #100"], 1),
        ]
        for (args, lines) in commands {
            let r = try Playbook.run([args[0], "--repository", repo] + args.dropFirst())
            #expect(r.status == 0, "\(args): \(r.stderr)")
            #expect(Self.controls(r.stdout).isEmpty, "\(args) printed \(Self.controls(r.stdout)): \(r.stdout.debugDescription)")
            // By scalars: "\r\n" is one Character, which a split on "\n" would not cut.
            let printed = r.stdout.unicodeScalars.split(separator: "\n").map { String(String.UnicodeScalarView($0)) }
            #expect(!printed.contains { $0.hasPrefix("run #") }, "\(args) printed a forged line: \(r.stdout)")
            if lines > 0 { #expect(printed.count == lines, "\(args): \(r.stdout)") }
            // The text is still there to read.
            #expect(r.stdout.contains("Mallory") && r.stdout.contains("Evil"), "\(args): \(r.stdout)")
        }
        let history = try Playbook.run(["explain", "1", "--repository", repo])
        #expect(Self.controls(history.stdout).isEmpty && history.stdout.contains("line run #100"), "\(history.stdout.debugDescription)")
    }

    /// JSON escapes every control character itself.
    @Test func jsonOutputEscapesControls() throws {
        let dir = try TempDir()
        defer { withExtendedLifetime(dir) {} }
        let repo = try Self.setUp(dir)
        let r = try Playbook.run(["tasks", "--repository", repo, "--format", "json"])
        #expect(r.status == 0)
        #expect(Self.controls(r.stdout).isEmpty, "\(r.stdout.debugDescription)")
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(parsed.first?["owner"] as? String == Self.hostileOwner)
    }
}

/// `plan` lists an action per line in the cron log: data in it must not forge or recolour lines.
@Suite struct PlanOutputTests {
    @Test func planPrintsNoControlsFromTheData() throws {
        let dir = try TempDir()
        defer { withExtendedLifetime(dir) {} }
        let repo = try TerminalOutputTests.setUp(dir)
        // A second playbook, so the plan has a task to create from the hostile account.
        let second = try dir.write("q.playbook", """
            playbook "u" {
              title "U"
              rule "call" {
                when account.phase >= 1
                task { title "Call {account.name}" owner account.csm }
              }
            }

            """).path
        let r = try Playbook.run(["plan", "--repository", repo, "--as-of", "2026-11-24", "--fallback-owner", "q\u{1B}[2J",
                                  dir.url.appendingPathComponent("p.playbook").path, second])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("create    u/call for evil: Call Evil"), "\(r.stdout)")
        #expect(TerminalOutputTests.controls(r.stdout + r.stderr).isEmpty, "\(r.stdout.debugDescription)")
        #expect(!r.stdout.unicodeScalars.split(separator: "\n").contains { String(String.UnicodeScalarView($0)).hasPrefix("run #99") })
    }
}
