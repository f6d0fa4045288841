import Foundation
import Testing
@testable import CentralRepository
import Generate
import PlaybookLanguage

/// A real repository, damaged one byte at a time at fixed places (the header, the tasks table,
/// the task-identity index, and evenly across the file): every run and import either refuses
/// with a repository error and leaves the file byte for byte as it was, or the damage was
/// somewhere SQLite's full check finds nothing wrong and the run leaves a sound file.
@Suite(.serialized) struct CorruptionTests {
    static let playbook = """
        playbook "damage" {
          title "Damage"
          rule "review" {
            when account.phase >= 1
            task { title "Review {account.name}" owner account.csm else "cs-ops" }
          }
          rule "stakeholder" {
            each s in account.stakeholders
            when s.support <= 6
            task { title "Win {s.name} at {account.name}" }
          }
        }

        """

    /// A repository of 30 generated accounts after one run, closed (checkpointed), as bytes.
    static let pristine: Result<(bytes: Data, pageSize: Int, pages: [String: Int]), any Error> = Result {
        let dir = try RepositoryDir()
        let export = dir.file("export")
        _ = try Generator.write(accounts: 30, seed: 5, asOf: RepoTest.day("2026-03-01"), to: export)
        var pages: [String: Int] = [:]
        var pageSize = 4096
        do {
            let repo = try dir.open()
            guard case .imported = try repo.importFiles([export], wait: 5, columns: try RepoTest.generatedColumns()) else { throw CocoaError(.fileReadCorruptFile) }
            try RepoTest.run(try RepoTest.plan(playbook), repo, asOf: "2026-03-10", threads: 0)
            pageSize = Int(try repo.connection.scalarInt("PRAGMA page_size") ?? 4096)
            let s = try repo.connection.prepare("SELECT name, rootpage FROM sqlite_master WHERE rootpage > 0")
            while try s.step() { pages[s.text(0) ?? ""] = s.int(1) }
        }
        return (try Data(contentsOf: URL(fileURLWithPath: dir.path)), pageSize, pages)
    }

    /// 50 offsets: header fields, the first bytes and cell area of the tasks table's and the
    /// identity index's root pages, and the rest spread evenly over the file.
    static func offsets(size: Int, pageSize: Int, pages: [String: Int]) -> [Int] {
        var out = [16, 18, 19, 21, 28, 31, 32, 36, 40, 44, 52, 56, 60, 96, 100, 101, 105]
        for name in ["tasks", "tasks_one_active", "accounts"] {
            guard let page = pages[name] else { continue }
            let start = (page - 1) * pageSize
            out += [0, 1, 3, 5, 8, pageSize / 2, pageSize - 40, pageSize - 3].map { start + $0 }
        }
        let spread = 50 - out.count
        out += (0..<spread).map { 200 + $0 * (size - 400) / spread }
        return out.filter { $0 < size }
    }

    static func flipped(_ bytes: Data, at offset: Int) -> Data {
        var b = bytes
        b[offset] ^= 0x5A
        return b
    }

    /// What SQLite's own full check says of a file, read-only.
    static func integrity(_ path: String) -> String {
        do {
            let c = try Connection(path: "file:\(path)?mode=ro&immutable=1", create: false, readOnly: true)
            let s = try c.prepare("PRAGMA integrity_check(1)")
            return try s.step() ? (s.text(0) ?? "") : ""
        } catch {
            return "\(error)"
        }
    }

    enum Step: String, CaseIterable { case run, importAgain }

