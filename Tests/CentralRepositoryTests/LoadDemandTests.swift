import Foundation
import Testing
import PlaybookEngine
import PlaybookLanguage
@testable import CentralRepository
import Generate

/// A run reads a table only for the accounts that a playbook reading it applies to. These tests
/// hold that to "evaluation cannot tell the difference".
@Suite struct LoadDemandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test(arguments: [
        (4, nil, [[0, 3]]),
        (4, [true, true, true, false], [[0, 3]]),
        (4, [true, false, true, true], [[0, 3]]),
        (5, [false, true, false, false, true], [[1, 1], [4, 4]]),
        (6, [true, true, false, false, false, false], [[0, 1]]),
        (3, [false, false, false], []),
        (0, nil, []),
    ] as [(Int, [Bool]?, [[Int]])])
    func accountsAreQueriedInRunsWhenFewNeedATable(count: Int, need: [Bool]?, expected: [[Int]]) {
        #expect(AccountLoader.ranges(count, need).map { [$0.0, $0.1] } == expected)
    }

    @Test func aTableIsForTheAccountsOfThePlaybooksThatReadIt() throws {
        let plan = try RepoTest.plan("""
            playbook "grid" {
              title "grid"
              applies when account.phase == 2
              rule "no-raci" {
                when length(account.raci) == 0
                task { title "RACI" }
              }
            }
            playbook "late" {
              title "late"
              applies when account.stage == "ongoing"
              rule "few-docs" {
                when length(account.documents) < 2
                task { title "docs" }
              }
            }
            playbook "everyone" {
              title "everyone"
              rule "no-plan" {
                when account.stakeholder_plan is missing
                task { title "plan" }
              }
            }
            playbook "kpi-led" {
              title "kpi-led"
              applies when length(account.kpis) > 0
              rule "docs" {
                when length(account.documents) > 0
                task { title "docs" }
              }
            }
            """)
        let demand = TableDemand(plan: plan, tables: AccountLoader.Table.allCases, account: RecordShape(plan.library.schema, "account"))
        // Only "grid" reads the RACI grid, and its scope is decided by the account row.
        #expect(demand.bases[AccountLoader.Table.raci.rawValue] == [0])
        // No scope: every account.
        #expect(demand.bases[AccountLoader.Table.stakeholderPlan.rawValue] == nil)
        // "kpi-led" reads documents and needs the KPIs to know whether it applies: every account.
        #expect(demand.bases[AccountLoader.Table.documents.rawValue] == nil)
        // Read by nobody: the loader skips the table anyway (usage); demand stays "all".
        #expect(demand.bases[AccountLoader.Table.meetings.rawValue] == nil)
    }

    /// The shipped library on a generated book: every account evaluates to the same firings and
    /// the same task drafts whether tables are read for all accounts or only where needed.
    /// Rows a table gave one account: a list's items, or 1 for a record such as the proposal.
    static func rows(_ v: Value) -> Int {
        switch v {
        case .list(let items): items.count
        case .missing: 0
        default: 1
        }
    }

    @Test func evaluationCannotTellTheDifference() throws {
        let dir = try RepositoryDir()
        let export = dir.file("export")
        let asOf = CivilDate(year: 2026, month: 11, day: 23)!
        _ = try Generator.write(accounts: 400, seed: 11, asOf: asOf, to: export)
        let repo = try dir.open()
        guard case .imported = try repo.importFiles([export], wait: 5, columns: try RepoTest.generatedColumns()) else {
            Issue.record("the generated export was refused"); return
        }
        let (sources, problems) = SourceLoader.load(paths: [Self.root.appendingPathComponent("Playbooks/framework").path])
        try #require(!problems.hasErrors)
        let ws = Workspace.check(sources)
        try #require(!ws.hasErrors)
        let plan = EvaluationPlan(workspace: ws)
        let usage = EvaluationPlan.fieldUsage(plan.library)

        func load(_ plan: EvaluationPlan?) throws -> [(id: String, record: Record)] {
            let loader = try AccountLoader(connection: repo.connection, schema: ws.library.schema, asOf: asOf, batchSize: 64,
                                           usage: usage, plan: plan)
            var all: [(id: String, record: Record)] = []
            while case let batch = try loader.nextRecords(), !batch.isEmpty { all += batch }
            return all
        }
        let everything = try load(nil), needed = try load(plan)
        try #require(everything.count == 400 && needed.map(\.id) == everything.map(\.id))
        let frame = plan.makeFrame(today: asOf)
        var firings = 0, pruned = 0
        // Any table loaded for fewer accounts counts: which one depends on the library's scopes
        // (the RACI grid, read by phase 2 alone until issue 12, is now read from phase 2 on).
        let account = ws.library.schema.record("account")!
        let tables = ["raci", "research_items", "impacted_groups", "kpis", "documents", "meetings", "stakeholders",
                      "health_history", "stakeholder_plan_history", "proposal"].map { account.field($0)!.index }
        for (a, b) in zip(everything, needed) {
            var x: [Firing] = [], y: [Firing] = []
            plan.evaluate(a.record, frame: frame, into: &x)
            plan.evaluate(b.record, frame: frame, into: &y)
            #expect(x.map { "\($0.rule.identity)/\($0.itemKey)" } == y.map { "\($0.rule.identity)/\($0.itemKey)" }, "\(a.id)")
            for (f, g) in zip(x, y) {
                #expect(plan.draft(f, account: a.record, frame: frame, fallbackOwner: "-")
                        == plan.draft(g, account: b.record, frame: frame, fallbackOwner: "-"))
            }
            firings += x.count
            // A table not read is missing (a record) or empty (a list) where the full load has it.
            if tables.contains(where: { Self.rows(a.record[$0]) > Self.rows(b.record[$0]) }) { pruned += 1 }
        }
        // Not vacuous: rules fired, and accounts outside some playbook's scope were loaded without its tables.
        #expect(firings > 400)
        #expect(pruned > 20)
    }
}
