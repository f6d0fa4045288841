import PlaybookLanguage

/// What one import file holds; the raw value is the file name (`health.csv`, `2026-11.health.csv`).
package enum ImportEntity: String, CaseIterable, Sendable {
    case accounts, stakeholders, research_items, raci, proposals, documents, meetings, kpis, milestones,
         measurements, health, impacted_groups, stakeholder_plan
}

package enum ColumnKind: Sendable, Equatable {
    case text
    case number(range: ClosedRange<Double>?)
    case integer(range: ClosedRange<Int64>?)
    case date
    /// `YYYY-MM` or a date; stored as the first day of the month.
    case month
    case bool
    /// The canonical spellings; matching ignores case and punctuation (see `ValueParser.choice`).
    case choice([String])
}

package struct ColumnSpec: Sendable, Equatable {
    package var name: String
    package var kind: ColumnKind
    package var required: Bool
    /// Other header names accepted for this column, already normalized.
    package var aliases: [String]
    /// For a choice that spreadsheets often fill with a sentence: the column that takes free
    /// text, named in the message when a value is not one of the choices.
    package var freeTextColumn: String?

    package init(_ name: String, _ kind: ColumnKind = .text, required: Bool = false, aliases: [String] = [],
                 freeTextColumn: String? = nil) {
        self.name = name
        self.kind = kind
        self.required = required
        self.aliases = aliases
        self.freeTextColumn = freeTextColumn
    }
}

/// Files are CSV or JSON, told apart by extension.
package enum ImportFormat: Sendable, Equatable { case csv, json }

extension ImportEntity {
    /// In the order of `ImportRow.values`.
    package var columns: [ColumnSpec] { EntityTables.columns[index] }

    /// The columns that make a row the same row on re-import, as indices into `columns`.
    package var keyColumnIndices: [Int] { EntityTables.keys[index] }

    package var keyColumns: [String] { keyColumnIndices.map { columns[$0].name } }

    package func columnIndex(_ name: String) -> Int? { columns.firstIndex { $0.name == name } }

    var index: Int { Self.allCases.firstIndex(of: self)! }

    /// The entity and format a file name names: the base name without its extension, after the
    /// last dot-separated prefix (`exports/2026-11.health.csv` → health, csv). `entity` is nil
    /// when the name is not an entity; `name` is what was looked up, for the message.
    package static func parse(path: String) -> (entity: ImportEntity?, name: String, format: ImportFormat?, ext: String) {
        let base = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
        var parts = base.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let ext = parts.count > 1 ? parts.removeLast() : ""
        let format: ImportFormat? = switch ext.lowercased() {
        case "csv": .csv
        case "json": .json
        default: nil
        }
        let name = HeaderName.normalize(parts.last ?? "").replacingHyphens()
        return (ImportEntity(rawValue: name), name, format, ext.isEmpty ? base : "." + ext)
    }
}

private extension String {
    func replacingHyphens() -> String { String(map { $0 == "-" ? "_" : $0 }) }
}

/// Column names as matched: case-insensitive, trimmed, runs of spaces equal to one underscore.
enum HeaderName {
    static func normalize(_ raw: String) -> String {
        // One rule for the import and the `source` mappings `playbook check` checks.
        ImportSchema.headerKey(UnicodeText.nfc(raw))
    }

    /// The header text as written, without surrounding spaces (RACI stakeholder names).
    static func trimmed(_ raw: String) -> String {
        let scalars = raw.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}

/// The column tables of docs/import.md, built once.
private enum EntityTables {
    static let score: ColumnKind = .number(range: 0...10)

    static let columns: [[ColumnSpec]] = ImportEntity.allCases.map(table)
    static let keys: [[Int]] = ImportEntity.allCases.map { entity in
        keyNames(entity).map { name in columns[entity.index].firstIndex { $0.name == name }! }
    }

    static func keyNames(_ entity: ImportEntity) -> [String] {
        switch entity {
        case .accounts: ["id"]
        case .stakeholders, .kpis: ["account_id", "id"]
        case .research_items: ["account_id", "area", "item"]
        case .raci: ["account_id", "activity", "stakeholder"]
        case .proposals: ["account_id"]
        case .documents: ["account_id", "kind", "title"]
        case .meetings: ["account_id", "kind", "date"]
        case .milestones: ["account_id", "kpi_id", "name"]
        case .measurements: ["account_id", "kpi_id", "date"]
        case .health: ["account_id", "date"]
        case .impacted_groups: ["account_id", "name"]
        case .stakeholder_plan: ["account_id", "month", "name"]
        }
    }

    static let account = ColumnSpec("account_id", required: true)

