import Testing
import PlaybookLanguage
import Import

@Suite struct ImportValidatorTests {
    /// A realistic small import: an Excel-style accounts file (BOM, CRLF, spaced headers, custom
    /// columns), stakeholders, the RACI grid, the stakeholder plan and health in JSON.
    static let book: [ImportTestFile] = [
        ImportTestFile("in/2026-11.health.json", """
            [
              {"account_id": "acme", "date": "2026-11-02", "score": 72.5, "light": "Green", "sponsorship": 8,
               "advocacy": 6, "sentiment": 7, "support_utilization": 5, "product_utilization": 9,
               "company_health": 7, "nps": 9, "comment": "steady"},
              {"account_id": "beta", "date": "2026-11-02", "light": "red", "nps": null}
            ]
            """),
        ImportTestFile("in/raci.csv", """
            account_id,activity,Ana Ruiz (SPL),IT department,Finance
            acme,Approve onboarding plan,A,C,I
            acme,Run training,r,RA,
            beta,Run training,, r-a ,i

            """),
        ImportTestFile("in/accounts.csv", "\u{FEFF}ID,Name,CSM,Phase,Pilot,Renewal Date,Contract Value,CRM Tier, Executive  Sponsor \r\n"
            + "acme,Acme Corp,ana,\"3\",Proof of concept,2026-06-30,120000.50,gold,\r\n"
            + "beta,\"Beta, Inc.\",ben,1,,,,silver,Dana\r\n"),
        ImportTestFile("in/stakeholders.csv", """
            account_id,id,name,authority,interest,support,is_spl,deadline
            acme,s1,Ana Ruiz,8,9.5,7,Yes,2026-12-01
            acme,s2,"Ben ""the boss"" Ode",,,,n,

            """),
        ImportTestFile("in/stakeholder_plan.csv", """
            account_id,month,stakeholder,authority,strategy,current_situation
            acme,2026-11,Ana Ruiz,8,Keep close,"Supportive;
            wants a roadmap"
            acme,2026-12-15,Ana Ruiz,9,Keep close,
            """),
    ]

    /// The custom columns of the book, as its playbooks would declare them.
    static func bookColumns() throws -> ImportColumns {
        try RepoTest.columns("""
            field account.crm_tier: one of "gold", "silver"
            field account.executive_sponsor: text
            field health.comment: text
            """)
    }

    static func rows(_ v: ValidatedImport, _ e: ImportEntity) -> [String] { (v.rows[e] ?? []).map(ImportTest.show) }

