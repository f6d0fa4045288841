import Foundation
import Testing
import PlaybookEngine
import PlaybookLanguage
@testable import CentralRepository
import Generate

/// Reading a table only where a playbook needs it must not change a single firing or task draft.
/// These libraries scope playbooks every way the demand analysis has to get right: derived and
/// custom account fields, `let`s and parameters in `applies when`, customisations whose scope
/// reads related records, `each` over every table, histories (no "latest only"). Each is run on a
/// generated book roughened with custom fields, orphan rows and future-dated rows, at several
/// dates and batch sizes, and compared with loading every table for every account, directly and
/// through the loader threads.
@Suite(.serialized) struct LoaderEquivalenceTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let stress = """
        field account.tier: one of "gold", "silver"
        field stakeholder.flag: text

        playbook "p-early" {
          title "early"
          applies when account.stage == "initial" and account.tier == "gold"
          let spl_name = account.spl.name
          rule "r1" {
            title "r1"
            each s in account.stakeholders
            when s.support < 5 and s.flag is missing
            task {
              title "Stakeholder {s.id} {s.name} of {account.name} plan {account.stakeholder_plan.month}"
              owner account.spl.name else account.csm
            }
          }
          rule "r2" {
            title "r2"
            when spl_name is present and length(account.research_items) > 2
            task { title "x {spl_name}" }
          }
        }
        playbook "p-raci" {
          title "raci"
          applies when account.phase == 3 or account.meeting_cadence > 20 days
          rule "r3" {
            title "r3"
            each a in account.raci
            when length(a.assignments) > 1
            task { title "{a.activity} {length(a.assignments)}" }
          }
        }
        playbook "p-kpi" {
          title "kpi"
          applies when account.phase >= 5 and account.phase_entered < today()
          rule "r4" {
            title "r4"
            each k in account.kpis
            when k.current is missing or k.current < k.target or length(k.milestones) > 0
            task { title "{k.id} {k.current} {length(k.milestones)} {count(m in k.milestones: m.date < today())}" }
          }
        }
        playbook "p-health" {
          title "health"
          applies when account.segment == "smb" or account.segment is missing
          param floor = 60
          rule "r5" {
            title "r5"
            when account.health.score < floor or account.health is missing
            task { title "h {account.health.date} {account.health.light}" }
          }
        }
        playbook "p-health-ext" extends "p-health" {
          applies when account.proposal.status == "signed" or account.proposal.status == "sent"
          set floor = 80
          change rule "r5" {
            task { owner account.spl.name }
          }
          rule "r6" {
            title "r6"
            when length(account.documents) < 3 and any(m in account.meetings: m.kind is present)
            task { title "docs {length(account.meetings)} {length(account.documents)} {account.proposal.sent} {account.proposal.status}" }
          }
        }
        playbook "p-plan" {
          title "plan"
          applies when account.phase == 4 and account.pilot is present
          rule "r7" {
            title "r7"
            when account.stakeholder_plan is missing or length(account.stakeholder_plan_history) < 3
            task { title "plan {account.stakeholder_plan.month} {length(account.stakeholder_plan.entries)}" }
          }
          rule "r8" {
            title "r8"
            each g in account.impacted_groups
            when g.size > 10
            task { title "grp {g.name}" }
          }
        }
        playbook "p-all" {
          title "all"
          applies when account.tier is missing
          rule "r9" {
            title "r9"
            when length(account.impacted_groups) == 0 and length(account.stakeholders) == 0
            task { title "empty {account.name}" }
          }
        }
        """

    static let histories = """
        playbook "p-hist" {
          title "hist"
          applies when account.phase == 6
          rule "h1" {
            title "h1"
            when length(account.health_history) > 1 and any(k in account.kpis: length(k.measurements) > 1)
            task { title "h {length(account.health_history)} {sum(k in account.kpis: length(k.measurements))}" }
          }
        }
        """


    static let lets = """
        playbook "p-let" {
          title "let"
          param big_value = 50000
          let big = account.contract_value > big_value and any(x in [1, 2, 3]: x == account.phase)
          applies when big or account.renewal_date < today() + 90 days
          rule "l1" {
            title "l1"
            when length(account.research_items) > 0 and count(r in account.research_items: r.updated is missing) >= 0
            task { title "l {length(account.research_items)} {account.health.score}" owner account.account_manager }
          }
        }
        playbook "p-let-ext" extends "p-let" {
          applies when length(account.health_history) > 2
          set big_value = 10
          change rule "l1" {
            when any(m in account.meetings: m.date > today() - 60 days)
          }
        }
        """

    func library(_ extra: [String], framework: Bool) throws -> EvaluationPlan {
        var set = SourceSet()
        if framework {
            let (sources, problems) = SourceLoader.load(paths: [Self.root.appendingPathComponent("Playbooks/framework").path,
                                                             Self.root.appendingPathComponent("Playbooks/examples").path])
            try #require(!problems.hasErrors)
            set = sources
        }
        for (n, e) in extra.enumerated() { set.add(SourceFile(path: "x\(n).playbook", text: e)) }
        let ws = Workspace.check(set)
        let errs = ws.diagnostics.sorted.map(\.text); try #require(!ws.hasErrors, "\(errs)")
        return EvaluationPlan(workspace: ws)
    }

    @Test(arguments: [0, 1, 2, 3, 4, 5])
    func pruningChangesNoFiringAndNoDraft(variant: Int) throws {
        let dir = try RepositoryDir()
        let export = dir.file("export")
        let generated = CivilDate(year: 2026, month: 11, day: 23)!
        _ = try Generator.write(accounts: 300, seed: UInt64(7 + variant), asOf: generated, to: export)
        let repo = try dir.open()
        guard case .imported = try repo.importFiles([export], wait: 5, columns: try RepoTest.generatedColumns()) else {
            Issue.record("the generated export was refused"); return
        }
        let c = repo.connection
        // Custom fields, rows of accounts that do not exist, rows dated after every as-of date.
        try c.execute("UPDATE accounts SET custom = '{\"tier\":\"gold\"}' WHERE substr(id, -1) IN ('1','3','5')")
        try c.execute("UPDATE accounts SET custom = '{\"tier\":\"silver\"}' WHERE substr(id, -1) IN ('2')")
        try c.execute("UPDATE stakeholders SET custom = '{\"flag\":\"x\"}' WHERE substr(id, -1) IN ('1')")
        try c.execute("UPDATE accounts SET segment = NULL WHERE substr(id, -1) IN ('7')")
        let ids = try { () throws -> [String] in
            let s = try c.prepare("SELECT id FROM accounts ORDER BY id"); var out: [String] = []
            while try s.step() { out.append(s.text(0)!) }; return out }()
        for (n, id) in ids.enumerated() where n % 9 == 0 {
            let orphan = id + "x"
            try c.execute("INSERT OR IGNORE INTO raci VALUES ('\(orphan)', 'act', 'st', 'A')")
            try c.execute("INSERT OR IGNORE INTO health (account_id, date, score) VALUES ('\(orphan)', '2020-01-01', 1)")
            try c.execute("INSERT OR IGNORE INTO stakeholders (account_id, id, name, support) VALUES ('\(orphan)', 's', 'n', 1)")
            try c.execute("INSERT OR IGNORE INTO health (account_id, date, score) VALUES ('\(id)', '2027-01-01', 99)")
        }

        let libs: [EvaluationPlan] = [
            try library([], framework: true),
            try library([Self.stress], framework: false),
            try library([Self.stress, Self.histories], framework: false),
            try library([Self.stress], framework: true),
            try library([Self.lets, Self.stress], framework: false),
        ]
        let dates = [generated, CivilDate(year: 2026, month: 5, day: 10)!, CivilDate(year: 2025, month: 12, day: 31)!]
        let asOf = dates[variant % 3]
        let batch = [5, 64, 1000][variant % 3]
        for plan in libs {
            let schema = plan.library.schema
            let usage = EvaluationPlan.fieldUsage(plan.library)
            let old = try AccountLoader(connection: c, schema: schema, asOf: asOf, batchSize: batch + variant / 3, usage: usage)
            var a: [(id: String, record: Record)] = []
            while case let b = try old.nextRecords(), !b.isEmpty { a += b }
            let new = try AccountLoader(connection: c, schema: schema, asOf: asOf, batchSize: batch, usage: usage, plan: plan)
            var b: [(id: String, record: Record)] = []
            while case let x = try new.nextRecords(), !x.isEmpty { b += x }
            try #require(a.map(\.id) == b.map(\.id))
            let frame = plan.makeFrame(today: asOf)
            var total = 0, mismatches = 0
            for (x, y) in zip(a, b) {
                var fx: [Firing] = [], fy: [Firing] = []
                plan.evaluate(x.record, frame: frame, into: &fx)
                plan.evaluate(y.record, frame: frame, into: &fy)
                let kx = fx.map { "\($0.rule.identity)/\($0.itemKey)" }, ky = fy.map { "\($0.rule.identity)/\($0.itemKey)" }
                if kx != ky { mismatches += 1; if mismatches < 5 { Issue.record("firings \(x.id): \(kx) vs \(ky)") }; continue }
                for (f, g) in zip(fx, fy) {
                    let dx = plan.draft(f, account: x.record, frame: frame, fallbackOwner: "-")
                    let dy = plan.draft(g, account: y.record, frame: frame, fallbackOwner: "-")
                    if dx != dy { mismatches += 1; if mismatches < 5 { Issue.record("draft \(x.id): \(dx) vs \(dy)") } }
                }
                total += fx.count
            }
            // The threaded pipeline (loader threads evaluate, with their own frames).
            let pipe = try repo.accountBatches(schema: schema, asOf: asOf, batchSize: batch, usage: usage, threads: 2, plan: plan)
            var n = 0
            while true {
                let loaded = try pipe.next()
                if loaded.accounts.isEmpty { break }
                for (k, acc) in loaded.accounts.enumerated() {
                    var fx: [Firing] = []
                    plan.evaluate(a[n].record, frame: frame, into: &fx)
                    let fy = loaded.firings![k]
                    #expect(acc.id == a[n].id)
                    #expect(fx.map { "\($0.rule.identity)/\($0.itemKey)" } == fy.map { "\($0.rule.identity)/\($0.itemKey)" })
                    for (f, g) in zip(fx, fy) {
                        #expect(plan.draft(f, account: a[n].record, frame: frame, fallbackOwner: "-")
                                == plan.draft(g, account: acc.record, frame: frame, fallbackOwner: "-"))
                    }
                    n += 1
                }
            }
            pipe.stop()
            #expect(n == a.count)
            #expect(mismatches == 0)
            #expect(total > 0)
        }
    }
}

