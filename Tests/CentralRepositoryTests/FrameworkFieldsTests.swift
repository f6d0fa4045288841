import Foundation
import Testing
import PlaybookEngine
import PlaybookLanguage
@testable import CentralRepository
import Import

/// The fields of schema version 7 (issue 12): the stakeholder strategy as a letter A–D plus
/// `strategy_notes`, meetings planned, held or cancelled, the NPS answer's date, a KPI's
/// promised and expected values, and when a reference was last asked for. Each is imported,
/// migrated from older repositories, loaded and read by a playbook.
@Suite struct FrameworkFieldsTests {
    // MARK: migration

    /// A repository as Playbook left it at schema version 6, with free text in `strategy`.
    static func makeVersion6(at path: String) throws {
        let c = try Connection(path: path, create: true)
        try c.execute("PRAGMA journal_mode = WAL")
        try c.transaction {
            for m in Migrations.all where m.version <= 6 { try c.execute(m.sql) }
            try c.execute("PRAGMA user_version = 6")
        }
        try c.execute("""
            INSERT INTO accounts (id, name, csm, phase) VALUES ('acme', 'Acme Corp', 'Ana Ruiz', 6);
            INSERT INTO stakeholders (account_id, id, name, strategy) VALUES
                ('acme', 's1', 'Sara', 'A'), ('acme', 's2', 'Tom', 'b'), ('acme', 's3', 'Uma', ' c '),
                ('acme', 's4', 'Vic', 'B: win over through the CFO'), ('acme', 's5', 'Wim', 'keep informed'),
                ('acme', 's6', 'Xan', NULL), ('acme', 's7', 'Yva', 'E'), ('acme', 's8', 'Zoe', '   ');
            INSERT INTO meetings (account_id, kind, date) VALUES ('acme', 'business_review', '2026-10-01');
            INSERT INTO health (account_id, date, nps) VALUES ('acme', '2026-11-01', 9);
            INSERT INTO kpis (account_id, id, name, target) VALUES ('acme', 'k1', 'Adoption', 80);
            """)
    }