    static func table(_ entity: ImportEntity) -> [ColumnSpec] {
        switch entity {
        case .accounts: [
            ColumnSpec("id", required: true, aliases: ["account_id"]),
            ColumnSpec("name", required: true, aliases: ["account_name"]),
            ColumnSpec("csm"), ColumnSpec("account_manager"), ColumnSpec("segment"),
            ColumnSpec("contract_value", .number(range: nil)),
            ColumnSpec("renewal_date", .date), ColumnSpec("engagement_start", .date),
            ColumnSpec("phase", .integer(range: 1...7), required: true),
            ColumnSpec("phase_entered", .date),
            ColumnSpec("pilot", .choice(Schema.pilotChoice.values)),
            ColumnSpec("meeting_cadence_days", .number(range: nil)),
            ColumnSpec("reference_asked", .date),
        ]
        case .stakeholders: [
            account, ColumnSpec("id", required: true, aliases: ["stakeholder_id"]), ColumnSpec("name", required: true),
            ColumnSpec("role"), ColumnSpec("relevance"), ColumnSpec("seniority"),
            ColumnSpec("authority", score), ColumnSpec("interest", score), ColumnSpec("support", score),
            ColumnSpec("desires"), ColumnSpec("concerns"), ColumnSpec("category"),
            ColumnSpec("is_spl", .bool, aliases: ["spl"]),
            ColumnSpec("strategy", .choice(Schema.strategyChoice.values), freeTextColumn: "strategy_notes"),
            ColumnSpec("strategy_notes"), ColumnSpec("strategy_owner"), ColumnSpec("deadline", .date),
            ColumnSpec("measurement"), ColumnSpec("last_contact", .date),
        ]
        case .research_items: [
            account, ColumnSpec("area", .choice(Schema.areaChoice.values), required: true),
            ColumnSpec("item", required: true),
            ColumnSpec("state", .choice(Schema.infoStateChoice.values), required: true),
            ColumnSpec("source", .choice(Schema.sourceChoice.values)),
            ColumnSpec("notes"), ColumnSpec("updated", .date),
        ]
        case .raci: [
            account, ColumnSpec("activity", required: true), ColumnSpec("stakeholder", required: true),
            ColumnSpec("code", .choice(Schema.raciChoice.values), required: true),
        ]
        case .proposals: [
            account, ColumnSpec("status", .choice(Schema.proposalStatusChoice.values), required: true),
            ColumnSpec("drafted", .date), ColumnSpec("sent", .date), ColumnSpec("signed", .date),
            ColumnSpec("signed_by"),
        ]
        case .documents: [
            account, ColumnSpec("kind", .choice(Schema.documentKindChoice.values), required: true),
            ColumnSpec("title"), ColumnSpec("status", .choice(Schema.documentStatusChoice.values)),
            ColumnSpec("date", .date),
        ]
        case .meetings: [
            account, ColumnSpec("kind", .choice(Schema.meetingKindChoice.values), required: true),
            ColumnSpec("date", .date, required: true), ColumnSpec("notes"),
            ColumnSpec("status", .choice(Schema.meetingStatusChoice.values)),
        ]
        case .kpis: [
            account, ColumnSpec("id", required: true, aliases: ["kpi_id"]), ColumnSpec("name", required: true),
            ColumnSpec("unit"), ColumnSpec("target", .number(range: nil)),
            ColumnSpec("promised", .number(range: nil)), ColumnSpec("expected", .number(range: nil)),
            ColumnSpec("baseline", .number(range: nil)),
            ColumnSpec("baseline_date", .date), ColumnSpec("activity_start", .date),
        ]
        case .milestones: [
            account, ColumnSpec("kpi_id", required: true), ColumnSpec("name", required: true),
            ColumnSpec("date", .date, required: true), ColumnSpec("target", .number(range: nil), required: true),
        ]
        case .measurements: [
            account, ColumnSpec("kpi_id", required: true), ColumnSpec("date", .date, required: true),
            ColumnSpec("value", .number(range: nil), required: true),
        ]
        case .health: [
            account, ColumnSpec("date", .date, required: true),
            ColumnSpec("score", .number(range: 0...100)), ColumnSpec("light", .choice(Schema.lightChoice.values)),
            ColumnSpec("sponsorship", score), ColumnSpec("advocacy", score), ColumnSpec("sentiment", score),
            ColumnSpec("support_utilization", score), ColumnSpec("product_utilization", score),
            ColumnSpec("company_health", score), ColumnSpec("nps", score), ColumnSpec("nps_date", .date),
        ]
        case .impacted_groups: [
            account, ColumnSpec("name", required: true), ColumnSpec("impact", .choice(Schema.impactChoice.values)),
            ColumnSpec("size", .integer(range: 0...Int64.max)),
            ColumnSpec("ksa_needs"), ColumnSpec("communication_needs"), ColumnSpec("training_needs"),
            ColumnSpec("support_needs"),
        ]
        case .stakeholder_plan: [
            account, ColumnSpec("month", .month, required: true),
            ColumnSpec("name", required: true, aliases: ["stakeholder"]),
            ColumnSpec("role"), ColumnSpec("relevance"), ColumnSpec("seniority"),
            ColumnSpec("authority", score), ColumnSpec("interest", score), ColumnSpec("support", score),
            ColumnSpec("desires"), ColumnSpec("concerns"), ColumnSpec("notes"), ColumnSpec("category"),
            ColumnSpec("current_situation"), ColumnSpec("desired_situation"), ColumnSpec("strategy"),
            ColumnSpec("assigned_to"), ColumnSpec("deadline", .date), ColumnSpec("measurement"),
        ]
        }
    }
}