/// The interner must hand back exactly the bytes it was given, whatever they are.
@Suite struct TextInternerTests {
    func intern(_ t: inout TextInterner, _ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { t.string($0) }
    }
    @Test func returnsTheSameTextAsDecoding() {
        var t = TextInterner()
        let samples: [[UInt8]] = [[], Array("a".utf8), Array("é".utf8), Array("日本語テキスト、長い文字列です".utf8), [0xFF, 0x41], [0xFF, 0x41],
                                  Array("a".utf8), [0], [0, 0], Array("é".utf8), Array("e\u{301}".utf8), Array(String(repeating: "x", count: 40).utf8)]
        for _ in 0..<100 {
            for s in samples {
                let got = intern(&t, s)
                let want = String(decoding: s, as: UTF8.self)
                #expect(Array(got.utf8) == Array(want.utf8))
            }
        }
        for n in 0..<2000 {
            let s = Array("v\(n % 37)".utf8)
            #expect(intern(&t, s) == "v\(n % 37)")
        }
    }
}

/// Not vacuous: the libraries above do narrow tables to some playbooks.
@Suite struct StressDemandTests {
    @Test func everyTableIsNarrowedBySomeScope() throws {
        let plan = try RepoTest.plan(LoaderEquivalenceTests.lets + LoaderEquivalenceTests.stress)
        let d = TableDemand(plan: plan, tables: AccountLoader.Table.allCases, account: RecordShape(plan.library.schema, "account"))
        // Even documents and proposals, read by p-health-ext (whose own `applies when` reads
        // proposals and health history): a customisation is only looked at for accounts its
        // base applies to, and p-health's scope is on the account row.
        for t in AccountLoader.Table.allCases {
            #expect(d.bases[t.rawValue] != nil, "\(t)")
        }
    }
}
