import Foundation
import Testing
import PlaybookLanguage
@testable import CentralRepository
import Import
@testable import Generate

/// The entity model is written out in several places (issue 13). Until one table derives them
/// all, this suite holds every copy to the import's table, `EntitySpec` (`ImportEntity.columns`,
/// `keyColumns`): the repository's tables after all migrations, the generator's files, the
/// loader's `TableMap`s and the checker's `Schema.builtin`. A field added to only some copies
/// fails here with a message naming the copy and the field. The checker's `ImportSchema` is
/// held to the same table by `SourceMappingTests.checkerKnowsEveryImportColumn`.
///
/// Every deliberate difference between the copies is written out below, so a new one has to
/// be added here, on purpose, to pass.
@Suite struct EntityModelAgreementTests {
    /// How one entity's columns land in the checker's records.
    struct Model: Sendable, CustomTestStringConvertible {
        var entity: ImportEntity
        /// The record each row becomes.
        var record: String
        /// Columns whose field in `record` has another name.
        var renamed: [String: String] = [:]
        /// Columns that place a row under its parent (or group rows) instead of filling a field
        /// of `record`: the `record.field` whose value they are.
        var placing: [String: String] = [:]
        var testDescription: String { entity.rawValue }

        /// The field of `record` a column fills; nil for a placing column.
        func field(_ column: String) -> String? { placing[column] == nil ? renamed[column] ?? column : nil }
    }

    static let parentAccount = ["account_id": "account.id"]

    static let models: [Model] = [
        Model(entity: .accounts, record: "account", renamed: ["meeting_cadence_days": "meeting_cadence"]),
        Model(entity: .stakeholders, record: "stakeholder", placing: parentAccount),
        Model(entity: .research_items, record: "research_item", placing: parentAccount),
        // The grid: one `raci_activity` per activity, one `raci_assignment` per cell.
        Model(entity: .raci, record: "raci_assignment", placing: ["account_id": "account.id", "activity": "raci_activity.activity"]),
        Model(entity: .proposals, record: "proposal", placing: parentAccount),
        Model(entity: .documents, record: "document", placing: parentAccount),
        Model(entity: .meetings, record: "meeting", placing: parentAccount),
        Model(entity: .kpis, record: "kpi", placing: parentAccount),
        Model(entity: .milestones, record: "milestone", placing: ["account_id": "account.id", "kpi_id": "kpi.id"]),
        Model(entity: .measurements, record: "measurement", placing: ["account_id": "account.id", "kpi_id": "kpi.id"]),
        Model(entity: .health, record: "health", placing: parentAccount),
        Model(entity: .impacted_groups, record: "impacted_group", placing: parentAccount),
        // One `plan_month` per month, one `plan_entry` per row; the plan's `name` column names the stakeholder.
        Model(entity: .stakeholder_plan, record: "plan_entry", renamed: ["name": "stakeholder"],
              placing: ["account_id": "account.id", "month": "plan_month.month"]),
    ]

    static func model(_ e: ImportEntity) -> Model { models.first { $0.entity == e }! }

    /// Built-in fields no column fills: the loader computes them (`AccountLoader` and its
    /// `+Assemble`), mostly lists and records of related rows.
    static let derived: [String: Set<String>] = [
        "account": [
            "stage", // from phase
            "research_items", "stakeholders", "spl", "raci", "proposal", "documents", "meetings", "planned_meetings",
            "kpis", "health", "health_history", "impacted_groups", "stakeholder_plan", "stakeholder_plan_history",
        ],
        "kpi": ["current", "milestones", "measurements"],
        "raci_activity": ["assignments"],
        "plan_month": ["updated", "entries"], // updated is the month itself
    ]

    @Test func everyEntityHasAModel() {
        #expect(Self.models.map(\.entity) == ImportEntity.allCases)
    }

    // MARK: (1) the repository's tables after all migrations

    /// Declared types that differ from what the column's kind asks, kept because a shipped
    /// migration made them so (SQLite stores the whole numbers of a REAL column as reals; the
    /// loader reads them as numbers either way).
    static let storedTypeExceptions: [String: String] = ["impacted_groups.size": "REAL"]

    /// Optional columns stored NOT NULL: the import fills an empty cell (docs/import.md).
    static let filledWhenEmpty: [String: String] = ["documents.title": "the kind", "meetings.status": "held"]