    @Test func versionSixStrategiesBecomeLettersAndNotesAndNoTextIsLost() throws {
        let dir = try RepositoryDir()
        defer { withExtendedLifetime(dir) {} }
        try Self.makeVersion6(at: dir.path)
        let repo = try Repository(path: dir.path, create: false, waitSeconds: 1)
        #expect(try repo.schemaVersion() == Migrations.latest)
        #expect(try RepoTest.dump(repo.connection, table: "stakeholders", columns: ["id", "strategy", "strategy_notes"]) == [
            "'s1'|'A'|NULL", "'s2'|'B'|NULL", "'s3'|'C'|NULL",
            "'s4'|NULL|'B: win over through the CFO'", "'s5'|NULL|'keep informed'",
            "'s6'|NULL|NULL", "'s7'|NULL|'E'", "'s8'|NULL|NULL",
        ])
        // Meetings recorded before they had a status were held; the other new columns are empty.
        #expect(try RepoTest.dump(repo.connection, table: "meetings", columns: ["kind", "status"]) == ["'business_review'|'held'"])
        #expect(try RepoTest.dump(repo.connection, table: "health", columns: ["nps", "nps_date"]) == ["9.0|NULL"])
        #expect(try RepoTest.dump(repo.connection, table: "kpis", columns: ["promised", "expected"]) == ["NULL|NULL"])
        #expect(try RepoTest.dump(repo.connection, table: "accounts", columns: ["reference_asked"]) == ["NULL"])

        // The migrated repository evaluates: the held review counts, the letter compares.
        let plan = try RepoTest.plan("""
            playbook "cs" {
              title "CS"
              rule "b" {
                each s in account.stakeholders
                when s.strategy == "B" or (s.strategy is missing and s.strategy_notes is present)
                task { title "Strategy of {s.name}" }
              }
              rule "reviewed" {
                when any(m in account.meetings where m.kind == "business_review" and m.status == "held")
                task { title "Reviewed {account.name}" }
              }
            }

            """)
        try RepoTest.run(plan, repo, asOf: "2026-11-02", threads: 0)
        #expect(try RepoTest.tasks(repo).map(\.title).sorted()
            == ["Reviewed Acme Corp", "Strategy of Tom", "Strategy of Vic", "Strategy of Wim", "Strategy of Yva"])
    }

    // MARK: import

    static let account = ImportTestFile("accounts.csv", "id,name,phase\nacme,Acme,2\n")

    @Test(arguments: [
        ("B: win over through the CFO", "stakeholders.csv:2:14: `strategy` must be one of A, B, C, D, not \"B: win over through the CFO\"; free text belongs in `strategy_notes`; did you mean \"B\"?"),
        ("work closely", "stakeholders.csv:2:14: `strategy` must be one of A, B, C, D, not \"work closely\"; free text belongs in `strategy_notes`"),
        ("E", "stakeholders.csv:2:14: `strategy` must be one of A, B, C, D, not \"E\"; free text belongs in `strategy_notes`; did you mean \"A\"?"),
    ])
    func strategyOutsideTheLettersIsAnErrorThatNamesTheNotesColumn(cell: String, expected: String) {
        let file = ImportTestFile("stakeholders.csv", "account_id,id,name,strategy\nacme,s1,Sara,\"\(cell)\"\n")
        #expect(ImportTest.problems([Self.account, file]) == [expected])
    }

    @Test func strategyLettersAreAcceptedInEitherCaseAndNotesAreText() throws {
        let file = ImportTestFile("stakeholders.csv", """
            account_id,id,name,strategy,strategy_notes
            acme,s1,Sara,a,Monthly one-to-one
            acme,s2,Tom, D ,
            acme,s3,Uma,,"Win over, through the CFO"

            """)
        let v = try ImportTest.validate([Self.account, file]).get()
        let strategy = ImportEntity.stakeholders.columnIndex("strategy")!
        let notes = ImportEntity.stakeholders.columnIndex("strategy_notes")!
        #expect(v.rows[.stakeholders]!.map { [$0.values[strategy], $0.values[notes]] } == [
            [.text("A"), .text("Monthly one-to-one")], [.text("D"), .missing], [.missing, .text("Win over, through the CFO")],
        ])
    }

    /// The plan keeps its strategy as text: a sentence there is fine.
    @Test func thePlansStrategyStaysText() {
        let plan = ImportTestFile("stakeholder_plan.csv", "account_id,month,name,strategy\nacme,2026-11,Sara,B: win over through the CFO\n")
        #expect(ImportTest.problems([Self.account, plan]) == [])
    }

    @Test func meetingStatusIsAChoiceAndEmptyMeansHeld() throws {
        let dir = try RepositoryDir()
        let repo = try dir.open()
        try RepoTest.importFiles(repo, [("accounts.csv", Self.account.text), ("meetings.csv", """
            account_id,kind,date,status
            acme,initial,2026-10-01,
            acme,business_review,2026-12-01,Planned
            acme,governance,2026-11-01,cancelled

            """)])
        #expect(try RepoTest.dump(repo.connection, table: "meetings", columns: ["kind", "status"])
            == ["'business_review'|'planned'", "'governance'|'cancelled'", "'initial'|'held'"])
        // A file without the column: new meetings were held, stored ones keep their status.
        try RepoTest.importFiles(repo, [("meetings.csv", "account_id,kind,date\nacme,business_review,2026-12-01\nacme,other,2026-10-15\n")])
        #expect(try RepoTest.dump(repo.connection, table: "meetings", columns: ["kind", "status"])
            == ["'business_review'|'planned'", "'governance'|'cancelled'", "'initial'|'held'", "'other'|'held'"])
        #expect(ImportTest.problems([Self.account, ImportTestFile("meetings.csv", "account_id,kind,date,status\nacme,other,2026-10-01,helld\n")])
            == ["meetings.csv:2:23: `status` must be one of planned, held, cancelled, not \"helld\"; did you mean \"held\"?"])
    }

    // MARK: evaluation

    static let book: [(String, String)] = [
        ("accounts.csv", """
            id,name,csm,phase,reference_asked
            acme,Acme Corp,Ana Ruiz,6,2026-03-02
            beta,Beta Ltd,Ben Ng,6,

            """),
        ("stakeholders.csv", """
            account_id,id,name,authority,strategy,strategy_notes
            acme,s1,Sara,9,B,Win over through the SPL
            acme,s2,Tom,8,A,
            beta,s1,Uma,9,,Keep close

            """),
        ("meetings.csv", """
            account_id,kind,date,status
            acme,business_review,2026-09-01,
            acme,business_review,2026-10-20,cancelled
            acme,business_review,2026-12-10,planned
            acme,governance,2026-11-20,planned
            acme,other,2026-10-25,planned
            acme,other,2026-11-30,held
            beta,business_review,2026-12-01,cancelled
            beta,business_review,2026-08-01,held

            """),
        ("health.csv", """
            account_id,date,score,nps,nps_date
            acme,2026-11-01,80,9,2026-10-12
            beta,2026-11-01,60,4,

            """),
        ("kpis.csv", """
            account_id,id,name,target,promised,expected
            acme,k1,Adoption,80,80,70
            acme,k2,Tickets,50,50,55
            beta,k1,Adoption,80,,

            """),
    ]

    /// One rule per new field, so each one is checked, loaded and evaluated.
    static let playbook = """
        playbook "new-fields" {
          title "Fields of schema version 7"
          rule "review-planned" {
            when any(m in account.planned_meetings where m.kind == "business_review")
            task { title "Prepare the business review" }
          }
          rule "next-meeting" {
            when length(account.planned_meetings) > 0
            task { title "Next on {min(m in account.planned_meetings: m.date)}, {length(account.planned_meetings)} planned" }
          }
          rule "held" {
            when length(account.meetings) > 0
            task { title "Held: {length(account.meetings)}, last {max(m in account.meetings: m.date)}" }
          }
          rule "strategy-b" {
            each s in account.stakeholders
            when s.strategy == "B"
            task { title "Strategy B for {s.name}: {s.strategy_notes}" }
          }
          rule "notes-without-letter" {
            each s in account.stakeholders
            when s.strategy is missing and s.strategy_notes is present
            task { title "Give {s.name} a letter" }
          }
          rule "promoter-answer" {
            when account.health.nps >= 9 and days_since(account.health.nps_date) > 14 days
            task { title "Promoter since {account.health.nps_date}, reference asked {account.reference_asked}" }
          }
          rule "short-of-promise" {
            each kpi in account.kpis
            when kpi.expected < kpi.promised
            task { title "{kpi.name}: expect {kpi.expected} of {kpi.promised} promised" }
          }
        }

        """

    @Test(arguments: RunnerTests.threads)
    func aPlaybookReadsEveryNewField(threads: Int) throws {
        let dir = try RepositoryDir()
        let repo = try dir.open()
        try RepoTest.importFiles(repo, Self.book)
        try RepoTest.run(try RepoTest.plan(Self.playbook), repo, asOf: "2026-11-02", threads: threads)
        let tasks = try RepoTest.tasks(repo).map { "\($0.account) \($0.rule): \($0.title)" }.sorted()
        #expect(tasks == [
            "acme new-fields/held: Held: 1, last 2026-09-01",
            "acme new-fields/next-meeting: Next on 2026-11-20, 2 planned",
            "acme new-fields/promoter-answer: Promoter since 2026-10-12, reference asked 2026-03-02",
            "acme new-fields/review-planned: Prepare the business review",
            "acme new-fields/short-of-promise: Adoption: expect 70 of 80 promised",
            "acme new-fields/strategy-b: Strategy B for Sara: Win over through the SPL",
            "beta new-fields/held: Held: 1, last 2026-08-01",
            "beta new-fields/notes-without-letter: Give Uma a letter",
        ])
    }

    /// A planned meeting is planned up to and on its day, and in neither list after it (until an
    /// import says it was held); a held one appears from its day on; cancelled ones never.
    /// Planned meetings come soonest first, held ones oldest first.
    @Test(arguments: [
        ("2026-11-02", ["2026-09-01"], ["2026-11-20", "2026-12-10"]),
        ("2026-11-20", ["2026-09-01"], ["2026-11-20", "2026-12-10"]),
        ("2026-11-30", ["2026-09-01", "2026-11-30"], ["2026-12-10"]),
        ("2026-12-11", ["2026-09-01", "2026-11-30"], []),
    ])
    func heldAndPlannedMeetingsAsTheDaysPass(day: String, held: [String], planned: [String]) throws {
        let dir = try RepositoryDir()
        let repo = try dir.open()
        try RepoTest.importFiles(repo, Self.book)
        let schema = Schema.builtin
        let loader = try AccountLoader(connection: repo.connection, schema: schema, asOf: RepoTest.day(day))
        let acme = try #require(try loader.nextRecords().first { $0.id == "acme" }).record
        let account = try #require(schema.record("account")), meeting = try #require(schema.record("meeting"))
        let date = try #require(meeting.field("date")).index
        func dates(_ field: String) throws -> [String] {
            acme[try #require(account.field(field)).index].asList.map { v in
                if case .record(let r) = v, case .date(let d) = r[date] { d.description } else { "?" }
            }
        }
        #expect(try dates("meetings") == held)
        #expect(try dates("planned_meetings") == planned)
    }
}
