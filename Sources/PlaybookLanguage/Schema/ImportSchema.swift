/// The files `playbook import` reads and their columns, as `source` mappings name them. The
/// import keeps its own table (`Sources/Import/EntitySpec.swift`, which this module
/// cannot see); `SourceMappingTests` proves the two agree column by column.
public enum ImportSchema {
    public enum Kind: Sendable, Hashable {
        case text
        case number(ClosedRange<Double>?)
        case wholeNumber(ClosedRange<Int64>?)
        case date
        /// `YYYY-MM` or a date.
        case month
        case boolean
        case choice(PType.Choice)
    }

    public struct Column: Sendable {
        public var name: String
        public var kind: Kind
        init(_ name: String, _ kind: Kind = .text) { self.name = name; self.kind = kind }
    }

    public struct File: Sendable {
        /// The file name without extension: `accounts`, `stakeholders`, …
        public var name: String
        /// The record whose custom fields (`field stakeholder.x: …`) the file may fill; nil when
        /// it has none (the RACI grid).
        public var record: String?
        public var columns: [Column]

        public func column(_ name: String) -> Column? { columns.first { $0.name == name } }
    }

    public static func file(_ name: String) -> File? { files.first { $0.name == name } }

    /// Column names as the import matches them: case does not count, surrounding spaces go,
    /// and a run of spaces inside is one underscore (`"Account  Owner"` → `account_owner`).
    /// Swift compares strings by canonical equivalence, so NFC and NFD spellings agree.
    public static func headerKey(_ raw: String) -> String {
        var out = ""
        var pendingSpace = false
        for ch in raw.lowercased() {
            if ch.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append("_"); pendingSpace = false }
            out.append(ch)
        }
        return out
    }

    /// A cell value as a map of values matches it: case and surrounding spaces do not count.
    public static func valueKey(_ raw: Substring) -> String {
        var s = raw
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return s.lowercased()
    }

    private static let account = Column("account_id")
    private static let score = Kind.number(0...10)

    public static let files: [File] = [
        File(name: "accounts", record: "account", columns: [
            Column("id"), Column("name"), Column("csm"), Column("account_manager"), Column("segment"),
            Column("contract_value", .number(nil)), Column("renewal_date", .date), Column("engagement_start", .date),
            Column("phase", .wholeNumber(1...7)), Column("phase_entered", .date),
            Column("pilot", .choice(Schema.pilotChoice)), Column("meeting_cadence_days", .number(nil)),
            Column("reference_asked", .date),
        ]),
        File(name: "stakeholders", record: "stakeholder", columns: [
            account, Column("id"), Column("name"), Column("role"), Column("relevance"), Column("seniority"),
            Column("authority", score), Column("interest", score), Column("support", score),
            Column("desires"), Column("concerns"), Column("category"), Column("is_spl", .boolean),
            Column("strategy", .choice(Schema.strategyChoice)), Column("strategy_notes"), Column("strategy_owner"), Column("deadline", .date), Column("measurement"),
            Column("last_contact", .date),
        ]),
        File(name: "research_items", record: "research_item", columns: [
            account, Column("area", .choice(Schema.areaChoice)), Column("item"),
            Column("state", .choice(Schema.infoStateChoice)), Column("source", .choice(Schema.sourceChoice)),
            Column("notes"), Column("updated", .date),
        ]),
        File(name: "raci", record: nil, columns: [
            account, Column("activity"), Column("stakeholder"), Column("code", .choice(Schema.raciChoice)),
        ]),
        File(name: "proposals", record: "proposal", columns: [
            account, Column("status", .choice(Schema.proposalStatusChoice)), Column("drafted", .date),
            Column("sent", .date), Column("signed", .date), Column("signed_by"),
        ]),
        File(name: "documents", record: "document", columns: [
            account, Column("kind", .choice(Schema.documentKindChoice)), Column("title"),
            Column("status", .choice(Schema.documentStatusChoice)), Column("date", .date),
        ]),
        File(name: "meetings", record: "meeting", columns: [
            account, Column("kind", .choice(Schema.meetingKindChoice)), Column("date", .date), Column("notes"),
            Column("status", .choice(Schema.meetingStatusChoice)),
        ]),
        File(name: "kpis", record: "kpi", columns: [
            account, Column("id"), Column("name"), Column("unit"), Column("target", .number(nil)),
            Column("promised", .number(nil)), Column("expected", .number(nil)), Column("baseline", .number(nil)), Column("baseline_date", .date), Column("activity_start", .date),
        ]),
        File(name: "milestones", record: "milestone", columns: [
            account, Column("kpi_id"), Column("name"), Column("date", .date), Column("target", .number(nil)),
        ]),
        File(name: "measurements", record: "measurement", columns: [
            account, Column("kpi_id"), Column("date", .date), Column("value", .number(nil)),
        ]),
        File(name: "health", record: "health", columns: [
            account, Column("date", .date), Column("score", .number(0...100)), Column("light", .choice(Schema.lightChoice)),
            Column("sponsorship", score), Column("advocacy", score), Column("sentiment", score),
            Column("support_utilization", score), Column("product_utilization", score),
            Column("company_health", score), Column("nps", score), Column("nps_date", .date),
        ]),
        File(name: "impacted_groups", record: "impacted_group", columns: [
            account, Column("name"), Column("impact", .choice(Schema.impactChoice)),
            Column("size", .wholeNumber(0...Int64.max)), Column("ksa_needs"), Column("communication_needs"),
            Column("training_needs"), Column("support_needs"),
        ]),
        File(name: "stakeholder_plan", record: "plan_entry", columns: [
            account, Column("month", .month), Column("name"), Column("role"), Column("relevance"),
            Column("seniority"), Column("authority", score), Column("interest", score), Column("support", score),
            Column("desires"), Column("concerns"), Column("notes"), Column("category"),
            Column("current_situation"), Column("desired_situation"), Column("strategy"),
            Column("assigned_to"), Column("deadline", .date), Column("measurement"),
        ]),
    ]
}
