import Foundation
import Testing
@testable import CentralRepository
import Import

/// Re-importing: what a file gives is updated, what it leaves out is kept.
@Suite struct ImportWriterTests {
    static func repository() throws -> (URL, Repository) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pb-iw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return (dir, try Repository(path: dir.appendingPathComponent("r.sqlite").path, create: true))
    }

    @Test func columnsAFileLeavesOutKeepTheirValues() throws {
        let (dir, repo) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try RepoTest.importFiles(repo, [("accounts.csv", "id,name,phase,segment,csm,crm_tier\nacme,Acme,2,enterprise,Ana,gold\n")],
                                     columns: try RepoTest.generatedColumns())
        // A later export from another system: only the phase and CSM.
        let counts = try RepoTest.importFiles(repo, [("accounts.csv", "id,name,phase,csm\nacme,Acme,3,Ben\n")])
        #expect(counts[.accounts]?.updated == 1)
        let s = try repo.connection.prepare("SELECT phase, segment, csm, custom FROM accounts WHERE id = 'acme'")
        #expect(try s.step())
        #expect(s.int(0) == 3)
        #expect(s.text(1) == "enterprise")
        #expect(s.text(2) == "Ben")
        #expect(s.text(3) == #"{"crm_tier":"gold"}"#)
    }

    @Test func anEmptyCellInAGivenColumnClearsIt() throws {
        let (dir, repo) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try RepoTest.importFiles(repo, [("accounts.csv", "id,name,phase,segment\nacme,Acme,2,enterprise\n")])
        _ = try RepoTest.importFiles(repo, [("accounts.csv", "id,name,phase,segment\nacme,Acme,2,\n")])
        #expect(try repo.connection.scalarText("SELECT coalesce(segment, 'NULL') FROM accounts") == "NULL")
    }
}
