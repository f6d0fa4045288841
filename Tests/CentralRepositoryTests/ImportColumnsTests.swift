import Foundation
import Testing
import PlaybookEngine
import PlaybookLanguage
@testable import CentralRepository
import Import

/// What import accepts (docs/import.md): built-in and declared columns only, custom values that
/// fit their declared type, custom values merged key by key, and files that are really
/// comma-separated text.
@Suite struct ImportColumnsTests {
    static let declarations = """
        field account.crm_tier: one of "gold", "silver", "bronze"
        field account.executive_sponsor: text
        field account.seats: number
        field account.renewed: boolean
        field account.since: date
        field account.grace: duration
        field account.reviewers: list of text
        field account.scores: list of number
        field stakeholder.linkedin: text
        """

    static func columns() throws -> ImportColumns { try RepoTest.columns(declarations) }

    struct HeaderCase: CustomTestStringConvertible, Sendable {
        let file: String, text: String, problem: String
        var testDescription: String { problem }
    }

    static let unknownHeaders: [HeaderCase] = [
        .init(file: "accounts.csv", text: "id,name,phase,phase_enterd\nacme,Acme,2,2026-01-05\n",
              problem: "accounts.csv:1:15: unknown column `phase_enterd` in accounts; did you mean `phase_entered`?"),
        .init(file: "accounts.csv", text: "id,name,phase,segmnet\nacme,Acme,2,enterprise\n",
              problem: "accounts.csv:1:15: unknown column `segmnet` in accounts; did you mean `segment`?"),
        // Declared fields are candidates too, under their declared spelling.
        .init(file: "accounts.csv", text: "id,name,phase,CRM Teir\nacme,Acme,2,gold\n",
              problem: "accounts.csv:1:15: unknown column `CRM Teir` in accounts; did you mean `crm_tier`?"),
        .init(file: "accounts.csv", text: "id,name,phase,favourite_colour\nacme,Acme,2,red\n",
              problem: "accounts.csv:1:15: unknown column `favourite_colour` in accounts; declare it in a playbook (`field account.favourite_colour: text`) or import with --allow-unknown-columns"),
        // A field declared on another record is not a column here.
        .init(file: "health.csv", text: "account_id,date,linkedin\nacme,2026-01-05,x\n",
              problem: "health.csv:1:17: unknown column `linkedin` in health; declare it in a playbook (`field health.linkedin: text`) or import with --allow-unknown-columns"),
        .init(file: "accounts.json", text: #"[{"id": "acme", "name": "Acme", "phase": 2, "segmnet": "smb"}]"#,
              problem: "accounts.json:1:45: unknown column `segmnet` in accounts; did you mean `segment`?"),
    ]

    @Test(arguments: unknownHeaders)
    func anUnknownColumnStopsTheImportWithItsPosition(_ c: HeaderCase) throws {
        let files = c.file == "accounts.csv" || c.file == "accounts.json" ? [ImportTestFile(c.file, c.text)] : [ImportTest.accounts, ImportTestFile(c.file, c.text)]
        #expect(ImportTest.problems(files, columns: try Self.columns()) == [c.problem])
    }

