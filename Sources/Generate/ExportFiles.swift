/// The thirteen files of an export, open for the whole run. Column order follows docs/import.md;
/// accounts carry two custom fields (`crm_tier`, `executive_sponsor`) after the known columns.
struct ExportFiles {
    static let headers: [(file: String, columns: [String])] = [
        ("accounts.csv", ["id", "name", "csm", "account_manager", "segment", "contract_value", "renewal_date",
                          "engagement_start", "phase", "phase_entered", "pilot", "meeting_cadence_days",
                          "reference_asked", "crm_tier", "executive_sponsor"]),
        ("stakeholders.csv", ["account_id", "id", "name", "role", "relevance", "seniority", "authority", "interest",
                              "support", "desires", "concerns", "category", "is_spl", "strategy", "strategy_notes", "strategy_owner",
                              "deadline", "measurement", "last_contact"]),
        ("research_items.csv", ["account_id", "area", "item", "state", "source", "notes", "updated"]),
        ("raci.csv", ["account_id", "activity"] + Vocabulary.raciColumns),
        ("proposals.csv", ["account_id", "status", "drafted", "sent", "signed", "signed_by"]),
        ("documents.csv", ["account_id", "kind", "title", "status", "date"]),
        ("meetings.csv", ["account_id", "kind", "date", "notes", "status"]),
        ("kpis.csv", ["account_id", "id", "name", "unit", "target", "promised", "expected", "baseline", "baseline_date",
                      "activity_start"]),
        ("milestones.csv", ["account_id", "kpi_id", "name", "date", "target"]),
        ("measurements.csv", ["account_id", "kpi_id", "date", "value"]),
        ("health.csv", ["account_id", "date", "score", "light", "sponsorship", "advocacy", "sentiment",
                        "support_utilization", "product_utilization", "company_health", "nps", "nps_date"]),
        ("impacted_groups.csv", ["account_id", "name", "impact", "size", "ksa_needs", "communication_needs",
                                 "training_needs", "support_needs"]),
        ("stakeholder_plan.csv", ["account_id", "month", "name", "role", "relevance", "seniority", "authority",
                                  "interest", "support", "desires", "concerns", "notes", "category",
                                  "current_situation", "desired_situation", "strategy", "assigned_to",
                                  "deadline", "measurement"]),
    ]

    var accounts, stakeholders, research, raci, proposals, documents, meetings: CSVWriter
    var kpis, milestones, measurements, health, impactedGroups, stakeholderPlan: CSVWriter

    init(directory: String) throws {
        var writers: [CSVWriter] = []
        for (file, columns) in Self.headers {
            writers.append(try CSVWriter(path: directory + "/" + file, header: columns))
        }
        (accounts, stakeholders, research, raci, proposals, documents, meetings) =
            (writers[0], writers[1], writers[2], writers[3], writers[4], writers[5], writers[6])
        (kpis, milestones, measurements, health, impactedGroups, stakeholderPlan) =
            (writers[7], writers[8], writers[9], writers[10], writers[11], writers[12])
    }

    private var all: [CSVWriter] {
        [accounts, stakeholders, research, raci, proposals, documents, meetings,
         kpis, milestones, measurements, health, impactedGroups, stakeholderPlan]
    }

    mutating func close() throws {
        try accounts.close(); try stakeholders.close(); try research.close(); try raci.close()
        try proposals.close(); try documents.close(); try meetings.close(); try kpis.close()
        try milestones.close(); try measurements.close(); try health.close()
        try impactedGroups.close(); try stakeholderPlan.close()
    }

    /// Rows per file name, in the order of `headers`.
    var rowCounts: [(file: String, rows: Int)] {
        zip(Self.headers, all).map { ($0.file, $1.rows) }
    }
}
