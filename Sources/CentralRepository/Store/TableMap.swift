import PlaybookEngine
import PlaybookLanguage

/// How a repository table maps onto a schema record: column by column. Used to read records
/// for evaluation; the import writes the same columns.
struct TableMap {
    enum Kind { case text, number, date, bool }
    struct Column {
        let column: String
        /// The schema field it fills; nil for columns that only place the row (ids of parents).
        let field: String?
        let kind: Kind
    }

    let table: String
    let record: String
    var columns: [Column]
    let orderBy: String
    var hasCustom: Bool
    /// Columns loaded even when no playbook reads them: keys, parents, and dates that decide
    /// what is visible as of the evaluation date.
    var always: Set<String> = []
    /// Account (or KPI) fields that need this table at all.
    var neededFor: [(record: String, field: String)] = []

    /// This table cut down to what the playbooks read; nil when they read nothing from it.
    func pruned(_ usage: [String: Set<String>]) -> TableMap? {
        guard neededFor.contains(where: { usage[$0.record]?.contains($0.field) ?? false }) else { return nil }
        var copy = self
        let used = usage[record] ?? []
        copy.columns = columns.filter { always.contains($0.column) || ($0.field.map(used.contains) ?? true) }
        return copy
    }

    var selectList: String { (["account_id"] + columns.map(\.column) + (hasCustom ? ["custom"] : [])).joined(separator: ", ") }

    static func c(_ column: String, _ kind: Kind = .text, field: String? = "") -> Column {
        Column(column: column, field: field == "" ? column : field, kind: kind)
    }

    static let stakeholders = TableMap(table: "stakeholders", record: "stakeholder", columns: [
        c("id"), c("name"), c("role"), c("relevance"), c("seniority"), c("authority", .number), c("interest", .number),
        c("support", .number), c("desires"), c("concerns"), c("category"), c("is_spl", .bool), c("strategy"),
        c("strategy_notes"), c("strategy_owner"), c("deadline", .date), c("measurement"), c("last_contact", .date),
    ], orderBy: "account_id, id", hasCustom: true, always: ["id", "is_spl"], neededFor: [("account", "stakeholders"), ("account", "spl")])

    static let researchItems = TableMap(table: "research_items", record: "research_item", columns: [
        c("area"), c("item"), c("state"), c("source"), c("notes"), c("updated", .date),
    ], orderBy: "account_id, area, item", hasCustom: true, always: ["area", "item"], neededFor: [("account", "research_items")])

    static let raci = TableMap(table: "raci", record: "raci_assignment", columns: [
        c("activity", field: nil), c("stakeholder"), c("code"),
    ], orderBy: "account_id, activity, stakeholder", hasCustom: false, always: ["activity", "stakeholder"], neededFor: [("account", "raci")])

    static let proposals = TableMap(table: "proposals", record: "proposal", columns: [
        c("status"), c("drafted", .date), c("sent", .date), c("signed", .date), c("signed_by"),
    ], orderBy: "account_id", hasCustom: true, always: ["status", "sent", "signed"], neededFor: [("account", "proposal")])

    static let documents = TableMap(table: "documents", record: "document", columns: [
        c("kind"), c("title"), c("status"), c("date", .date),
    ], orderBy: "account_id, date, kind, title", hasCustom: true, always: ["kind", "title", "date"], neededFor: [("account", "documents")])

    static let meetings = TableMap(table: "meetings", record: "meeting", columns: [
        c("kind"), c("date", .date), c("notes"), c("status"),
    ], orderBy: "account_id, date, kind", hasCustom: true, always: ["kind", "date", "status"],
       neededFor: [("account", "meetings"), ("account", "planned_meetings")])

    static let kpis = TableMap(table: "kpis", record: "kpi", columns: [
        c("id"), c("name"), c("unit"), c("target", .number), c("promised", .number), c("expected", .number), c("baseline", .number), c("baseline_date", .date),
        c("activity_start", .date),
    ], orderBy: "account_id, id", hasCustom: true, always: ["id"], neededFor: [("account", "kpis")])

    static let milestones = TableMap(table: "milestones", record: "milestone", columns: [
        c("kpi_id", field: nil), c("name"), c("date", .date), c("target", .number),
    ], orderBy: "account_id, kpi_id, date, name", hasCustom: true, always: ["kpi_id", "name"], neededFor: [("kpi", "milestones")])

    static let measurements = TableMap(table: "measurements", record: "measurement", columns: [
        c("kpi_id", field: nil), c("date", .date), c("value", .number),
    ], orderBy: "account_id, kpi_id, date", hasCustom: true, always: ["kpi_id", "date", "value"], neededFor: [("kpi", "measurements"), ("kpi", "current")])

    static let health = TableMap(table: "health", record: "health", columns: [
        c("date", .date), c("score", .number), c("light"), c("sponsorship", .number), c("advocacy", .number),
        c("sentiment", .number), c("support_utilization", .number), c("product_utilization", .number),
        c("company_health", .number), c("nps", .number), c("nps_date", .date),
    ], orderBy: "account_id, date", hasCustom: true, always: ["date"], neededFor: [("account", "health"), ("account", "health_history")])

    static let impactedGroups = TableMap(table: "impacted_groups", record: "impacted_group", columns: [
        c("name"), c("impact"), c("size", .number), c("ksa_needs"), c("communication_needs"), c("training_needs"),
        c("support_needs"),
    ], orderBy: "account_id, name", hasCustom: true, always: ["name"], neededFor: [("account", "impacted_groups")])

    static let stakeholderPlan = TableMap(table: "stakeholder_plan", record: "plan_entry", columns: [
        c("month", .date, field: nil), c("name", field: "stakeholder"), c("role"), c("relevance"), c("seniority"),
        c("authority", .number), c("interest", .number), c("support", .number), c("desires"), c("concerns"), c("notes"),
        c("category"), c("current_situation"), c("desired_situation"), c("strategy"), c("assigned_to"),
        c("deadline", .date), c("measurement"),
    ], orderBy: "account_id, month, name", hasCustom: true, always: ["month", "name"], neededFor: [("account", "stakeholder_plan"), ("account", "stakeholder_plan_history")])

    static let accountColumns: [Column] = [
        c("id"), c("name"), c("csm"), c("account_manager"), c("segment"), c("contract_value", .number),
        c("renewal_date", .date), c("engagement_start", .date), c("phase", .number), c("phase_entered", .date),
        c("pilot"), c("meeting_cadence_days", .number, field: "meeting_cadence"), c("reference_asked", .date),
    ]
}

extension Statement {
    /// Reads column `c` as a value of the given kind; NULL is missing.
    @inline(__always)
    func value(_ c: Int32, _ kind: TableMap.Kind) -> Value {
        if isNull(c) { return .missing }
        switch kind {
        case .text: return text(c).map(Value.text) ?? .missing
        case .number: return .number(double(c))
        case .bool: return .bool(int64(c) != 0)
        case .date: return date(c).map(Value.date) ?? .missing
        }
    }

    /// A `YYYY-MM-DD` text column, parsed in place without making a String.
    func date(_ c: Int32) -> CivilDate? {
        withText(c) { CivilDate.parse($0) }
    }
}