    static func declaredType(_ kind: ColumnKind) -> String {
        switch kind {
        case .text, .date, .month, .choice: "TEXT"
        case .number: "REAL"
        case .integer, .bool: "INTEGER"
        }
    }

    struct StoredColumn { var type: String; var notNull: Bool }

    static func storedColumns(_ c: Connection, _ table: String) throws -> [String: StoredColumn] {
        let s = try c.prepare("SELECT name, type, \"notnull\" FROM pragma_table_info('\(table)')")
        var out: [String: StoredColumn] = [:]
        while try s.step() { out[s.text(0) ?? ""] = StoredColumn(type: (s.text(1) ?? "").uppercased(), notNull: s.int64(2) != 0) }
        return out
    }

    /// The columns of each unique index (the primary key of a WITHOUT ROWID table is one).
    static func uniqueKeys(_ c: Connection, _ table: String) throws -> [Set<String>] {
        let list = try c.prepare("SELECT name FROM pragma_index_list('\(table)') WHERE \"unique\" = 1")
        var names: [String] = []
        while try list.step() { names.append(list.text(0) ?? "") }
        return try names.map { index in
            let info = try c.prepare("SELECT name FROM pragma_index_info('\(index)')")
            var columns: Set<String> = []
            while try info.step() { columns.insert(info.text(0) ?? "") }
            return columns
        }
    }

    /// The columns a table has besides the entity's: its custom fields, as one JSON text, for
    /// every file whose rows may carry them (all but the RACI grid).
    static func extraColumns(_ e: ImportEntity) -> Set<String> {
        ImportSchema.file(e.rawValue)?.record == nil ? [] : ["custom"]
    }

    @Test(arguments: models) func migrationsMakeTheEntitysTable(_ m: Model) throws {
        let e = m.entity, table = e.rawValue
        let dir = try RepositoryDir()
        let repo = try dir.open()
        let stored = try Self.storedColumns(repo.connection, table)
        try #require(!stored.isEmpty, "Migrations: no table \(table)")
        let expected = Set(e.columns.map(\.name)).union(Self.extraColumns(e))
        for name in expected.subtracting(stored.keys).sorted() { Issue.record("Migrations: \(table) lacks column \(name) (EntitySpec has it)") }
        for name in Set(stored.keys).subtracting(expected).sorted() { Issue.record("Migrations: \(table).\(name) is not in EntitySpec") }

        for column in e.columns {
            guard let s = stored[column.name] else { continue }
            let path = "\(table).\(column.name)"
            let type = Self.storedTypeExceptions[path] ?? Self.declaredType(column.kind)
            #expect(s.type == type, "Migrations: \(path) is \(s.type), EntitySpec's \(column.kind) is stored as \(type)")
            if column.required {
                #expect(s.notNull, "Migrations: \(path) is required in EntitySpec but may be NULL")
            } else {
                #expect(s.notNull == (Self.filledWhenEmpty[path] != nil),
                        "Migrations: \(path) is \(s.notNull ? "NOT NULL" : "nullable"), EntitySpec's is optional\(s.notNull ? " and not filled when empty" : " but filled when empty")")
            }
        }
        if let custom = stored["custom"] { #expect(custom.type == "TEXT" && !custom.notNull, "Migrations: \(table).custom") }
        let keys = try Self.uniqueKeys(repo.connection, table)
        #expect(keys == [Set(e.keyColumns)], "Migrations: \(table)'s unique keys are \(keys.map { $0.sorted() }), EntitySpec's key is \(e.keyColumns)")
    }

    @Test func documentedExceptionsAreStillExceptions() {
        func spec(_ path: String) -> ColumnSpec? {
            let parts = path.split(separator: ".").map(String.init)
            return ImportEntity(rawValue: parts[0]).flatMap { e in e.columns.first { $0.name == parts[1] } }
        }
        for (path, type) in Self.storedTypeExceptions {
            #expect(spec(path).map { Self.declaredType($0.kind) != type } == true, "\(path): no longer an exception to the stored types")
        }
        for path in Self.filledWhenEmpty.keys {
            #expect(spec(path).map { !$0.required } == true, "\(path): not an optional column of EntitySpec")
        }
    }

