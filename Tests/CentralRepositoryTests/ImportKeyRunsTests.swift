import Foundation
import Testing
@testable import CentralRepository
@testable import Import

/// Duplicate keys are checked per account run while rows are grouped by account, and globally
/// (a second and third reading) once they are not: both must report the same duplicates, each
/// once, with the first occurrence named the same way.
@Suite struct ImportKeyRunsTests {
    typealias S = ImportStreamTests

    static func health(_ rows: [String]) -> String { "account_id,date,score\n" + rows.map { $0 + "\n" }.joined() }

    @Test func aDuplicateInsideAnAccountsRunIsFoundWithoutTheGlobalCheck() throws {
        var runs = KeyRuns(entity: 1)
        let d = FieldValue.text("d1"), e = FieldValue.text("e1")
        #expect(runs.record("a", d, .missing, at: 2, begunBefore: false) == nil)
        #expect(runs.record("a", e, .missing, at: 3, begunBefore: false) == nil)
        #expect(runs.record("a", d, .missing, at: 4, begunBefore: false) == 2)
        #expect(runs.record("b", d, .missing, at: 5, begunBefore: false) == nil) // another account: another key
        #expect(runs.grouped)
        #expect(runs.record("a", e, .missing, at: 6, begunBefore: true) == nil) // "a" again: not grouped
        #expect(!runs.grouped)
        #expect(runs.checked == 4)
    }

    @Test(arguments: [false, true])
    func importedIDsTellWhenAnAccountsRowsBeganBeforeInTheEntity(stored: Bool) throws {
        let (dir, repo) = try ImportWriterTests.repository()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ids: any ImportedIDs = stored ? try StoredIDs(repo.connection) : MemoryIDs()
        #expect(ids.defineAccount("a", place: 2) == nil)
        #expect(ids.defineAccount("b", place: nil) == nil)
        #expect(ids.defineAccount("b", place: 4) == nil) // the first row with a key read
        #expect(ids.defineAccount("a", place: 5) == 2)
        #expect(ids.enterAccount("a", entity: 1) == (true, false))
        #expect(ids.enterAccount("b", entity: 1) == (true, false))
        #expect(ids.enterAccount("a", entity: 1) == (true, true))
        #expect(ids.enterAccount("a", entity: 2) == (true, false))
        #expect(ids.enterAccount("c", entity: 2) == (false, false))
        ids.markAccount("c", entity: 2) // in the repository
        #expect(ids.enterAccount("c", entity: 2) == (true, true))
        ids.defineKPI(account: "a", kpi: "k")
        #expect(ids.definesKPI(account: "a", kpi: "k"))
        #expect(!ids.definesKPI(account: "b", kpi: "k"))
    }

