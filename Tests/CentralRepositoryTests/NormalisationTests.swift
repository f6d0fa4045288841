import Foundation
import Testing
@testable import CentralRepository
@testable import Import

/// Text that differs only by Unicode normalisation (é as one code point, or e plus a combining
/// accent) is one value to Swift and two to SQLite: an account whose child rows spell its id
/// the other way never got their tasks, and two spellings of a CSM made two lists. Import stores
/// every text cell in NFC, once, so every later comparison sees one form.
@Suite struct NormalisationTests {
    static let nfc = "Jos\u{E9}"
    static let nfd = "Jose\u{301}"

    static func files(id: String, childID: String, csm1: String, csm2: String) -> [(String, String)] {
        [
            ("accounts.csv", "id,name,phase,csm\n\(id),\(id) Corp,2,\(csm1)\nacme,Acme,2,\(csm2)\n"),
            ("stakeholders.csv", "account_id,id,name,support\n\(childID),s1,\(nfd) Ruiz,3\nacme,s2,\(nfc) Ruiz,3\n"),
        ]
    }

    static func hexes(_ repo: Repository, _ sql: String) throws -> [String] {
        let s = try repo.connection.prepare(sql)
        var out: [String] = []
        while try s.step() { out.append(s.text(0) ?? "") }
        return out
    }

    static func hex(_ s: String) -> String { s.utf8.map { String(format: "%02X", $0) }.joined() }

    @Test(arguments: [(nfc, nfd), (nfd, nfc), (nfd, nfd)])
    func idsAndNamesAreStoredInNFC(id: String, childID: String) throws {
        let dir = try RepositoryDir()
        defer { withExtendedLifetime(dir) {} }
        let repo = try dir.open()
        try RepoTest.importFiles(repo, Self.files(id: id, childID: childID, csm1: "\(Self.nfd) Ruiz", csm2: "\(Self.nfc) Ruiz"))
        #expect(try Self.hexes(repo, "SELECT hex(id) FROM accounts WHERE id <> 'acme'") == [Self.hex(Self.nfc)])
        #expect(try Self.hexes(repo, "SELECT DISTINCT hex(csm) FROM accounts") == [Self.hex("\(Self.nfc) Ruiz")], "one CSM, one spelling")
        #expect(try Self.hexes(repo, "SELECT DISTINCT hex(name) FROM stakeholders") == [Self.hex("\(Self.nfc) Ruiz")])
        // The child row belongs to its account in SQL too, not only in Swift's comparisons.
        #expect(try RepoTest.scalar(repo, "SELECT count(*) FROM stakeholders s JOIN accounts a ON a.id = s.account_id") == 2)

        // One CSM gets one list: tasks owned by the two spellings have one owner.
        let plan = try RepoTest.plan("""
            playbook "n" {
              title "N"
              rule "review" {
                when account.phase >= 1
                task { title "Review {account.name}" owner account.csm else "cs-ops" }
              }
              rule "support" {
                each s in account.stakeholders
                when s.support <= 6
                task { title "Win {s.name}" }
              }
            }
            """)
        try RepoTest.run(plan, repo, asOf: "2026-03-10", threads: 0)
        #expect(try Self.hexes(repo, "SELECT DISTINCT hex(owner) FROM tasks WHERE rule LIKE '%review'") == [Self.hex("\(Self.nfc) Ruiz")])
        #expect(try RepoTest.scalar(repo, "SELECT count(*) FROM tasks WHERE rule LIKE '%support'") == 2, "each account gets its stakeholder's task")

        // Importing the same data again, in either form, writes nothing.
        for (again, child) in [(id, childID), (Self.nfd, Self.nfd), (Self.nfc, Self.nfc)] {
            let before = try RepoTest.totalChanges(repo)
            let counts = try RepoTest.importFiles(repo, Self.files(id: again, childID: child, csm1: "\(Self.nfc) Ruiz", csm2: "\(Self.nfd) Ruiz"))
            #expect(counts.values.allSatisfy { $0.inserted == 0 && $0.updated == 0 }, "\(counts)")
            #expect(try RepoTest.totalChanges(repo) == before, "re-import wrote rows")
        }
    }

    @Test(arguments: [
        ("ascii", "ascii"),
        ("Jose\u{301}", "Jos\u{E9}"),
        ("A\u{30A}ngstro\u{308}m", "\u{C5}ngstr\u{F6}m"),
        ("\u{212B}", "\u{C5}"),  // the Angstrom sign is canonically Å
        ("\u{1100}\u{1161}", "\u{AC00}"),  // Hangul jamo compose
    ])
    func nfcOfCommonForms(input: String, expected: String) {
        #expect(Self.hex(UnicodeText.nfc(input)) == Self.hex(expected))
        #expect(Self.hex(ImportText.string(Array(input.utf8)[...])) == Self.hex(expected))
    }
}