    // MARK: (2) the generator's files

    /// The generator writes its files with a header the import reads, plus what is not a
    /// built-in column: two custom account fields, as Playbooks/examples/enterprise.playbook
    /// declares them, and the RACI grid's stakeholder columns.
    static func generatedExtras(_ e: ImportEntity) -> [String] {
        switch e {
        case .accounts: ["crm_tier", "executive_sponsor"]
        case .raci: Vocabulary.raciColumns
        default: []
        }
    }

    /// The grid's `stakeholder` and `code` are its headers and cells, not columns a file names.
    static func fileColumns(_ e: ImportEntity) -> [String] {
        e.columns.map(\.name).filter { !EntityContractTests.gridColumn(e, $0) }
    }

    @Test func generatorWritesOneFilePerEntity() {
        #expect(Generator.fileNames == ImportEntity.allCases.map { "\($0.rawValue).csv" })
    }

    @Test(arguments: models) func generatorHeaderIsTheEntitysColumns(_ m: Model) throws {
        let e = m.entity, file = "\(e.rawValue).csv"
        let directory = NSTemporaryDirectory() + "agreement-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try Generator.write(accounts: 2, seed: 1, asOf: CivilDate(year: 2026, month: 3, day: 15)!, to: directory)
        let text = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
        let header = text.prefix { !$0.isNewline }.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let expected = Self.fileColumns(e) + Self.generatedExtras(e)
        for name in expected where !header.contains(name) { Issue.record("Generate/ExportFiles: \(file) lacks column \(name)") }
        for name in header where !expected.contains(name) { Issue.record("Generate/ExportFiles: \(file) writes \(name), not in EntitySpec") }
        if Set(header) == Set(expected) {
            #expect(header == expected, "Generate/ExportFiles: \(file)'s columns are not in EntitySpec's order")
        }
        // The extras must not pass for built-in fields of the record.
        let record = try #require(Schema.builtin.record(m.record))
        for name in Self.generatedExtras(e) where e != .raci {
            #expect(record.field(name) == nil, "\(file): \(name) is written as a custom field but is a built-in field of \(m.record)")
        }
    }

    // MARK: (3) the loader's table maps

    /// The map the loader reads an entity's table with, and whether it reads `custom`.
    static func loaderMap(_ e: ImportEntity) -> (record: String, columns: [TableMap.Column], hasCustom: Bool, select: [String])? {
        if e == .accounts {
            // `AccountLoader.accountQuery` selects these and then `custom`.
            let columns = TableMap.accountColumns
            return ("account", columns, true, columns.map(\.column) + ["custom"])
        }
        return AccountLoader.Table.allCases.map(\.map).first { $0.table == e.rawValue }.map {
            ($0.record, $0.columns, $0.hasCustom, $0.selectList.components(separatedBy: ", "))
        }
    }

