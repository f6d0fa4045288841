import Foundation
import Testing

/// `playbook import --sync`, `--dry-run` and `--allow-mass-removal` (docs/import.md, "Sync
/// imports and dry runs"; docs/cron.md, "What can go wrong at night").
@Suite struct ImportSyncCLITests {
    static let accounts = "id,name,phase\na,A,1\nb,B,1\nc,C,1\nd,D,1\ne,E,1\n"

    /// A directory holding a repository imported from `accounts`.
    static func imported() throws -> (TempDir, String) {
        let dir = try TempDir()
        let repo = dir.url.appendingPathComponent("repo.sqlite").path
        let file = try dir.write("first/accounts.csv", accounts)
        try #require(try Playbook.run(["import", "--repository", repo, file.path]).status == 0)
        return (dir, repo)
    }

    @Test func dryRunOfNoRepositoryCreatesNone() throws {
        let dir = try TempDir()
        let repo = dir.url.appendingPathComponent("repo.sqlite").path
        let file = try dir.write("accounts.csv", Self.accounts + "f,F,1\n")
        let r = try Playbook.run(["import", "--repository", repo, "--dry-run", file.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "accounts: 6 added, 0 updated, 0 unchanged\n  added: a, b, c, d, e, …\n")
        #expect(r.stderr == "dry run: nothing was written\n")
        for suffix in ["", "-wal", "-shm"] { #expect(!FileManager.default.fileExists(atPath: repo + suffix)) }
    }

    @Test(arguments: [[], ["--sync"]])
    func dryRunLeavesTheRepositoryByteForByte(extra: [String]) throws {
        let (dir, repo) = try Self.imported()
        let bytes = FileManager.default.contents(atPath: repo)
        let file = try dir.write("next/accounts.csv", "id,name,phase\na,A,2\nb,B,1\nc,C,1\nx,X,1\n")
        let r = try Playbook.run(["import", "--repository", repo, "--dry-run", "--format", "json", file.path] + extra)
        #expect(r.status == 0, "\(r.stderr)")
        let sync = !extra.isEmpty
        #expect(r.stdout == "{\"imported\":false,\"dryRun\":true,\"sync\":\(sync),\"entities\":{\"accounts\":{\"added\":1,\"updated\":1,\"unchanged\":2,"
                + "\"removed\":\(sync ? 2 : 0),\"keys\":{\"added\":[\"x\"],\"updated\":[\"a\"],\"unchanged\":[\"b\",\"c\"],\"removed\":[\(sync ? "\"d\",\"e\"" : "")]}}}"
                + (sync ? ",\"massRemoval\":true" : "") + "}\n")
        #expect(FileManager.default.contents(atPath: repo) == bytes)
    }

    /// 2 of 5 accounts is more than 20%: exit 5 and nothing written, unless allowed by flag or
    /// environment variable.
    @Test(arguments: [(["--allow-mass-removal"], [:]), ([], ["PLAYBOOK_ALLOW_MASS_REMOVAL": "1"])] as [([String], [String: String])])
    func massRemovalStopsUnlessAllowed(flag: [String], environment: [String: String]) throws {
        let (dir, repo) = try Self.imported()
        let bytes = FileManager.default.contents(atPath: repo)
        let file = try dir.write("next/accounts.csv", "id,name,phase\na,A,1\nb,B,1\nc,C,1\n")
        let stopped = try Playbook.run(["import", "--repository", repo, "--sync", file.path])
        #expect(stopped.status == 5)
        #expect(stopped.stdout.isEmpty)
        #expect(stopped.stderr.contains("accounts: it would remove 2 of 5 rows (40%; the limit is 20%): d, e"), "\(stopped.stderr)")
        #expect(FileManager.default.contents(atPath: repo) == bytes)
        let allowed = try Playbook.run(["import", "--repository", repo, "--sync", file.path] + flag, environment: environment)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(allowed.stdout == "accounts: 0 added, 0 updated, 3 unchanged, 2 removed\n  removed: d, e\n")
        let again = try Playbook.run(["import", "--repository", repo, "--sync", file.path])
        #expect(again.stdout == "accounts: 0 added, 0 updated, 3 unchanged, 0 removed\n")
        #expect(try Playbook.run(["import", "--help"]).stdout.contains("--allow-mass-removal"))
    }
}
