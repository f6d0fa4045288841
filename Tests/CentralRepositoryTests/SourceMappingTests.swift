import Foundation
import Testing
import PlaybookLanguage
@testable import CentralRepository
@testable import Import

/// `import --source`: a checked `source` declaration applied in front of the readers
/// (docs/import.md, "Column mappings").
@Suite struct SourceMappingTests {
    static let playbook = """
        field account.tier: one of "gold", "silver"
        source "crm" {
          file "Account Export.csv" as accounts {
            column "Account ID" as id
            column "Account Name" as name
            column "Stage" as phase with { "Onboarding": 3, "Adoption": 5, "Value Realization": 6 }
            column "Segment" as segment with { "Enterprise": "enterprise", "SMB": "smb" }
            column "Tier" as tier with { "G": "gold", "S": "silver" }
          }
          file "Contacts.json" as stakeholders {
            column "Contact ID" as id
            column "Primary" as is_spl with { "Yes": true, "No": false }
          }
          file "People.csv" as stakeholders {
            column "Contact ID" as id
          }
        }
        """

    static func workspace(_ text: String = playbook) -> Workspace {
        var set = SourceSet()
        set.add(SourceFile(path: "crm.playbook", text: text))
        let ws = Workspace.check(set)
        #expect(!ws.hasErrors, "\(ws.diagnostics.items.map(\.text))")
        return ws
    }

