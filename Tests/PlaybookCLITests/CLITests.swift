import Foundation
import Testing

@Suite struct CLITests {
    /// Passes the checker with no diagnostics at all.
    static let clean = """
        playbook "p" {
          title "P"
          rule "r" {
            when account.health.score < 60
            task { title "Fix {account.name}" owner account.csm due in 3 days }
          }
        }

        """

    /// Parses, but not in canonical layout.
    static let messy = """
        playbook    "p" {
        title "P"
              rule "r" { when account.health.score<60
        task { title "Fix {account.name}"   owner account.csm due in 3 days } }
        }
        """

    static let broken = """
        playbook "p" {
          title "P"
          rule "r" {
            when account.health.score < (60
          }
        }

        """

    // MARK: Help and usage errors

    @Test func help() throws {
        let r = try Playbook.run(["--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("USAGE: playbook <command>"))
        for command in ["check", "fmt", "show", "help"] { #expect(r.stdout.contains("  \(command) ")) }
        #expect(r.stderr.isEmpty)
    }

    @Test(arguments: ["check", "fmt", "show", "help"])
    func commandHelp(_ command: String) throws {
        let r = try Playbook.run([command, "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("OVERVIEW: "))
        #expect(r.stdout.contains("USAGE: playbook \(command)"))
        #expect(r.stderr.isEmpty)
        // `playbook help <command>` prints the same screen.
        #expect(try Playbook.run(["help", command]).stdout == r.stdout)
    }

    @Test func helpWinsOverOtherMistakes() throws {
        let r = try Playbook.run(["check", "--bogus", "-h"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("USAGE: playbook check"))
    }

    @Test func version() throws {
        let r = try Playbook.run(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("playbook "))
    }

    @Test func missingCommand() throws {
        let r = try Playbook.run([])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("see `playbook --help`"))
    }

    @Test func unknownCommand() throws {
        let r = try Playbook.run(["chek"])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "error: unknown command `chek`; did you mean `check`?\nsee `playbook --help`\n")
    }

    @Test func unknownOption() throws {
        let r = try Playbook.run(["check", "--formt", "json"])
        #expect(r.status == 2)
        #expect(r.stderr == "error: unknown option `--formt`; did you mean `--format`?\nsee `playbook check --help`\n")
    }

    /// Every "did you mean" of the command line (options, commands, values) comes from the
    /// language's `Suggestions`; these pin what it offers, and when it offers nothing.
    @Test(arguments: [
        (["check", "--formt"], "unknown option `--formt`; did you mean `--format`?"),
        (["check", "-format"], "unknown option `-format`; did you mean `--format`?"),
        (["check", "-formt"], "unknown option `-formt`; did you mean `--format`?"),
        (["check", "--FORMAT"], "unknown option `--FORMAT`; did you mean `--format`?"),
        (["check", "--hlep"], "unknown option `--hlep`; did you mean `--help`?"),
        (["check", "--xyz"], "unknown option `--xyz`"),
        (["run", "--as-off", "2026-01-01"], "unknown option `--as-off`; did you mean `--as-of`?"),
        (["tasks", "--form", "json"], "unknown option `--form`; did you mean `--format`?"),
        (["status", "--wiat=3"], "unknown option `--wiat`; did you mean `--wait`?"),
        (["--verison"], "unknown option `--verison`; did you mean `--version`?"),
        (["fmat"], "unknown command `fmat`; did you mean `fmt`?"),
        (["help", "tsks"], "unknown command `tsks`; did you mean `tasks`?"),
        (["check", "--format", "jsn"], "unknown format `jsn` (expected text or json); did you mean `json`?"),
        (["tasks", "--group", "ownr"], "--group takes owner, account or none, not `ownr`; did you mean `owner`?"),
        (["task", "dne", "1"], "unknown action `dne` (done, dismiss, reopen or snooze); did you mean `done`?"),
    ])
    func didYouMean(_ args: [String], message: String) throws {
        let r = try Playbook.run(args)
        #expect(r.status == 2)
        #expect(r.stderr.split(separator: "\n").first.map(String.init) == "error: " + message, "\(r.stderr)")
    }

    @Test(arguments: [["check", "--format"], ["check", "--format", "--write"], ["check", "--format=xml"],
                      ["fmt"], ["fmt", "--write", "--check", "x"], ["fmt", "--write=yes", "x"], ["help", "a", "b"]])
    func usageErrors(_ args: [String]) throws {
        let r = try Playbook.run(args)
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("error: "))
        #expect(r.stderr.hasSuffix("see `playbook \(args[0]) --help`\n"))
        #expect(r.stderr.split(separator: "\n").count == 2)
    }

    // MARK: check

    @Test func checkMissingPath() throws {
        let dir = try TempDir()
        let r = try Playbook.run(["check", "nowhere.playbook"], in: dir.url)
        #expect(r.status == 1)
        #expect(r.stderr.contains("nowhere.playbook: error: cannot read file: no such file or directory [PB001]"))
    }

    @Test func checkDefaultsToPlaybooksDirectory() throws {
        let dir = try TempDir()
        #expect(try Playbook.run(["check"], in: dir.url).stderr.contains("Playbooks/: error:"))
        try dir.write("Playbooks/p.playbook", Self.clean)
        let r = try Playbook.run(["check"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty)
    }

    @Test func checkBrokenPlaybook() throws {
        let dir = try TempDir()
        try dir.write("broken.playbook", Self.broken)
        let r = try Playbook.run(["check", dir.url.path])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let path = dir.url.appendingPathComponent("broken.playbook").path
        let header = try #require(lines.firstIndex { $0.hasPrefix(path + ":") && $0.contains(": error: ") })
        let location = lines[header].dropFirst(path.count + 1).split(separator: ":")
        #expect(Int(location[0]) != nil && Int(location[1]) != nil, "line:col after the path: \(lines[header])")
        #expect(lines[header + 2].trimmingCharacters(in: .whitespaces).hasPrefix("^"), "caret line: \(r.stderr)")
        #expect(lines.contains { $0.hasSuffix(" warnings") || $0.hasSuffix(" warning") }, "summary line")
    }

    @Test func checkJSON() throws {
        let dir = try TempDir()
        try dir.write("broken.playbook", Self.broken)
        try dir.write("clean.playbook", Self.clean.replacingOccurrences(of: "\"p\"", with: "\"q\""))
        let r = try Playbook.run(["check", "--format=json", dir.url.path])
        #expect(r.status == 1)
        #expect(r.stderr.isEmpty)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(!array.isEmpty)
        for d in array {
            #expect((d["code"] as? String)?.hasPrefix("PB") == true)
            #expect(d["severity"] as? String == "error" || d["severity"] as? String == "warning")
            #expect((d["file"] as? String)?.hasSuffix("broken.playbook") == true)
            #expect(d["line"] is Int && d["column"] is Int && d["endLine"] is Int && d["endColumn"] is Int)
            #expect(d["notes"] is [Any])
        }

        let clean = try Playbook.run(["check", "--format", "json", dir.url.appendingPathComponent("clean.playbook").path])
        #expect(clean.status == 0, "\(clean.stdout)")
        #expect(clean.stdout == "[]\n")
    }

    @Test func doubleDashEndsOptions() throws {
        let dir = try TempDir()
        let r = try Playbook.run(["check", "--", "--format"], in: dir.url)
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("--format: error: cannot read file"))
    }

    // MARK: fmt

    @Test func fmtCheck() throws {
        let dir = try TempDir()
        let messy = try dir.write("messy.playbook", Self.messy)
        let printed = try Playbook.run(["fmt", messy.path])
        #expect(printed.status == 0, "\(printed.stderr)")
        #expect(!printed.stdout.isEmpty)
        let tidy = try dir.write("tidy.playbook", printed.stdout)

        let unformatted = try Playbook.run(["fmt", "--check", messy.path, tidy.path])
        #expect(unformatted.status == 1)
        #expect(unformatted.stdout == messy.path + "\n")

        let formatted = try Playbook.run(["fmt", "--check", tidy.path])
        #expect(formatted.status == 0, "\(formatted.stdout)\(formatted.stderr)")
        #expect(formatted.stdout.isEmpty)
    }

    @Test func fmtWriteReplacesTheFileAtomically() throws {
        let dir = try TempDir()
        let messy = try dir.write("messy.playbook", Self.messy)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: messy.path)
        let inodeBefore = try inode(messy)
        let expected = try Playbook.run(["fmt", messy.path]).stdout

        let r = try Playbook.run(["fmt", "--write", messy.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(try dir.read("messy.playbook") == expected)
        // A new inode shows the text was renamed into place, not written over the old file.
        #expect(try inode(messy) != inodeBefore)
        let mode = try FileManager.default.attributesOfItem(atPath: messy.path)[.posixPermissions] as? Int
        #expect(mode == 0o640)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == ["messy.playbook"], "no temp file left")

        // Unchanged files are not rewritten at all.
        let inodeAfter = try inode(messy)
        #expect(try Playbook.run(["fmt", "--write", messy.path]).status == 0)
        #expect(try inode(messy) == inodeAfter)
        #expect(try Playbook.run(["fmt", "--check", messy.path]).status == 0)
    }

    @Test func fmtNeverFormatsAFileWithSyntaxErrors() throws {
        let dir = try TempDir()
        let broken = try dir.write("broken.playbook", Self.broken)
        let r = try Playbook.run(["fmt", "--write", broken.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains(broken.path + ":5:3: error: "))
        #expect(try dir.read("broken.playbook") == Self.broken)
    }

    @Test func fmtExpandsDirectories() throws {
        let dir = try TempDir()
        try dir.write("a/messy.playbook", Self.messy)
        try dir.write("a/notes.txt", "not a playbook")
        let r = try Playbook.run(["fmt", "--check", "a"], in: dir.url)
        #expect(r.status == 1)
        #expect(r.stdout == "a/messy.playbook\n")
    }

    // MARK: show

    @Test func showEffective() throws {
        let dir = try TempDir()
        try dir.write("Playbooks/p.playbook", Self.clean)
        let r = try Playbook.run(["show", "--effective"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("playbook \"p\" {"))
        #expect(r.stderr.isEmpty)

        try dir.write("Playbooks/broken.playbook", Self.broken)
        let broken = try Playbook.run(["show", "--effective"], in: dir.url)
        #expect(broken.status == 1)
        #expect(broken.stdout.isEmpty)
        #expect(broken.stderr.contains("Playbooks/broken.playbook:5:3: error: "))

        #expect(try Playbook.run(["show"], in: dir.url).status == 2)
    }

    private func inode(_ url: URL) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: url.path)[.systemFileNumber] as? Int
    }
}
