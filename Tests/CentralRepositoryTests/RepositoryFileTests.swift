import Foundation
import Testing
@testable import CentralRepository

/// What may sit at a repository path, and what opening it does: only a missing path becomes a
/// new repository (and only when asked to create); anything else that is not a Playbook
/// repository is refused with what it is and how to fix it, and left byte for byte as it was.
@Suite struct RepositoryFileTests {
    static let sqliteMagic = Array("SQLite format 3\u{0}".utf8)

    /// Files that are not a repository, with a phrase the message must contain.
    static let notRepositories: [(String, [UInt8], String)] = [
        ("a zero-length file", [], "is empty"),
        ("a text file", Array("id,name\nacme,Acme\n".utf8), "not an SQLite database"),
        ("random bytes", (0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }, "not an SQLite database"),
        ("a truncated header", sqliteMagic + [0x10, 0x00, 0x02], "too short"),
        ("the first bytes of the magic", Array(sqliteMagic.prefix(6)), "too short"),
    ]

    @Test(arguments: notRepositories)
    func fileThatIsNotARepositoryIsRefusedUntouched(kind: String, content: [UInt8], phrase: String) throws {
        let dir = try RepositoryDir()
        defer { withExtendedLifetime(dir) {} }
        try Data(content).write(to: URL(fileURLWithPath: dir.path))
        for create in [false, true] {
            do {
                _ = try Repository(path: dir.path, create: create, waitSeconds: 1)
                Issue.record("\(kind) was opened as a repository (create: \(create))")
            } catch let e as RepositoryError {
                guard case .notARepository(let p, _) = e else { Issue.record("\(kind): expected notARepository, got \(e)"); continue }
                #expect(p == dir.path)
                let message = "\(e)"
                #expect(message.contains("not a Playbook repository") && message.contains(phrase), "\(message)")
                #expect(message.contains(dir.path))
            }
        }
        #expect(RepoTest.bytes(dir.path) == Data(content), "\(kind) is left as it was")
        for suffix in ["-wal", "-shm", "-journal"] {
            #expect(!FileManager.default.fileExists(atPath: dir.path + suffix), "\(kind): \(suffix) was created beside it")
        }
    }

    @Test func emptyFileMessageSaysHowToStartANewRepository() throws {
        let dir = try RepositoryDir()
        defer { withExtendedLifetime(dir) {} }
        FileManager.default.createFile(atPath: dir.path, contents: nil)
        let e = try #require(throws: RepositoryError.self) { _ = try Repository(path: dir.path, create: false, waitSeconds: 1) }
        #expect("\(e)" == "not a Playbook repository: \(dir.path) is empty; to start a new repository, remove it and run `playbook import`")
    }

    /// An SQLite database with no tables at all (another tool made it, or a first import was
    /// killed before its first step) is not a repository either: nothing but `import` of a
    /// missing path creates one.
    @Test func emptySQLiteDatabaseIsNotARepository() throws {
        let dir = try RepositoryDir()
        defer { withExtendedLifetime(dir) {} }
        do {
            let c = try Connection(path: dir.path, create: true)
            try c.execute("PRAGMA user_version = 0; VACUUM")
        }
        let bytes = try #require(RepoTest.bytes(dir.path))
        #expect(!bytes.isEmpty)
        for create in [false, true] {
            let e = try #require(throws: RepositoryError.self) { _ = try Repository(path: dir.path, create: create, waitSeconds: 1) }
            #expect("\(e)".contains("no Playbook data"), "\(e)")
        }
        #expect(RepoTest.bytes(dir.path) == bytes)
    }

    @Test func directoryIsNotARepository() throws {
        let dir = try RepositoryDir()
        defer { withExtendedLifetime(dir) {} }
        try FileManager.default.createDirectory(atPath: dir.path, withIntermediateDirectories: false)
        let e = try #require(throws: RepositoryError.self) { _ = try Repository(path: dir.path, create: true, waitSeconds: 1) }
        #expect("\(e)".contains("is a directory"), "\(e)")
    }

    @Test func missingPathIsCreatedOnlyWhenAsked() throws {
        let dir = try RepositoryDir()
        defer { withExtendedLifetime(dir) {} }
        let e = try #require(throws: RepositoryError.self) { _ = try Repository(path: dir.path, create: false, waitSeconds: 1) }
        #expect("\(e)".hasPrefix("no repository at \(dir.path); create it with `playbook import`"))
        #expect(!FileManager.default.fileExists(atPath: dir.path))
        let repo = try Repository(path: dir.path, create: true, waitSeconds: 1)
        #expect(try repo.schemaVersion() == Migrations.latest)
    }

    /// A new repository appears whole: the file at the path already holds the schema, so a
    /// second process never finds it empty, and no temporary file is left beside it.
    @Test func newRepositoryAppearsWithItsSchema() throws {
        let dir = try RepositoryDir()
        defer { withExtendedLifetime(dir) {} }
        do { _ = try Repository(path: dir.path, create: true, waitSeconds: 1) }
        let c = try Connection(path: dir.path, create: false, readOnly: true)
        #expect(try c.scalarInt("PRAGMA user_version") == Int64(Migrations.latest))
        #expect(try c.scalarText("PRAGMA journal_mode") == "wal")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.url.path)
        #expect(left.filter { !$0.hasPrefix("repo.sqlite") }.isEmpty, "\(left)")
    }

    /// Two first imports at once: both open the one repository, neither finds an empty file.
    @Test func concurrentCreationOpensOneRepository() async throws {
        let dir = try RepositoryDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.path
        let results = await withTaskGroup(of: String?.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    do { _ = try Repository(path: path, create: true, waitSeconds: 10); return nil } catch { return "\(error)" }
                }
            }
            var out: [String] = []
            for await r in group { if let r { out.append(r) } }
            return out
        }
        #expect(results.isEmpty, "\(results)")
    }

    /// What a rejected first import asks of storage: the repository it created goes, with every
    /// file the database keeps beside it, and the caller names none of them.
    @Test func removingARepositoryLeavesNoFileBehind() throws {
        let dir = try RepositoryDir()
        defer { withExtendedLifetime(dir) {} }
        let repo = try dir.open()
        _ = try RepoTest.importFiles(repo, [("accounts.csv", "id,name,phase\nacme,Acme,1\n")])
        let before = try FileManager.default.contentsOfDirectory(atPath: dir.url.path)
        #expect(before.count > 1, "the open repository keeps files beside it: \(before)")
        Repository.removeFiles(at: dir.path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == [])
        // Removing what is not there is not an error.
        Repository.removeFiles(at: dir.path)
    }

    /// A dry run with no repository compares with an empty one that no file holds.
    @Test func inMemoryRepositoryIsEmptyAndWritesNoFile() throws {
        let repo = try Repository.inMemory()
        #expect(try repo.status().entities.allSatisfy { $0.rows == 0 })
        #expect(!FileManager.default.fileExists(atPath: repo.path))
    }
}
