import Testing
import PlaybookEngine
import PlaybookLanguage
import CentralRepository

/// The item of an `each` rule is the entity's whole import key (less the account, which the
/// task names already): two rows that differ only in a later key column are two tasks
/// (issue 10, item 7). Each case imports two rows alike in every key column but one.
@Suite struct ItemKeyTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var source: String
        var file: String
        var csv: String
        var keys: [String]
        var testDescription: String { source }
    }

    static let cases: [Case] = [
        Case(source: "account.research_items", file: "research_items.csv",
             csv: "account_id,area,item,state\nacme,business,Budget,missing\nacme,initiative,Budget,missing\n",
             keys: ["business/Budget", "initiative/Budget"]),
        Case(source: "account.stakeholders", file: "stakeholders.csv",
             csv: "account_id,id,name\nacme,s1,Sam\nacme,s2,Sam\n", keys: ["s1", "s2"]),
        Case(source: "account.documents", file: "documents.csv",
             csv: "account_id,kind,title\nacme,roadmap,Plan\nacme,report,Plan\nacme,report,Other\n",
             keys: ["report/Other", "report/Plan", "roadmap/Plan"]),
        Case(source: "account.meetings", file: "meetings.csv",
             csv: "account_id,kind,date\nacme,initial,2026-10-01\nacme,governance,2026-10-01\nacme,governance,2026-10-02\n",
             keys: ["governance/2026-10-01", "governance/2026-10-02", "initial/2026-10-01"]),
        Case(source: "account.kpis", file: "kpis.csv",
             csv: "account_id,id,name\nacme,k1,NPS\nacme,k2,NPS\n", keys: ["k1", "k2"]),
        Case(source: "account.health_history", file: "health.csv",
             csv: "account_id,date,score\nacme,2026-10-01,50\nacme,2026-10-02,50\n", keys: ["2026-10-01", "2026-10-02"]),
        Case(source: "account.impacted_groups", file: "impacted_groups.csv",
             csv: "account_id,name\nacme,Sales\nacme,Support\n", keys: ["Sales", "Support"]),
        Case(source: "account.raci", file: "raci.csv",
             csv: "account_id,activity,Sam\nacme,Kick-off,R\nacme,Rollout,R\n", keys: ["Kick-off", "Rollout"]),
        Case(source: "account.stakeholder_plan_history", file: "stakeholder_plan.csv",
             csv: "account_id,month,name\nacme,2026-09,Sam\nacme,2026-10,Sam\n", keys: ["2026-09-01", "2026-10-01"]),
    ]

    @Test(arguments: cases)
    func sameNameInTwoPlacesIsTwoTasks(c: Case) throws {
        let dir = try RepositoryDir()
        let repo = try dir.open()
        defer { withExtendedLifetime(dir) {} }
        try RepoTest.importFiles(repo, [("accounts.csv", "id,name,csm,phase\nacme,Acme,Ana,6\n"), (c.file, c.csv)])
        let plan = try RepoTest.plan("""
            playbook "cs" {
              title "CS"
              rule "each" {
                each x in \(c.source)
                when true
                task { title "Look at it" }
              }
            }
            """)
        for threads in [0, 2] {
            var keys: [String] = []
            try RepoTest.run(plan, repo, asOf: "2026-11-02", threads: threads, dryRun: true) { a in
                if case .create(let k, _) = a { keys.append(k.item) }
            }
            #expect(keys.sorted() == c.keys)
        }
        try RepoTest.run(plan, repo, asOf: "2026-11-02", threads: 0)
        #expect(try RepoTest.tasks(repo).map(\.item).sorted() == c.keys)
    }
}