    @Test func accountsOfTheRepositoryNotGroupedAreFoundToo() throws {
        let (dir, repo, paths) = try S.setUp([("accounts.csv", S.accounts),
                                              ("health.csv", Self.health(["a1,2026-01-05,1", "a2,2026-01-05,2", "a1,2026-01-05,3"]))])
        defer { try? FileManager.default.removeItem(at: dir) }
        guard case .imported = try repo.importFiles([paths[0]], wait: 1) else { Issue.record("accounts not imported"); return }
        let outcome = try repo.importFiles([paths[1]], wait: 1, chunkSize: 1)
        #expect(S.problems(outcome, under: dir) == [
            "health.csv:4:1: duplicate key (account_id \"a1\", date 2026-01-05); first at line 2",
        ])
    }

    @Test(arguments: [1, 2, 64])
    func groupedFileReportsDuplicatesInItsRuns(chunk: Int) throws {
        let file = Self.health(["a1,2026-01-05,50", "a1,2026-01-06,50", "a1,2026-01-05,60", "a2,2026-01-05,50",
                                "a3,2026-01-05,1", "a3,2026-01-05,2", "a3,2026-01-05,3"])
        let (dir, repo, paths) = try S.setUp([("accounts.csv", S.accounts), ("health.csv", file)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try repo.importFiles(paths, wait: 1, chunkSize: chunk)
        #expect(S.problems(outcome, under: dir) == [
            "health.csv:4:1: duplicate key (account_id \"a1\", date 2026-01-05); first at line 2",
            "health.csv:7:1: duplicate key (account_id \"a3\", date 2026-01-05); first at line 6",
            "health.csv:8:1: duplicate key (account_id \"a3\", date 2026-01-05); first at line 6",
        ])
        #expect(try S.count(repo, "health") == 0)
    }

    @Test(arguments: [1, 3, 64])
    func ungroupedFileFindsDuplicatesAcrossRunsAndReportsEachOnce(chunk: Int) throws {
        // a1 comes back at line 6: the duplicate at line 3 was found in a1's first run, the
        // one at line 7 only by the global check, and the one at line 9 after the rows were
        // seen not to be grouped.
        let file = Self.health(["a1,2026-01-05,50", "a1,2026-01-05,51", "a2,2026-01-05,50", "a2,2026-01-06,50",
                                "a1,2026-01-07,50", "a1,2026-01-05,52", "a3,2026-01-05,50", "a3,2026-01-05,53"])
        let (dir, repo, paths) = try S.setUp([("accounts.csv", S.accounts), ("health.csv", file)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try repo.importFiles(paths, wait: 1, chunkSize: chunk)
        #expect(S.problems(outcome, under: dir) == [
            "health.csv:3:1: duplicate key (account_id \"a1\", date 2026-01-05); first at line 2",
            "health.csv:7:1: duplicate key (account_id \"a1\", date 2026-01-05); first at line 2",
            "health.csv:9:1: duplicate key (account_id \"a3\", date 2026-01-05); first at line 8",
        ])
        #expect(try S.count(repo, "health") == 0)
    }

    /// An account in two files is not grouped (the global check finds the duplicate); an
    /// account whose run goes on into the next file still is (its run finds it).
    @Test(arguments: [
        (["a1,2026-01-05,50", "a2,2026-01-05,50"], ["a3,2026-01-05,50", "a1,2026-01-05,70"],
         "2.health.csv:3:1: duplicate key (account_id \"a1\", date 2026-01-05); first at 1.health.csv:2"),
        (["a1,2026-01-05,50", "a2,2026-01-05,50"], ["a2,2026-01-05,70", "a3,2026-01-05,50"],
         "2.health.csv:2:1: duplicate key (account_id \"a2\", date 2026-01-05); first at 1.health.csv:3"),
    ])
    func aDuplicateAcrossTwoFilesOfAnEntityIsFound(first: [String], second: [String], expected: String) throws {
        let (dir, repo, paths) = try S.setUp([("accounts.csv", S.accounts), ("1.health.csv", Self.health(first)),
                                              ("2.health.csv", Self.health(second))])
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try repo.importFiles(paths, wait: 1, chunkSize: 2)
        #expect(S.problems(outcome, under: dir) == [expected])
    }

    @Test func aDuplicateRaciCellIsFoundInItsAccountsRun() throws {
        let raci = "account_id,activity,Finance,IT\na1,Kickoff,R,A\na1,Kickoff,,C\na2,Kickoff,R,\n"
        let (dir, repo, paths) = try S.setUp([("accounts.csv", S.accounts), ("raci.csv", raci)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try repo.importFiles(paths, wait: 1, chunkSize: 2)
        #expect(S.problems(outcome, under: dir) == [
            "raci.csv:3:13: duplicate key (account_id \"a1\", activity \"Kickoff\", stakeholder \"IT\"); first at line 2",
        ])
    }

    @Test(arguments: [true, false])
    func cleanFilesImportEveryRowGroupedOrNot(grouped: Bool) throws {
        let rows = grouped
            ? ["a1,2026-01-05,1", "a1,2026-01-06,2", "a2,2026-01-05,3", "a3,2026-01-05,4", "a3,2026-01-06,5"]
            : ["a1,2026-01-05,1", "a3,2026-01-05,4", "a2,2026-01-05,3", "a1,2026-01-06,2", "a3,2026-01-06,5"]
        let (dir, repo, paths) = try S.setUp([("accounts.csv", S.accounts), ("1.health.csv", Self.health(Array(rows[..<3]))),
                                              ("2.health.csv", Self.health(Array(rows[3...])))])
        defer { try? FileManager.default.removeItem(at: dir) }
        func counts() throws -> [Int] {
            guard case .imported(let c) = try repo.importFiles(paths, wait: 1, chunkSize: 2), let h = c[.health] else { return [] }
            return [h.inserted, h.updated, h.unchanged]
        }
        #expect(try counts() == [5, 0, 0])
        #expect(try counts() == [0, 0, 5])
        #expect(try S.count(repo, "health") == 5)
    }
}
