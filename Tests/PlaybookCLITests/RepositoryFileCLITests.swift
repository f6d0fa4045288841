import Foundation
import Testing

/// Every command against a repository path that holds nothing usable: only `import` creates a
/// missing repository; an empty or foreign file is exit 4 for every command, left byte for byte,
/// and `run --report` / `report` never delete a CSM's list because of it.
@Suite struct RepositoryFileCLITests {
    static let playbook = """
        playbook "files" {
          title "Files"
          rule "review" {
            when account.phase >= 1
            task { title "Review {account.name}" owner account.csm else "cs-ops" }
          }
        }

        """

    static let accounts = "id,name,phase,csm\nacme,Acme,2,Ana\nglobex,Globex,3,Bo\n"

    /// Every command that opens the repository, with its arguments after `--repository PATH`.
    static func commands(_ dir: TempDir, playbook: String) -> [(String, [String])] {
        let out = dir.url.appendingPathComponent("lists").path
        return [
            ("plan", ["plan", "--as-of", "2026-11-23", playbook]),
            ("run", ["run", "--as-of", "2026-11-23", playbook]),
            ("run --report", ["run", "--as-of", "2026-11-23", "--report", out, playbook]),
            ("tasks", ["tasks"]),
            ("report", ["report", "--out", out, "--as-of", "2026-11-23"]),
            ("explain", ["explain", "1"]),
            ("task done", ["task", "done", "1"]),
        ]
    }

    /// A repository with two CSMs' lists written into `lists/`.
    static func repositoryWithLists(_ dir: TempDir) throws -> (repo: String, playbook: String) {
        let repo = dir.url.appendingPathComponent("repo.sqlite").path
        let playbook = try dir.write("p.playbook", playbook).path
        try dir.write("in/accounts.csv", accounts)
        let imported = try Playbook.run(["import", "--repository", repo, dir.url.appendingPathComponent("in").path])
        try #require(imported.status == 0, "\(imported.stderr)")
        let run = try Playbook.run(["run", "--repository", repo, "--as-of", "2026-11-22", "--report",
                                    dir.url.appendingPathComponent("lists").path, playbook])
        try #require(run.status == 0, "\(run.stderr)")
        return (repo, playbook)
    }

    static func lists(_ dir: TempDir) throws -> [String: Data] {
        let d = dir.url.appendingPathComponent("lists")
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: d.path) {
            out[name] = try Data(contentsOf: d.appendingPathComponent(name))
        }
        return out
    }

    static let unusable: [(String, [UInt8], String)] = [
        ("zero-length", [], "is empty; to start a new repository, remove it and run `playbook import`"),
        ("text", Array("not a database\n".utf8), "not an SQLite database"),
        ("truncated header", Array("SQLite format 3\u{0}\u{10}\u{0}".utf8), "too short"),
    ]

    @Test(arguments: unusable)
    func unusableFileIsExit4ForEveryCommandAndKeepsTheLists(kind: String, content: [UInt8], phrase: String) throws {
        let dir = try TempDir()
        defer { withExtendedLifetime(dir) {} }
        let (repo, playbook) = try Self.repositoryWithLists(dir)
        let lists = try Self.lists(dir)
        #expect(lists.keys.contains("ana.md") && lists.keys.contains("bo.md"), "\(lists.keys.sorted())")
        // The file is replaced by something that is not a repository (a truncated copy, a
        // wrong file restored, a text file at the path in the crontab).
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: repo + suffix) }
        try Data(content).write(to: URL(fileURLWithPath: repo))
        for (name, args) in Self.commands(dir, playbook: playbook) + [("import", ["import", dir.url.appendingPathComponent("in").path])] {
            let r = try Playbook.run([args[0], "--repository", repo] + args.dropFirst())
            #expect(r.status == 4, "\(kind): `\(name)` exited \(r.status): \(r.stderr)")
            #expect(r.stderr.contains("not a Playbook repository") && r.stderr.contains(phrase), "\(kind): `\(name)`: \(r.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: repo)) == Data(content), "\(kind): `\(name)` changed the file")
            #expect(try Self.lists(dir) == lists, "\(kind): `\(name)` changed the task lists")
        }
    }

    @Test func missingRepositoryIsCreatedOnlyByImport() throws {
        let dir = try TempDir()
        defer { withExtendedLifetime(dir) {} }
        let repo = dir.url.appendingPathComponent("repo.sqlite").path
        let playbook = try dir.write("p.playbook", Self.playbook).path
        for (name, args) in Self.commands(dir, playbook: playbook) {
            let r = try Playbook.run([args[0], "--repository", repo] + args.dropFirst())
            #expect(r.status == 4, "`\(name)` exited \(r.status): \(r.stderr)")
            #expect(r.stderr.contains("no repository at \(repo); create it with `playbook import`"), "`\(name)`: \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: repo), "`\(name)` created the repository")
            #expect(!FileManager.default.fileExists(atPath: dir.url.appendingPathComponent("lists").path), "`\(name)` wrote lists")
        }
        try dir.write("in/accounts.csv", Self.accounts)
        let imported = try Playbook.run(["import", "--repository", repo, dir.url.appendingPathComponent("in").path])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(FileManager.default.fileExists(atPath: repo))
    }
}

/// A repository whose task-identity index is gone: every write is exit 4, says "damaged" and
/// "restore it from a backup", and leaves the file as it was.
@Suite struct DamagedRepositoryCLITests {
    @Test func damagedRepositoryIsExit4AndUntouched() throws {
        let dir = try TempDir()
        defer { withExtendedLifetime(dir) {} }
        let (repo, playbook) = try RepositoryFileCLITests.repositoryWithLists(dir)
        let lists = try RepositoryFileCLITests.lists(dir)
        try #require(SQLite3.available, "the sqlite3 tool damages the file here")
        _ = try SQLite3.query(repo, "DROP INDEX tasks_one_active")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: repo))
        let writes: [(String, [String])] = [
            ("run --report", ["run", "--as-of", "2026-11-23", "--report", dir.url.appendingPathComponent("lists").path, playbook]),
            ("import", ["import", dir.url.appendingPathComponent("in").path]),
            ("task dismiss", ["task", "dismiss", "1"]),
        ]
        for (name, args) in writes {
            let r = try Playbook.run([args[0], "--repository", repo] + args.dropFirst())
            #expect(r.status == 4, "`\(name)` exited \(r.status): \(r.stderr)")
            #expect(r.stderr.contains("the repository is damaged") && r.stderr.contains("tasks_one_active")
                    && r.stderr.contains("restore it from a backup"), "`\(name)`: \(r.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: repo)) == bytes, "`\(name)` wrote into the damaged file")
            #expect(try RepositoryFileCLITests.lists(dir) == lists, "`\(name)` changed the task lists")
        }
    }
}