    @Test func withoutPlaybooksOnlyBuiltInColumnsAreAccepted() {
        let files = [ImportTestFile("accounts.csv", "id,name,phase,crm_tier\nacme,Acme,2,gold\n")]
        #expect(ImportTest.problems(files) == [
            "accounts.csv:1:15: unknown column `crm_tier` in accounts; declare it in a playbook (`field account.crm_tier: text`) or import with --allow-unknown-columns",
        ])
    }

    @Test func anUndeclaredColumnIsWarnedAboutOnceWhenAllowed() throws {
        let files = [
            ImportTestFile("accounts.csv", "id,name,phase,region\nacme,Acme,2,EMEA\n"),
            ImportTestFile("more.accounts.csv", "id,name,phase,Region\nbeta,Beta,2,APAC\n"),
        ]
        var warnings: [String] = []
        let v = try ImportTest.validate(files, columns: ImportColumns(allowUnknown: true) { warnings.append($0.description) }).get()
        #expect(warnings == ["accounts.csv:1:15: column `region` is neither a column of accounts nor declared by a playbook; imported as undeclared text"])
        #expect(v.rows[.accounts]?.map { ImportTest.show($0) } == ["acme|Acme|-|-|-|-|-|-|#2|-|-|-|-|+region=EMEA", "beta|Beta|-|-|-|-|-|-|#2|-|-|-|-|+region=APAC"])
    }

    @Test func declaredColumnsAreMatchedLikeBuiltInOnesAndKeepTheDeclaredName() throws {
        let files = [ImportTestFile("accounts.csv", "id,name,phase,CRM Tier, Executive Sponsor \nacme,Acme,2,Gold,Dana\n")]
        let v = try ImportTest.validate(files, columns: try Self.columns()).get()
        #expect(v.rows[.accounts]?.map { ImportTest.show($0) } == ["acme|Acme|-|-|-|-|-|-|#2|-|-|-|-|+crm_tier=gold|+executive_sponsor=Dana"])
    }

    struct ValueCase: CustomTestStringConvertible, Sendable {
        let column: String, cell: String, expected: String
        var testDescription: String { "\(column)=\(cell)" }
    }

    /// `expected`: the value as `ImportTest.show` writes it, or the problem.
    static let values: [ValueCase] = [
        .init(column: "seats", cell: "40", expected: "40.0"),
        .init(column: "seats", cell: "three", expected: "accounts.csv:2:13: `seats` must be a number, not \"three\""),
        .init(column: "renewed", cell: "Yes", expected: "yes"),
        .init(column: "renewed", cell: "maybe", expected: "accounts.csv:2:13: `renewed` must be yes or no, not \"maybe\""),
        .init(column: "since", cell: "2026-01-05", expected: "2026-01-05"),
        .init(column: "since", cell: "05/01/2026", expected: "accounts.csv:2:13: `since` must be a date as YYYY-MM-DD, not \"05/01/2026\""),
        .init(column: "since", cell: "2026-02-30", expected: "accounts.csv:2:13: `since` must be a real day, not \"2026-02-30\""),
        .init(column: "grace", cell: "14", expected: "14.0"),
        .init(column: "grace", cell: "two weeks", expected: "accounts.csv:2:13: `grace` must be a number of days, not \"two weeks\""),
        .init(column: "crm_tier", cell: "SILVER", expected: "silver"),
        .init(column: "crm_tier", cell: "platinum", expected: "accounts.csv:2:13: `crm_tier` must be one of gold, silver, bronze, not \"platinum\""),
        .init(column: "crm_tier", cell: "gld", expected: "accounts.csv:2:13: `crm_tier` must be one of gold, silver, bronze, not \"gld\"; did you mean \"gold\"?"),
        .init(column: "reviewers", cell: "Ana; Ben ;", expected: "[Ana,Ben]"),
        .init(column: "scores", cell: "1;2.5", expected: "[1.0,2.5]"),
        .init(column: "scores", cell: "1;three", expected: "accounts.csv:2:13: `scores` must be a number, not \"three\""),
        .init(column: "seats", cell: "", expected: "-"),
    ]

    @Test(arguments: values)
    func aCustomValueMustFitItsDeclaredType(_ c: ValueCase) throws {
        let file = ImportTestFile("accounts.csv", "id,name,phase,\(c.column)\nacme,Acme,2,\"\(c.cell)\"\n")
        switch ImportTest.validate([file], columns: try Self.columns()) {
        case .success(let v): #expect(v.rows[.accounts]?.first.map { ImportTest.show($0.custom[0].value) } == c.expected)
        case .failure(let p): #expect(p.lines == [c.expected])
        }
    }

    @Test func customValuesAreStoredTypedAndReadWithTheirType() throws {
        let dir = try RepositoryDir()
        let repo = try dir.open()
        let header = "id,name,phase,crm_tier,seats,renewed,since,grace,reviewers,scores,executive_sponsor"
        try RepoTest.importFiles(repo, [("accounts.csv", "\(header)\nacme,Acme,2,Gold,40,yes,2026-01-05,14,Ana;Ben,1;2.5,\"Zoë \"\"Z\"\" Ng\"\n")],
                                 columns: try Self.columns())
        let stored = try repo.connection.scalarText("SELECT custom FROM accounts")
        #expect(stored == #"{"crm_tier":"gold","seats":40,"renewed":true,"since":"2026-01-05","grace":14,"reviewers":["Ana","Ben"],"scores":[1,2.5],"executive_sponsor":"Zoë \"Z\" Ng"}"#)

        var set = SourceSet()
        set.add(SourceFile(path: "fields.playbook", text: Self.declarations))
        let shape = RecordShape(Workspace.check(set).library.schema, "account")
        var fields = shape.empty()
        shape.applyCustom(stored, to: &fields)
        func field(_ name: String) -> String { fields[shape.index(name)].display }
        #expect(field("crm_tier") == "gold")
        #expect(field("seats") == "40")
        #expect(field("renewed") == "yes")
        #expect(field("since") == "2026-01-05")
        #expect(field("grace") == "14 days")
        #expect(field("reviewers") == "Ana, Ben")
        #expect(field("scores") == "1, 2.5")
        #expect(field("executive_sponsor") == #"Zoë "Z" Ng"#)
    }

    /// Values stored as text before custom values were typed, or imported undeclared, are
    /// still read with the declared type.
    @Test func textValuesStoredEarlierAreReadWithTheDeclaredType() throws {
        var set = SourceSet()
        set.add(SourceFile(path: "fields.playbook", text: Self.declarations))
        let shape = RecordShape(Workspace.check(set).library.schema, "account")
        var fields = shape.empty()
        shape.applyCustom(#"{"seats":"40","renewed":"yes","reviewers":"a; b","crm_tier":"gold","unknown":3,"since":true}"#, to: &fields)
        #expect(fields[shape.index("seats")].display == "40")
        #expect(fields[shape.index("renewed")].display == "yes")
        #expect(fields[shape.index("reviewers")].display == "a, b")
        #expect(fields[shape.index("crm_tier")].display == "gold")
        #expect(fields[shape.index("since")].isMissing)
    }

    /// The issue's narrower export: a file with fewer custom columns keeps the others' values.
    @Test func anOmittedCustomColumnKeepsItsStoredValues() throws {
        let dir = try RepositoryDir()
        let repo = try dir.open()
        let columns = try Self.columns()
        func custom() throws -> String? { try repo.connection.scalarText("SELECT custom FROM accounts WHERE id = 'acme'") }
        let full = ("accounts.csv", "id,name,phase,crm_tier,executive_sponsor,seats\nacme,Acme,2,gold,Dana,40\n")
        try RepoTest.importFiles(repo, [full], columns: columns)
        // Only the tier, from another system.
        var counts = try RepoTest.importFiles(repo, [("accounts.csv", "id,name,phase,crm_tier\nacme,Acme,2,silver\n")], columns: columns)
        #expect(counts[.accounts]?.updated == 1)
        #expect(try custom() == #"{"crm_tier":"silver","executive_sponsor":"Dana","seats":40}"#)
        // No custom column at all: nothing to change.
        counts = try RepoTest.importFiles(repo, [("accounts.csv", "id,name,phase\nacme,Acme,2\n")], columns: columns)
        #expect(counts[.accounts]?.unchanged == 1)
        #expect(try custom() == #"{"crm_tier":"silver","executive_sponsor":"Dana","seats":40}"#)
        // An empty cell in a column the file gives: that value is now missing.
        try RepoTest.importFiles(repo, [("accounts.csv", "id,name,phase,executive_sponsor\nacme,Acme,2,\n")], columns: columns)
        #expect(try custom() == #"{"crm_tier":"silver","seats":40}"#)
        // Every value removed: no object left.
        try RepoTest.importFiles(repo, [("accounts.csv", "id,name,phase,crm_tier,seats\nacme,Acme,2,,\n")], columns: columns)
        #expect(try custom() == nil)
        // Importing the same file twice writes nothing the second time.
        try RepoTest.importFiles(repo, [full], columns: columns)
        counts = try RepoTest.importFiles(repo, [full], columns: columns)
        #expect(counts[.accounts] == { var c = Repository.ImportCounts(); c.unchanged = 1; return c }())
        #expect(try custom() == #"{"crm_tier":"gold","executive_sponsor":"Dana","seats":40}"#)
    }

    @Test func aNewRowWithEmptyCustomCellsStoresNoObject() throws {
        let dir = try RepositoryDir()
        let repo = try dir.open()
        try RepoTest.importFiles(repo, [("accounts.csv", "id,name,phase,crm_tier,seats\nacme,Acme,2,,\nbeta,Beta,2,,7\n")], columns: try Self.columns())
        #expect(try repo.connection.scalarText("SELECT custom FROM accounts WHERE id = 'acme'") == nil)
        #expect(try repo.connection.scalarText("SELECT custom FROM accounts WHERE id = 'beta'") == #"{"seats":7}"#)
        let again = try RepoTest.importFiles(repo, [("accounts.csv", "id,name,phase,crm_tier,seats\nacme,Acme,2,,\nbeta,Beta,2,,7\n")], columns: try Self.columns())
        #expect(again[.accounts]?.unchanged == 2)
    }

    @Test func anUnknownAccountGetsTheClosestId() {
        let files = [
            ImportTestFile("accounts.csv", "id,name,phase\nacme-corp,Acme,2\nglobex,Globex,2\n"),
            ImportTestFile("health.csv", "account_id,date\nacme-crop,2026-01-05\ninitech,2026-01-05\n"),
        ]
        #expect(ImportTest.problems(files, existing: FakeExistingKeys(accounts: ["globex-uk"])) == [
            "health.csv:2:1: account \"acme-crop\" is neither in this import nor in the repository; did you mean \"acme-corp\"?",
            "health.csv:3:1: account \"initech\" is neither in this import nor in the repository",
        ])
    }

    /// Each suggestion compares the id with every account: a file of wrong ids gets a few, not millions.
    @Test func onlyTheFirstUnknownAccountsGetASuggestion() {
        let ids = (0..<30).map { "account-\($0 + 100)" }
        let files = [
            ImportTestFile("accounts.csv", "id,name,phase\n" + ids.map { "\($0),A,2\n" }.joined()),
            ImportTestFile("health.csv", "account_id,date\n" + ids.map { "\($0)x,2026-01-05\n" }.joined()),
        ]
        let problems = ImportTest.problems(files)
        #expect(problems.count == 30)
        #expect(problems.filter { $0.contains("did you mean") }.count == 20)
        #expect(problems.first == "health.csv:2:1: account \"account-100x\" is neither in this import nor in the repository; did you mean \"account-100\"?")
    }

    @Test func anUnknownAccountIsComparedWithTheRepositorysIds() throws {
        let (dir, repo, paths) = try ImportStreamTests.setUp([("accounts.csv", "id,name,phase\nhalvorsen,Halvorsen,2\n")])
        defer { try? FileManager.default.removeItem(at: dir) }
        guard case .imported = try repo.importFiles([paths[0]], wait: 1) else { Issue.record("accounts not imported"); return }
        let health = dir.appendingPathComponent("health.csv")
        try Data("account_id,date\nhalverson,2026-01-05\n".utf8).write(to: health)
        #expect(ImportStreamTests.problems(try repo.importFiles([health.path], wait: 1), under: dir) == [
            "health.csv:2:1: account \"halverson\" is neither in this import nor in the repository; did you mean \"halvorsen\"?",
        ])
    }

    static let brokenFiles: [HeaderCase] = [
        .init(file: "accounts.csv", text: "id;name;phase\nacme;Acme;2\n",
              problem: "accounts.csv:1:1: the header has one column; the file seems to be separated by `;`; export it as comma-separated CSV"),
        .init(file: "accounts.csv", text: "\"id\";\"name\";\"phase\"\n\"acme\";\"Acme\";2\n",
              problem: "accounts.csv:1:1: the header has one column; the file seems to be separated by `;`; export it as comma-separated CSV"),
        .init(file: "accounts.csv", text: "id\tname\tphase\nacme\tAcme\t2\n",
              problem: "accounts.csv:1:1: the header has one column; the file seems to be separated by tabs; export it as comma-separated CSV"),
        .init(file: "accounts.csv", text: "id,name,phase\nacme,Ac\u{0}me,2\n",
              problem: "accounts.csv:2:8: NUL character in a field; the file may not be text, or an export went wrong"),
        .init(file: "accounts.csv", text: "id,name,phase\nacme,\"Ac\u{0}me\",2\n",
              problem: "accounts.csv:2:9: NUL character in a field; the file may not be text, or an export went wrong"),
        // Two exports joined: the second one's mark would have become part of an id.
        .init(file: "accounts.csv", text: "\u{FEFF}id,name,phase\nacme,Acme,2\n\u{FEFF}beta,Beta,1\n",
              problem: "accounts.csv:3:1: byte-order mark (U+FEFF) inside the file; only its very start may have one (were two files joined?)"),
        .init(file: "accounts.csv", text: "id,name,phase\nacme,\"Acme \u{FEFF}\",2\n",
              problem: "accounts.csv:2:12: byte-order mark (U+FEFF) inside the file; only its very start may have one (were two files joined?)"),
        .init(file: "accounts.json", text: #"[{"id": "acme", "name": "Ac\u0000me", "phase": 2}]"#,
              problem: "accounts.json:1:25: NUL character in a field; the file may not be text, or an export went wrong"),
        .init(file: "accounts.json", text: #"[{"id": "\ufeffacme", "name": "Acme", "phase": 2}]"#,
              problem: "accounts.json:1:9: byte-order mark (U+FEFF) inside the file; only its very start may have one (were two files joined?)"),
    ]

    @Test(arguments: brokenFiles)
    func aFileThatIsNotCleanCommaSeparatedTextIsReported(_ c: HeaderCase) {
        #expect(ImportTest.problems([ImportTestFile(c.file, c.text)]) == [c.problem])
    }

    /// A header of one column is fine when it holds no other separator: the missing columns are reported.
    @Test func aOneColumnHeaderWithoutSeparatorsIsReportedAsMissingColumns() {
        #expect(ImportTest.problems([ImportTestFile("accounts.csv", "id\nacme\n")]) == [
            "accounts.csv:1:1: missing required column `name`",
            "accounts.csv:1:1: missing required column `phase`",
        ])
    }
}