    @Test func goodImportGivesTypedRows() throws {
        let v = try ImportTest.validate(Self.book, columns: try Self.bookColumns()).get()
        #expect(Self.rows(v, .accounts) == [
            "acme|Acme Corp|ana|-|-|120000.5|2026-06-30|-|#3|-|proof_of_concept|-|-|+crm_tier=gold|+executive_sponsor=-",
            "beta|Beta, Inc.|ben|-|-|-|-|-|#1|-|-|-|-|+crm_tier=silver|+executive_sponsor=Dana",
        ])
        #expect(Self.rows(v, .stakeholders) == [
            "acme|s1|Ana Ruiz|-|-|-|8.0|9.5|7.0|-|-|-|yes|-|-|-|2026-12-01|-|-",
            "acme|s2|Ben \"the boss\" Ode|-|-|-|-|-|-|-|-|-|no|-|-|-|-|-|-",
        ])
        #expect(Self.rows(v, .stakeholder_plan) == [
            "acme|2026-11-01|Ana Ruiz|-|-|-|8.0|-|-|-|-|-|-|Supportive;\nwants a roadmap|-|Keep close|-|-|-",
            "acme|2026-12-01|Ana Ruiz|-|-|-|9.0|-|-|-|-|-|-|-|-|Keep close|-|-|-",
        ])
        #expect(Self.rows(v, .health) == [
            "acme|2026-11-02|72.5|green|8.0|6.0|7.0|5.0|9.0|7.0|9.0|-|+comment=steady",
            "beta|2026-11-02|-|red|-|-|-|-|-|-|-|-|+comment=-",
        ])
        #expect(v.customFieldNames == [.accounts: ["crm_tier", "executive_sponsor"], .health: ["comment"]])
        #expect(Set(v.rows.keys) == [.accounts, .stakeholders, .raci, .stakeholder_plan, .health])
        let plan = try #require(v.rows[.stakeholder_plan])
        #expect(plan.map(\.line) == [2, 4])
        #expect(plan.allSatisfy { $0.file == "in/stakeholder_plan.csv" })
        #expect(v.rows[.accounts]?.first?.values[ImportEntity.accounts.columnIndex("renewal_date")!] == .date(CivilDate(year: 2026, month: 6, day: 30)!))
    }

    @Test func raciGridUnpivotsIntoOneRowPerCell() throws {
        let v = try ImportTest.validate(Self.book, columns: try Self.bookColumns()).get()
        #expect(Self.rows(v, .raci) == [
            "acme|Approve onboarding plan|Ana Ruiz (SPL)|A",
            "acme|Approve onboarding plan|IT department|C",
            "acme|Approve onboarding plan|Finance|I",
            "acme|Run training|Ana Ruiz (SPL)|R",
            "acme|Run training|IT department|R/A",
            "beta|Run training|IT department|R/A",
            "beta|Run training|Finance|I",
        ])
        #expect(v.rows[.raci]?.map(\.line) == [2, 2, 2, 3, 3, 4, 4])
        #expect(ImportEntity.raci.columns.map(\.name) == ["account_id", "activity", "stakeholder", "code"])
        #expect(ImportEntity.raci.keyColumns == ["account_id", "activity", "stakeholder"])
    }

    @Test func raciInJSONIsOneObjectPerCell() throws {
        let json = ImportTestFile("raci.json", """
            [{"account_id": "acme", "activity": "Kick-off", "stakeholder": "Ana", "code": "ra"},
             {"account_id": "acme", "activity": "Kick-off", "stakeholder": "IT", "code": "C"}]
            """)
        let v = try ImportTest.validate([ImportTest.accounts, json]).get()
        #expect(Self.rows(v, .raci) == ["acme|Kick-off|Ana|R/A", "acme|Kick-off|IT|C"])
    }

    @Test func unknownColumnsAreUndeclaredTextWhenAllowed() throws {
        let files = [ImportTestFile("accounts.csv", "id,name,phase,Region,crm tier,Notes\nacme,Acme,2,EMEA,,  keep  \n")]
        var warnings: [String] = []
        let v = try ImportTest.validate(files, columns: ImportColumns(allowUnknown: true) { warnings.append($0.description) }).get()
        #expect(v.customFieldNames[.accounts] == ["region", "crm_tier", "notes"])
        let row = try #require(v.rows[.accounts]?.first)
        #expect(row.custom.map(\.name) == ["region", "crm_tier", "notes"])
        #expect(row.custom.map(\.value) == [.text("EMEA"), .missing, .text("keep")])
        #expect(warnings == [
            "accounts.csv:1:15: column `Region` is neither a column of accounts nor declared by a playbook; imported as undeclared text",
            "accounts.csv:1:22: column `crm tier` is neither a column of accounts nor declared by a playbook; imported as undeclared text",
            "accounts.csv:1:31: column `Notes` is neither a column of accounts nor declared by a playbook; imported as undeclared text",
        ])
    }

    @Test func valueSpellingsThatAreAccepted() throws {
        let files = [
            ImportTestFile("accounts.csv", "id,name,phase,contract_value,meeting_cadence_days\nacme,Acme, 3.0 ,-1.5e3,14\n"),
            ImportTestFile("stakeholders.csv", """
                account_id,id,name,is_spl,authority
                acme,a,A,TRUE,0
                acme,b,B,false,10
                acme,c,C,Y,+5
                acme,d,D,0,.5
                acme,e,E,1,5.
                """),
            ImportTestFile("documents.csv", "account_id,kind,title,status\nacme,Welcome Pack,,In Progress\nacme,welcome-pack,Welcome pack v2,\n"),
        ]
        switch ImportTest.validate(files) {
        case .failure(let p): Issue.record("\(p)")
        case .success(let v):
            #expect(Self.rows(v, .accounts) == ["acme|Acme|-|-|-|-1500.0|-|-|#3|-|-|14.0|-"])
            let scoresAndSPL = Self.rows(v, .stakeholders).map { row -> String in
                let parts = row.split(separator: "|").map(String.init)
                return parts[6] + "/" + parts[12]
            }
            #expect(scoresAndSPL == ["0.0/yes", "10.0/no", "5.0/yes", "0.5/no", "5.0/yes"])
            // Without a title the title is the kind, so the two welcome packs have different keys.
            #expect(Self.rows(v, .documents) == ["acme|welcome_pack|welcome_pack|in_progress|-", "acme|welcome_pack|Welcome pack v2|-|-"])
        }
    }

    @Test func referencesMayPointIntoTheRepository() {
        let existing = FakeExistingKeys(accounts: ["globex"], kpis: ["globex/nps"])
        let files = [
            ImportTestFile("health.csv", "account_id,date\nglobex,2026-01-05\nglobex,2026-01-06\nglobex,2026-01-07\n"),
            ImportTestFile("measurements.csv", "account_id,kpi_id,date,value\nglobex,nps,2026-01-05,7\nglobex,nps,2026-01-06,8\n"),
        ]
        #expect(ImportTest.problems(files, existing: existing) == [])
        // One question per account and per KPI, however many rows refer to them.
        #expect(existing.questions == 2)
    }

    @Test func problemsAreSortedByFileLineAndColumn() {
        let files = [
            ImportTestFile("stakeholders.csv", "account_id,id,name,authority\nacme,s1,Ana,11\nnope,s2,,3\n"),
            ImportTestFile("accounts.csv", "id,name,phase\nacme,Acme,9\n"),
        ]
        #expect(ImportTest.problems(files) == [
            "accounts.csv:2:11: `phase` must be a whole number from 1 to 7, not \"9\"",
            "stakeholders.csv:2:13: `authority` must be from 0 to 10, not 11",
            "stakeholders.csv:3:1: account \"nope\" is neither in this import nor in the repository",
            "stakeholders.csv:3:9: `name` is required",
        ])
    }

    @Test func problemsAreCappedWithACount() throws {
        let body = (1...1_500).map { "acme,2026-01-\(String(format2: $0 % 28 + 1)),x\($0)" }.joined(separator: "\n")
        let files = [ImportTest.accounts, ImportTestFile("health.csv", "account_id,date,score\n" + body)]
        guard case .failure(let p) = ImportTest.validate(files) else {
            Issue.record("no problems")
            return
        }
        #expect(p.problems.count == ImportProblems.limit)
        #expect(p.omitted == 500 + 1_472) // 1,500 bad scores plus the duplicate dates after day 28
        #expect(p.problems.first?.description == "health.csv:2:17: `score` must be a number, not \"x1\"")
        #expect(p.problems == p.problems.sorted())
        #expect(p.lines.last == "and 1972 more problems")
    }

    @Test func aFileWithABrokenHeaderStillDefinesItsAccounts() {
        let files = [
            ImportTestFile("accounts.csv", "id,phase\nacme,2\n"),
            ImportTestFile("health.csv", "account_id,date\nacme,2026-01-05\n"),
        ]
        #expect(ImportTest.problems(files) == ["accounts.csv:1:1: missing required column `name`"])
    }

    @Test func entityNames() {
        #expect(ImportEntity.parse(path: "a/b/2026-11.health.csv").entity == .health)
        #expect(ImportEntity.parse(path: "Stakeholder Plan.JSON").entity == .stakeholder_plan)
        #expect(ImportEntity.parse(path: "impacted-groups.csv").entity == .impacted_groups)
        #expect(ImportEntity.parse(path: "x.y.kpis.csv").format == .csv)
        #expect(ImportEntity.parse(path: "accounts").format == nil)
    }
}

private extension String {
    init(format2 n: Int) { self = n < 10 ? "0\(n)" : "\(n)" }
}