    @Test(arguments: Step.allCases)
    func damagedFileIsNeverWritten(step: Step) throws {
        let (bytes, pageSize, pages) = try Self.pristine.get()
        try #require(pages["tasks"] != nil && pages["tasks_one_active"] != nil)
        let plan = try RepoTest.plan(Self.playbook)
        let offsets = Self.offsets(size: bytes.count, pageSize: pageSize, pages: pages)
        #expect(offsets.count == 50)
        var refused = 0
        for offset in offsets {
            let dir = try RepositoryDir()
            let export = dir.file("export")
            if step == .importAgain {
                _ = try Generator.write(accounts: 30, seed: 5, asOf: RepoTest.day("2026-03-01"), to: export)
            }
            let damaged = Self.flipped(bytes, at: offset)
            try damaged.write(to: URL(fileURLWithPath: dir.path))
            let before = Self.integrity(dir.path)
            var failure: Error?
            do {
                let repo = try dir.open(create: false)
                switch step {
                case .run: try RepoTest.run(plan, repo, asOf: "2026-03-11", threads: 0)
                case .importAgain: _ = try repo.importFiles([export], wait: 5, columns: try RepoTest.generatedColumns())
                }
            } catch {
                failure = error
            }
            if let failure {
                refused += 1
                #expect(failure is RepositoryError, "offset \(offset): \(failure)")
                #expect(RepoTest.bytes(dir.path) == damaged, "offset \(offset): refused (\(failure)) but the file was written")
                if before != "ok", case RepositoryError.damaged = failure {
                    #expect("\(failure)".contains("damaged") && "\(failure)".contains("restore it from a backup"))
                }
            } else {
                // Accepted: the flip hit a byte SQLite's full check has nothing against (a
                // value inside a row, unused space), and the run left a sound file behind.
                #expect(before == "ok", "offset \(offset): a file with damage (\(before)) was written into")
                #expect(Self.integrity(dir.path) == "ok", "offset \(offset)")
                let c = try Connection(path: dir.path, create: false, readOnly: true)
                #expect(try c.scalarInt("""
                    SELECT count(*) FROM (SELECT 1 FROM tasks NOT INDEXED WHERE status IN ('open', 'snoozed')
                    GROUP BY rule, account_id, item_key HAVING count(*) > 1)
                    """) == 0, "offset \(offset): duplicate open tasks")
            }
        }
        // Most single-byte flips in structure are caught; the test is not vacuous.
        #expect(refused >= 20, "only \(refused) of \(offsets.count) damaged files were refused")
    }

    /// A dropped or rebuilt-differently identity index passes every page check; it must still
    /// stop a run (else the next run makes duplicate open tasks).
    @Test(arguments: [
        "DROP INDEX tasks_one_active",
        "DROP INDEX tasks_one_active; CREATE INDEX tasks_one_active ON tasks (rule, account_id, item_key)",
    ])
    func droppedIdentityIndexStopsEveryWrite(sql: String) throws {
        let dir = try RepositoryDir()
        let (bytes, _, _) = try Self.pristine.get()
        try bytes.write(to: URL(fileURLWithPath: dir.path))
        do {
            let c = try Connection(path: dir.path, create: false)
            try c.execute(sql)
        }
        let damaged = try #require(RepoTest.bytes(dir.path))
        let plan = try RepoTest.plan(Self.playbook)
        let writes: [(String, (Repository) throws -> Void)] = [
            ("run", { try RepoTest.run(plan, $0, asOf: "2026-03-11", threads: 0) }),
            ("task action", { _ = try $0.change(1, .dismiss, by: "ana", on: RepoTest.day("2026-03-11"), at: RepoTest.startedAt, note: nil, wait: 1) }),
            ("import", { _ = try RepoTest.importFiles($0, [("accounts.csv", "id,name,phase\nnew,New,1\n")]) }),
        ]
        for (name, write) in writes {
            do {
                try write(try dir.open(create: false))
                Issue.record("\(name) wrote into a repository without its task-identity index")
            } catch let e as RepositoryError {
                guard case .damaged = e else { Issue.record("\(name): \(e)"); continue }
                #expect("\(e)".contains("tasks_one_active") && "\(e)".contains("restore it from a backup"), "\(e)")
            }
            #expect(RepoTest.bytes(dir.path) == damaged, "\(name) changed the file")
        }
    }

    @Test func diskFullSaysDiskFull() {
        let e = Repository.map(.diskFull("database or disk is full"), path: "r.sqlite", wait: 1)
        #expect("\(e)" == "r.sqlite: disk full (database or disk is full); nothing was written; free some space and run the command again")
        #expect("\(Repository.map(SQLiteError.from(13 /* SQLITE_FULL */, nil), path: "r.sqlite", wait: 1))".contains("disk full"))
    }
}