    @Test func loaderReadsOnlyEntityTables() {
        let tables = AccountLoader.Table.allCases.map(\.map.table)
        #expect(tables.sorted() == ImportEntity.allCases.filter { $0 != .accounts }.map(\.rawValue).sorted(),
                "AccountLoader.Table reads \(tables)")
    }

    @Test(arguments: models) func loaderMapsEveryStoredColumn(_ m: Model) throws {
        let e = m.entity
        let map = try #require(Self.loaderMap(e), "TableMap: no map for \(e.rawValue)")
        let name = e == .accounts ? "TableMap.accountColumns" : "TableMap(\(e.rawValue))"
        #expect(map.record == m.record, "\(name) fills \(map.record), expected \(m.record)")
        #expect(map.hasCustom == !Self.extraColumns(e).isEmpty, "\(name).hasCustom disagrees with the table's custom column")
        #expect(ImportSchema.file(e.rawValue)?.record == (map.hasCustom ? map.record : nil),
                "ImportSchema: \(e.rawValue)'s custom fields belong to another record than the loader fills")

        let expected = Set(e.columns.map(\.name)).union(Self.extraColumns(e))
        let selected = Set(map.select)
        for column in expected.subtracting(selected).sorted() { Issue.record("\(name) does not read \(e.rawValue).\(column)") }
        for column in selected.subtracting(expected).sorted() { Issue.record("\(name) reads \(e.rawValue).\(column), not in EntitySpec") }

        let record = try #require(Schema.builtin.record(m.record))
        for column in map.columns {
            let path = "\(e.rawValue).\(column.column)"
            guard let spec = e.columns.first(where: { $0.name == column.column }) else { continue }
            #expect(Self.agree(spec.kind, column.kind), "\(name): \(path) is read as \(column.kind), EntitySpec says \(spec.kind)")
            #expect(column.field == m.field(column.column),
                    "\(name): \(path) fills \(column.field ?? "no field"), expected \(m.field(column.column) ?? "none (it places the row)")")
            guard let fieldName = column.field else { continue }
            guard let field = record.field(fieldName)?.field else {
                Issue.record("\(name): \(path) fills \(m.record).\(fieldName), which BuiltinSchema lacks")
                continue
            }
            #expect(Self.agree(column.kind, field.type, derived: fieldName == "meeting_cadence"),
                    "\(name): \(path) is read as \(column.kind) into \(m.record).\(fieldName), a \(field.type)")
        }
    }

    /// The records the loader fills, each field from a column, a placing column, or derived.
    static var filledRecords: [String: Set<String>] {
        var out: [String: Set<String>] = derived
        for m in models {
            for column in m.entity.columns {
                if let field = m.field(column.name) {
                    out[m.record, default: []].insert(field)
                } else if let target = m.placing[column.name] {
                    let parts = target.split(separator: ".").map(String.init)
                    out[parts[0], default: []].insert(parts[1])
                }
            }
        }
        return out
    }

    @Test(arguments: Schema.builtin.recordOrder) func everyBuiltinFieldComesFromAColumnOrIsDerived(_ record: String) throws {
        let fields = try #require(Schema.builtin.record(record)).fields.map(\.name)
        let filled = Self.filledRecords[record] ?? []
        for field in fields where !filled.contains(field) {
            Issue.record("BuiltinSchema: \(record).\(field) comes from no EntitySpec column and is not a documented derived field")
        }
        for field in filled.subtracting(fields).sorted() {
            Issue.record("BuiltinSchema: \(record) lacks \(field), which a column or the derived list names")
        }
        for field in (Self.derived[record] ?? []).sorted() {
            let fromColumn = Self.models.contains { m in m.record == record && m.entity.columns.contains { m.field($0.name) == field } }
            #expect(!fromColumn, "\(record).\(field) is listed as derived but a column fills it")
        }
    }

    // MARK: (4) the checker's built-in records

    @Test(arguments: models) func builtinRecordHasAFieldForEveryColumn(_ m: Model) throws {
        let e = m.entity
        for column in e.columns {
            let target = m.placing[column.name] ?? "\(m.record).\(m.field(column.name)!)"
            let parts = target.split(separator: ".").map(String.init)
            guard let field = Schema.builtin.field(parts[1], of: parts[0])?.field else {
                Issue.record("BuiltinSchema: \(target) is missing for \(e.rawValue).\(column.name)")
                continue
            }
            #expect(Self.agree(column.kind, field.type, derived: target == "account.meeting_cadence"),
                    "BuiltinSchema: \(target) is \(field.type), EntitySpec's \(e.rawValue).\(column.name) is \(column.kind)")
        }
    }

    // MARK: kinds

    static func agree(_ a: ColumnKind, _ b: TableMap.Kind) -> Bool {
        switch (a, b) {
        case (.text, .text), (.choice, .text), (.number, .number), (.integer, .number), (.date, .date), (.month, .date),
             (.bool, .bool): true
        default: false
        }
    }

    /// - Parameter derived: the column holds days that the loader turns into a duration.
    static func agree(_ a: ColumnKind, _ b: PType, derived: Bool = false) -> Bool {
        switch (a, b) {
        case (.text, .text), (.number, .number), (.integer, .number), (.date, .date), (.month, .date), (.bool, .boolean): !derived
        case (.number, .duration): derived
        case (.choice(let x), .choice(let y)): x == y.values
        default: false
        }
    }

    static func agree(_ a: TableMap.Kind, _ b: PType, derived: Bool = false) -> Bool {
        switch (a, b) {
        case (.text, .text), (.text, .choice), (.number, .number), (.date, .date), (.bool, .boolean): !derived
        case (.number, .duration): derived
        default: false
        }
    }
}
