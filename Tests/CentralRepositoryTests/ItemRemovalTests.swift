import Foundation
import Testing
import PlaybookEngine
import PlaybookLanguage
import CentralRepository

/// A per-item task whose item a sync removed is resolved as "the item is no longer in the
/// repository", not "the condition no longer holds", and comes back (same number) with the item.
@Suite struct ItemRemovalTests {
    static let accounts = "id,name,csm,phase\nacme,Acme,Ana,6\n"
    static let stakeholders = "account_id,id,name,support\n" + (1...5).map { "acme,s\($0),S\($0),2\n" }.joined()

    static func plan(each collection: String) throws -> EvaluationPlan {
        try RepoTest.plan("""
            playbook "cs" {
              title "CS"
              rule "weak" {
                each s in \(collection)
                when s.support <= 3
                task { title "Win over {s.name}" }
              }
            }
            """)
    }

    static func sync(_ repo: Repository, _ dir: RepositoryDir, _ files: [(String, String)]) throws {
        var mode = ImportMode()
        mode.sync = true
        guard case .imported = try ImportSyncTests.importFiles(repo, dir, files, mode: mode) else {
            Issue.record("sync not imported")
            return
        }
    }

    @Test(arguments: ["account.stakeholders", "filter(x in account.stakeholders: x.support < 9)"], [0, 2])
    func removedItemIsSuspendedAndComesBack(collection: String, threads: Int) throws {
        let dir = try RepositoryDir()
        let repo = try dir.open()
        let plan = try Self.plan(each: collection)
        try RepoTest.importFiles(repo, [("accounts.csv", Self.accounts), ("stakeholders.csv", Self.stakeholders)])
        try RepoTest.run(plan, repo, asOf: "2026-11-02", threads: threads)
        let s5 = try #require(try RepoTest.tasks(repo, where: "item_key = 's5'").first)
        // s4 is still there with support 8: its condition cleared. s5 left the CRM export.
        try Self.sync(repo, dir, [("stakeholders.csv", Self.stakeholders.replacingOccurrences(of: "acme,s4,S4,2", with: "acme,s4,S4,8")
            .replacingOccurrences(of: "acme,s5,S5,2\n", with: ""))])
        var causes: [String: ResolveCause] = [:]
        try RepoTest.run(plan, repo, asOf: "2026-11-03", threads: threads) { a in
            if case .resolve(_, let k, let cause) = a { causes[k.item] = cause }
        }
        #expect(causes == ["s4": .conditionCleared, "s5": .itemRemoved])
        let resolved = try RepoTest.tasks(repo, where: "item_key = 's5'")
        #expect(resolved.map(\.resolvedReason) == ["the item is no longer in the repository"])
        #expect(try RepoTest.scalar(repo, "SELECT count(*) FROM tasks WHERE resolved_cause = 'item-removed'") == 1)
        // Nights without it change nothing; when it is imported again, its task comes back.
        var quiet: [TaskAction] = []
        try RepoTest.run(plan, repo, asOf: "2026-11-04", threads: threads) { quiet.append($0) }
        #expect(quiet.isEmpty, "\(quiet)")
        try RepoTest.importFiles(repo, [("stakeholders.csv", Self.stakeholders)])
        try RepoTest.run(plan, repo, asOf: "2026-11-05", threads: threads)
        let back = try RepoTest.tasks(repo, where: "item_key = 's5'")
        #expect(back.map(\.id) == [s5.id])
        #expect(back.map(\.status) == ["open"])
    }

    /// An item that leaves a filter but not the repository clears the condition, as before.
    @Test func itemLeavingAFilterClearsTheCondition() throws {
        let dir = try RepositoryDir()
        let repo = try dir.open()
        let plan = try Self.plan(each: "filter(x in account.stakeholders: x.support < 5)")
        try RepoTest.importFiles(repo, [("accounts.csv", Self.accounts), ("stakeholders.csv", Self.stakeholders)])
        try RepoTest.run(plan, repo, asOf: "2026-11-02", threads: 0)
        try RepoTest.importFiles(repo, [("stakeholders.csv", "account_id,id,name,support\nacme,s1,S1,7\n")])
        var causes: [String: ResolveCause] = [:]
        try RepoTest.run(plan, repo, asOf: "2026-11-03", threads: 0) { a in
            if case .resolve(_, let k, let cause) = a { causes[k.item] = cause }
        }
        #expect(causes == ["s1": .conditionCleared])
    }
}