    static func mapping(_ text: String = playbook) throws -> SourceMapping {
        SourceMapping(try #require(workspace(text).library.source("crm")))
    }

    /// With the playbook's declared fields accepted, as `playbook import` reads them.
    static func validate(_ files: [ImportTestFile]) throws -> Result<ValidatedImport, ImportProblems> {
        ImportValidator.validate(files: files.map { ($0.path, Array($0.text.utf8)) }, existing: NoExistingKeys(),
                                 columns: ImportColumns(schema: workspace().library.schema), mapping: try mapping())
    }

    static func rows(_ files: [ImportTestFile], _ entity: ImportEntity) throws -> [String] {
        switch try validate(files) {
        case .success(let v): return (v.rows[entity] ?? []).map(ImportTest.show)
        case .failure(let p): Issue.record("refused:\n\(p)"); return []
        }
    }

    static func problems(_ files: [ImportTestFile]) throws -> [String] {
        switch try validate(files) {
        case .success: return []
        case .failure(let p): return p.lines
        }
    }

    // MARK: The import's columns and the checker's agree

    /// The checker checks mappings against `ImportSchema`; the import reads `EntitySpec`. Every
    /// import column of every entity is a column the checker knows, with the same kind, and
    /// the checker knows no other.
    @Test(arguments: ImportEntity.allCases)
    func checkerKnowsEveryImportColumn(_ entity: ImportEntity) throws {
        let file = try #require(ImportSchema.file(entity.rawValue))
        #expect(file.columns.map(\.name) == entity.columns.map(\.name))
        for (spec, column) in zip(entity.columns, file.columns) {
            #expect(Self.agree(spec.kind, column.kind), "\(entity.rawValue).\(spec.name): \(spec.kind) vs \(column.kind)")
        }
    }

    @Test func checkerKnowsNoOtherFile() {
        #expect(ImportSchema.files.map(\.name) == ImportEntity.allCases.map(\.rawValue))
    }

    static func agree(_ a: ColumnKind, _ b: ImportSchema.Kind) -> Bool {
        switch (a, b) {
        case (.text, .text), (.date, .date), (.month, .month), (.bool, .boolean): true
        case (.number(let x), .number(let y)): x == y
        case (.integer(let x), .wholeNumber(let y)): x == y
        case (.choice(let x), .choice(let y)): x == y.values
        default: false
        }
    }

    /// Custom fields a mapping may fill are those of the record the file's rows become.
    @Test(arguments: ImportEntity.allCases)
    func customFieldsBelongToTheFilesRecord(_ entity: ImportEntity) throws {
        let file = try #require(ImportSchema.file(entity.rawValue))
        if let record = file.record {
            #expect(Schema.builtin.record(record) != nil)
        } else {
            #expect(entity == .raci)
        }
    }

    @Test(arguments: ["Account Owner", "  account   OWNER ", "Cafe\u{301} Name", "Café Name", "ARR"])
    func headerKeysAgree(_ raw: String) {
        #expect(HeaderName.normalize(raw) == ImportSchema.headerKey(raw))
        #expect(HeaderName.normalize("Cafe\u{301} Name") == HeaderName.normalize("Café Name"))
    }

    // MARK: Applying a mapping

    @Test func headersRenamedValuesMappedOthersPassThrough() throws {
        let rows = try Self.rows([ImportTestFile("Account Export.csv", """
            Account ID,Account Name,csm,Stage,Segment,Tier
            acme,Acme,Ana, onboarding ,Enterprise,G
            zeta,Zeta,Ben,Value Realization,SMB,
            """)], .accounts)
        // id, name, csm, account_manager, segment, contract_value, renewal_date, engagement_start, phase, …
        #expect(rows == [
            "acme|Acme|Ana|-|enterprise|-|-|-|#3|-|-|-|-|+tier=gold",
            "zeta|Zeta|Ben|-|smb|-|-|-|#6|-|-|-|-|+tier=-",  // an empty cell of a present custom column clears it
        ])
    }

    /// Case aside, and after a dated prefix as entity files may have one (`2026-11.health.csv`).
    @Test(arguments: ["exports/ACCOUNT EXPORT.CSV", "exports/2026-11.Account Export.csv", "a.b.account export.csv"])
    func fileNamesMatchWithoutRegardToCase(_ path: String) throws {
        let rows = try Self.rows([ImportTestFile(path, "Account ID,Account Name,Stage\nacme,Acme,Adoption\n")], .accounts)
        #expect(rows == ["acme|Acme|-|-|-|-|-|-|#5|-|-|-|-"])
    }

    @Test func unmappedValueIsReportedWhereItIsWithASuggestion() throws {
        let problems = try Self.problems([ImportTestFile("Account Export.csv", """
            Account ID,Account Name,Stage,Segment
            acme,Acme,Onboardin,Enterprise
            beta,Beta,Churned,Mid-Market
            """)])
        #expect(problems == [
            #"Account Export.csv:2:11: "Onboardin" in `Stage` is not in the values source "crm" maps to `phase`; did you mean "Onboarding"?"#,
            #"Account Export.csv:3:11: "Churned" in `Stage` is not in the values source "crm" maps to `phase`; add it to the column's `with { … }`"#,
            #"Account Export.csv:3:19: "Mid-Market" in `Segment` is not in the values source "crm" maps to `segment`; add it to the column's `with { … }`"#,
        ])
    }

    /// A row with an unmapped value still defines its account: its children are not reported.
    @Test func rowWithUnmappedValueStillDefinesItsAccount() throws {
        let problems = try Self.problems([
            ImportTestFile("Account Export.csv", "Account ID,Account Name,Stage\nacme,Acme,Churned\n"),
            ImportTestFile("People.csv", "account_id,Contact ID,name\nacme,ann,Ann\n"),
        ])
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("Account Export.csv:2:11:") == true)
    }

    @Test func emptyCellInAMappedColumnIsMissing() throws {
        let problems = try Self.problems([ImportTestFile("Account Export.csv", "Account ID,Account Name,Stage,Segment\nacme,Acme,,\n")])
        #expect(problems == ["Account Export.csv:2:11: `Stage`, read as `phase` is required"])
    }

    @Test func secondHeaderForAMappedColumnIsADuplicate() throws {
        // A header that reaches a mapped column by its own name is a duplicate, named as the user wrote it.
        let problems = try Self.problems([ImportTestFile("Account Export.csv", "Account ID,Account Name,Stage,phase\nacme,Acme,Adoption,5\n")])
        #expect(problems == ["Account Export.csv:1:31: `phase` names the same column as `Stage`"])
    }

    @Test func jsonFilesAreMappedToo() throws {
        let rows = try Self.rows([
            ImportTestFile("accounts.csv", "id,name,phase\nacme,Acme,2\n"),
            ImportTestFile("contacts.json", #"[{"account_id": "acme", "Contact ID": "ann", "name": "Ann", "Primary": "yes"}, {"account_id": "acme", "Contact ID": "bo", "name": "Bo", "Primary": "No"}]"#),
        ], .stakeholders)
        #expect(rows.map { $0.split(separator: "|").prefix(3).joined(separator: "|") } == ["acme|ann|Ann", "acme|bo|Bo"])
        #expect(rows.map { $0.split(separator: "|")[12] } == ["yes", "no"])
        let problems = try Self.problems([
            ImportTestFile("accounts.csv", "id,name,phase\nacme,Acme,2\n"),
            ImportTestFile("Contacts.json", #"[{"account_id": "acme", "Contact ID": "ann", "name": "Ann", "Primary": "Yess"}]"#),
        ])
        #expect(problems == [#"Contacts.json:1:72: "Yess" in `Primary` is not in the values source "crm" maps to `is_spl`; did you mean "Yes"?"#])
    }

    /// Files the mapping does not name are read by their own names, as without `--source`.
    @Test func unmappedFilesPassThrough() throws {
        let rows = try Self.rows([
            ImportTestFile("accounts.csv", "id,name,phase\nacme,Acme,2\n"),
            ImportTestFile("health.csv", "account_id,date,score\nacme,2026-11-01,80\n"),
        ], .health)
        #expect(rows.count == 1)
        let problems = try Self.problems([ImportTestFile("Acount Export.csv", "a\n1\n")])
        #expect(problems == ["Acount Export.csv:1:1: `acount_export` is not something that can be imported; did you mean `Account Export.csv`?"])
    }

    // MARK: Streaming, and files missing from a directory

    /// Through the repository's streaming import, with tiny chunks and rows not grouped by
    /// account, so the entity is read again for the global key check: the mapping applies to
    /// every reading, and the duplicate is reported at the user's line.
    @Test func streamingImportAppliesTheMappingOnEveryReading() throws {
        let dir = try RepositoryDir()
        try "Account ID,Account Name,Stage\nacme,Acme,Onboarding\nbeta,Beta,Adoption\n"
            .write(toFile: dir.file("Account Export.csv"), atomically: true, encoding: .utf8)
        try "account_id,Contact ID,name\nacme,ann,Ann\nbeta,bo,Bo\nacme,cy,Cy\nacme,ann,Ann again\n"
            .write(toFile: dir.file("People.csv"), atomically: true, encoding: .utf8)
        let repo = try dir.open()
        let outcome = try repo.importFiles([dir.url.path], wait: 5, chunkSize: 1, source: try Self.mapping())
        guard case .rejected(let problems) = outcome else { Issue.record("accepted a duplicate"); return }
        let name = dir.file("People.csv")
        #expect(problems.lines == [
            "\(dir.url.path):1:1: no file \"Contacts.json\" here, which source \"crm\" maps",
            "\(name):5:1: duplicate key (account_id \"acme\", id \"ann\"); first at line 2",
        ])
        // Without the duplicate and with every mapped file, it imports.
        try "account_id,Contact ID,name\nacme,ann,Ann\nbeta,bo,Bo\nacme,cy,Cy\n".write(toFile: name, atomically: true, encoding: .utf8)
        try "[]".write(toFile: dir.file("contacts.JSON"), atomically: true, encoding: .utf8)
        guard case .imported(let counts) = try repo.importFiles([dir.url.path], wait: 5, chunkSize: 1, source: try Self.mapping()) else {
            Issue.record("refused"); return
        }
        #expect(counts[.accounts]?.inserted == 2)
        #expect(counts[.stakeholders]?.inserted == 3)
        #expect(try RepoTest.scalar(repo, "SELECT phase FROM accounts WHERE id = 'beta'") == 5)
    }

    /// Files named one by one import just those: the others are not missing.
    @Test func namedFilesNeedNotBeTheWholeExport() throws {
        let dir = try RepositoryDir()
        try "Account ID,Account Name,Stage\nacme,Acme,Onboarding\n".write(toFile: dir.file("account export.csv"), atomically: true, encoding: .utf8)
        let repo = try dir.open()
        guard case .imported(let counts) = try repo.importFiles([dir.file("account export.csv")], wait: 5, source: try Self.mapping()) else {
            Issue.record("refused"); return
        }
        #expect(counts[.accounts]?.inserted == 1)
        let missing = try Self.mapping().missingFiles(paths: [dir.url.path], found: [dir.file("account export.csv"), dir.file("Contact.json")])
        #expect(missing.map(\.reason) == [
            "no file \"Contacts.json\" here, which source \"crm\" maps; did you mean \"Contact.json\"?",
            "no file \"People.csv\" here, which source \"crm\" maps",
        ])
    }

    // MARK: An export that changed under its mapping

    /// A mapped header the export lacks is said: an error with the export's likely new name when
    /// it would fill a required column (not "missing required column `phase`", nor the new name
    /// as an unknown column), a warning when the file then just keeps the stored values.
    @Test func mappedColumnsTheExportLacksAreSaid() throws {
        var warnings: [String] = []
        func check(_ text: String) throws -> [String] {
            let columns = ImportColumns(schema: Self.workspace().library.schema) { warnings.append($0.description) }
            switch ImportValidator.validate(files: [("Account Export.csv", Array(text.utf8))], existing: NoExistingKeys(),
                                            columns: columns, mapping: try Self.mapping()) {
            case .success: return []
            case .failure(let p): return p.lines
            }
        }
        #expect(try check("Account ID,Account Name,Stage Name,Segment,Tier\nacme,Acme,Onboarding,SMB,G\n") == [
            "Account Export.csv:1:1: no column `Stage`, which source \"crm\" reads as `phase`; did you mean `Stage Name`? (if the export renamed it, change the `column` line of the source)",
        ])
        #expect(warnings.isEmpty)
        #expect(try check("Account ID,Account Name,Stage,Segment\nacme,Acme,Onboarding,SMB\n") == [])
        #expect(warnings == [
            "Account Export.csv:1:1: no column `Tier`, which source \"crm\" reads as `tier`, so the stored values of `tier` are kept; if the export no longer has it, remove its `column` line from the source",
        ])
    }

    /// The same for a JSON export, whose "header" is every key of every object.
    @Test func mappedKeysAJSONExportLacksAreSaid() throws {
        var warnings: [String] = []
        let columns = ImportColumns(schema: Self.workspace().library.schema) { warnings.append($0.description) }
        let text = #"[{"account_id": "acme", "Contact ID": "s1", "name": "Sam"}]"#
        _ = ImportValidator.validate(files: [("Contacts.json", Array(text.utf8))], existing: FakeExistingKeys(accounts: ["acme"]),
                                     columns: columns, mapping: try Self.mapping())
        #expect(warnings == [
            "Contacts.json:1:1: no column `Primary`, which source \"crm\" reads as `is_spl`, so the stored values of `is_spl` are kept; if the export no longer has it, remove its `column` line from the source",
        ])
    }

    /// Messages name what the user sees and point at mappings where they would help.
    @Test func messagesPointAtMappings() throws {
        let problems = try Self.problems([ImportTestFile("Things.csv", "id,name\nx,X\n"),
                                          ImportTestFile("accounts.csv", "id,name,phase,ARR ($)\nacme,Acme,3,1\n")])
        #expect(problems.contains { $0.hasPrefix("Things.csv:1:1:") && $0.hasSuffix("or map it with a `source` declaration and import with --source") })
        #expect(problems.contains("accounts.csv:1:15: unknown column `ARR ($)` in accounts; rename it, map it to a column with a `source` declaration (import --source), or import with --allow-unknown-columns"))
    }

    // MARK: docs/import.md

    /// The example of docs/import.md, "Column mappings", checks and imports as the text says.
    @Test func documentedExampleImports() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let docs = try String(contentsOf: root.appendingPathComponent("docs/import.md"), encoding: .utf8)
        let section = try #require(docs.components(separatedBy: "\n## Column mappings\n").dropFirst().first)
        func block(_ language: String) throws -> String {
            let start = try #require(section.range(of: "```\(language)\n"))
            let end = try #require(section[start.upperBound...].range(of: "```"))
            return String(section[start.upperBound..<end.lowerBound])
        }
        let mapping = try Self.mapping(try block("playbook"))
        let csv = try block("csv")
        switch ImportValidator.validate(files: [("exports/Account Export.csv", Array(csv.utf8))], existing: NoExistingKeys(), mapping: mapping) {
        case .success(let v): #expect(v.rows[.accounts]?.map(ImportTest.show) == ["acme|Acme Corp|Ana Ruiz|-|enterprise|-|-|-|#3|-|-|-|-"])
        case .failure(let p): Issue.record("refused:\n\(p)")
        }
        let misspelt = csv.replacingOccurrences(of: "Onboarding", with: "Onbording")
        switch ImportValidator.validate(files: [("Account Export.csv", Array(misspelt.utf8))], existing: NoExistingKeys(), mapping: mapping) {
        case .success: Issue.record("accepted an unmapped stage")
        case .failure(let p):
            #expect(p.lines == [#"Account Export.csv:2:25: "Onbording" in `Stage` is not in the values source "crm" maps to `phase`; did you mean "Onboarding"?"#])
        }
    }
}
