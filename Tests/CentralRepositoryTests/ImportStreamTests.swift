import Foundation
import Testing
@testable import CentralRepository
import Import

/// What streaming could break: rows cut at window edges, errors after rows were written,
/// duplicates in different chunks, counts summed over chunks.
@Suite struct ImportStreamTests {
    /// Files in a fresh directory beside a fresh repository.
    static func setUp(_ files: [(String, String)]) throws -> (URL, Repository, [String]) {
        let (dir, repo) = try ImportWriterTests.repository()
        var paths: [String] = []
        for (name, text) in files {
            let url = dir.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            paths.append(url.path)
        }
        return (dir, repo, paths)
    }

    static let accounts = "id,name,phase\n" + (1...9).map { "a\($0),Account \($0),2\n" }.joined()

    static func count(_ repo: Repository, _ table: String) throws -> Int64 {
        try repo.connection.scalarInt("SELECT count(*) FROM \(table)") ?? -1
    }

    static func problems(_ outcome: ImportOutcome, under dir: URL) -> [String] {
        guard case .rejected(let p) = outcome else { return [] }
        return p.problems.map { $0.description.replacingOccurrences(of: dir.path + "/", with: "") }
    }

    @Test(arguments: [1, 2, 7, 64])
    func csvReadInSmallWindowsGivesTheSameRowsAndErrors(window: Int) throws {
        let text = "\u{FEFF}a,b,c\r\n1,\"two\r\nlines\",3\r\n\r\n\"x\"\"y\",é,\"z\"\n4,5\"6,7\nlast,,\n\"open"
        let whole = CSVReader.readAll(Array(text.utf8))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pb-csv-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: dir)
        defer { try? FileManager.default.removeItem(at: dir) }
        var reader = CSVReader(source: try #require(ByteSource(path: dir.path, chunk: window)))
        var record = RawRecord()
        var rows: [[String]] = [], errors: [SyntaxError] = []
        while reader.next(into: &record) {
            rows.append(record.fields.map { record.string($0, file: reader.bytes) })
            errors += reader.takeErrors()
        }
        errors += reader.takeErrors()
        #expect(rows == whole.rows)
        #expect(errors == whole.errors)
        #expect(!whole.errors.isEmpty)
    }

    @Test func anErrorInALateChunkWritesNothingAtAll() throws {
        let stakeholders = "account_id,id,name,authority\n" + (1...9).map { "a\($0),s1,Name,\($0 == 9 ? "11" : "5")\n" }.joined()
        let (dir, repo, paths) = try Self.setUp([("accounts.csv", Self.accounts), ("stakeholders.csv", stakeholders)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try repo.importFiles(paths, wait: 1, chunkSize: 2)
        #expect(Self.problems(outcome, under: dir) == ["stakeholders.csv:10:12: `authority` must be from 0 to 10, not 11"])
        #expect(try Self.count(repo, "accounts") == 0)
        #expect(try Self.count(repo, "stakeholders") == 0)
    }

    @Test func duplicatesInDifferentChunksAndFilesAreFoundWithTheFirstLine() throws {
        let first = "account_id,date,score\na1,2026-01-05,50\na2,2026-01-05,50\na3,2026-01-05,50\na1,2026-01-05,60\n"
        let second = "account_id,date,score\na4,2026-01-05,50\na2,2026-01-05,70\n"
        let (dir, repo, paths) = try Self.setUp([("accounts.csv", Self.accounts), ("1.health.csv", first), ("2.health.csv", second)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try repo.importFiles(paths, wait: 1, chunkSize: 1)
        #expect(Self.problems(outcome, under: dir) == [
            "1.health.csv:5:1: duplicate key (account_id \"a1\", date 2026-01-05); first at line 2",
            "2.health.csv:3:1: duplicate key (account_id \"a2\", date 2026-01-05); first at 1.health.csv:3",
        ])
        #expect(try Self.count(repo, "health") == 0)
    }

    @Test func duplicateAccountsAcrossChunks() throws {
        let (dir, repo, paths) = try Self.setUp([("accounts.csv", Self.accounts + "a3,Again,2\n")])
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try repo.importFiles(paths, wait: 1, chunkSize: 2)
        #expect(Self.problems(outcome, under: dir) == ["accounts.csv:11:1: duplicate key (id \"a3\"); first at line 4"])
        #expect(try Self.count(repo, "accounts") == 0)
    }

    @Test func countsAreSummedOverChunks() throws {
        let (dir, repo, paths) = try Self.setUp([("accounts.csv", Self.accounts)])
        defer { try? FileManager.default.removeItem(at: dir) }
        func counts() throws -> [Int] {
            guard case .imported(let c) = try repo.importFiles(paths, wait: 1, chunkSize: 2), let a = c[.accounts] else { return [] }
            return [a.inserted, a.updated, a.unchanged]
        }
        #expect(try counts() == [9, 0, 0])
        #expect(try counts() == [0, 0, 9])
        try Data((Self.accounts.replacingOccurrences(of: "Account 5", with: "Renamed") + "a10,New,1\n").utf8).write(to: URL(fileURLWithPath: paths[0]))
        #expect(try counts() == [1, 1, 8])
        #expect(try Self.count(repo, "accounts") == 10)
    }
}
