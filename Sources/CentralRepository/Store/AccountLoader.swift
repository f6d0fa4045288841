import PlaybookEngine
import PlaybookLanguage

/// Reads accounts with everything related to them, a batch at a time, as records for
/// evaluation as of a date: anything dated after it is left out, and the derived fields
/// (latest health, current KPI value, SPL, stage) are computed here once.
package final class AccountLoader {
    let connection: Connection
    let asOf: CivilDate
    let batchSize: Int
    let account: RecordShape
    let shapes: [String: RecordShape]
    private var lastId: String?
    private let accountQuery: Statement
    private let childQueries: [(TableMap, Statement)]
    private let i: Indexes

    /// Field indexes used while assembling, looked up once.
    struct Indexes {
        let accStage, accPhase, accResearch, accStakeholders, accSpl, accRaci, accProposal, accDocuments, accMeetings: Int
        let accKpis, accHealth, accHealthHistory, accImpacted, accPlan, accPlanHistory, accMeetingCadence: Int
        let stIsSpl, raciActivity, raciAssignments, kpiMilestones, kpiMeasurements, kpiCurrent, kpiId: Int
        let measValue, planMonth, planUpdated, planEntries, proposalStatus, proposalSent, proposalSigned: Int
        let docDate, meetingDate, healthDate, measDate: Int
    }

    package init(connection: Connection, schema: Schema, asOf: CivilDate, batchSize: Int = 5_000) throws {
        self.connection = connection
        self.asOf = asOf
        self.batchSize = batchSize
        account = RecordShape(schema, "account")
        var shapes: [String: RecordShape] = [:]
        for r in schema.recordOrder { shapes[r] = RecordShape(schema, r) }
        self.shapes = shapes
        let cols = TableMap.accountColumns.map(\.column).joined(separator: ", ")
        accountQuery = try connection.prepare("SELECT \(cols), custom FROM accounts WHERE id > ? ORDER BY id LIMIT ?")
        let tables: [TableMap] = [.stakeholders, .researchItems, .raci, .proposals, .documents, .meetings, .kpis,
                                  .milestones, .measurements, .health, .impactedGroups, .stakeholderPlan]
        childQueries = try tables.map { t in
            (t, try connection.prepare("SELECT \(t.selectList) FROM \(t.table) WHERE account_id >= ? AND account_id <= ? ORDER BY \(t.orderBy)"))
        }
        let a = shapes["account"]!, st = shapes["stakeholder"]!, ra = shapes["raci_activity"]!, k = shapes["kpi"]!
        let me = shapes["measurement"]!, pm = shapes["plan_month"]!, pr = shapes["proposal"]!
        i = Indexes(accStage: a.index("stage"), accPhase: a.index("phase"), accResearch: a.index("research_items"),
                    accStakeholders: a.index("stakeholders"), accSpl: a.index("spl"), accRaci: a.index("raci"),
                    accProposal: a.index("proposal"), accDocuments: a.index("documents"), accMeetings: a.index("meetings"),
                    accKpis: a.index("kpis"), accHealth: a.index("health"), accHealthHistory: a.index("health_history"),
                    accImpacted: a.index("impacted_groups"), accPlan: a.index("stakeholder_plan"),
                    accPlanHistory: a.index("stakeholder_plan_history"), accMeetingCadence: a.index("meeting_cadence"),
                    stIsSpl: st.index("is_spl"), raciActivity: ra.index("activity"), raciAssignments: ra.index("assignments"),
                    kpiMilestones: k.index("milestones"), kpiMeasurements: k.index("measurements"), kpiCurrent: k.index("current"),
                    kpiId: k.index("id"), measValue: me.index("value"), planMonth: pm.index("month"), planUpdated: pm.index("updated"),
                    planEntries: pm.index("entries"), proposalStatus: pr.index("status"), proposalSent: pr.index("sent"),
                    proposalSigned: pr.index("signed"), docDate: shapes["document"]!.index("date"),
                    meetingDate: shapes["meeting"]!.index("date"), healthDate: shapes["health"]!.index("date"),
                    measDate: me.index("date"))
    }

    /// One row of a child table, before it is attached to its account.
    struct Row {
        var fields: [Value]
        /// The placing columns that are not schema fields (activity, kpi_id, month).
        var parent: Value
        var date: CivilDate?
    }

    /// The next batch of accounts in id order; empty when all have been read.
    package func next() throws -> [(id: String, record: Record)] {
        accountQuery.reset()
        accountQuery.bind(1, lastId ?? "")
        accountQuery.bind(2, batchSize)
        var ids: [String] = []
        var fields: [[Value]] = []
        while try accountQuery.step() {
            var f = account.empty()
            for (c, col) in TableMap.accountColumns.enumerated() {
                f[account.index(col.field!)] = accountQuery.value(Int32(c), col.kind)
            }
            account.applyCustom(accountQuery.text(Int32(TableMap.accountColumns.count)), to: &f)
            ids.append(accountQuery.text(0) ?? "")
            fields.append(f)
        }
        guard let first = ids.first, let last = ids.last else { return [] }
        lastId = last
        var position: [String: Int] = [:]
        position.reserveCapacity(ids.count)
        for (n, id) in ids.enumerated() { position[id] = n }
        var children = [[String: [Row]]](repeating: [:], count: ids.count)
        for (table, q) in childQueries {
            let shape = shapes[table.record]!
            let fieldIndex = table.columns.map { $0.field.map(shape.index) }
            let customColumn = Int32(table.columns.count + 1)
            q.reset()
            q.bind(1, first)
            q.bind(2, last)
            var currentId = ""
            var currentPos = -1
            while try q.step() {
                // Rows arrive grouped by account: look the position up once per account.
                let accountId = q.withText(0) { b in b.elementsEqual(currentId.utf8) ? "" : String(decoding: b, as: UTF8.self) } ?? ""
                if !accountId.isEmpty { currentId = accountId; currentPos = position[accountId] ?? -1 }
                guard currentPos >= 0 else { continue }
                var f = shape.empty()
                var parent = Value.missing
                for (c, col) in table.columns.enumerated() {
                    let v = q.value(Int32(c + 1), col.kind)
                    if let fi = fieldIndex[c] { f[fi] = v } else { parent = v }
                }
                if table.hasCustom { shape.applyCustom(q.text(customColumn), to: &f) }
                children[currentPos][table.table, default: []].append(Row(fields: f, parent: parent, date: nil))
            }
        }
        return ids.indices.map { n in (ids[n], assemble(ids[n], fields[n], children[n])) }
    }

    private func visible(_ v: Value) -> Bool {
        if case .date(let d) = v { return d <= asOf }
        return true
    }

    private func key(_ v: Value) -> String { v.isMissing ? "" : v.display }

    func assemble(_ id: String, _ base: [Value], _ rows: [String: [Row]]) -> Record {
        var a = base
        func records(_ table: String, _ record: String, keyField: String, dateField: Int? = nil) -> [Record] {
            (rows[table] ?? []).compactMap { r in
                if let d = dateField, !visible(r.fields[d]) { return nil }
                return Record(fields: r.fields, key: key(r.fields[shapes[record]!.index(keyField)]))
            }
        }
        if case .number(let p) = a[i.accPhase] {
            a[i.accStage] = .text(p <= 2 ? "initial" : p <= 5 ? "user_readiness" : "ongoing")
        }
        if case .number(let days) = a[i.accMeetingCadence] { a[i.accMeetingCadence] = .duration(days) }

        let stakeholders = records("stakeholders", "stakeholder", keyField: "id")
        a[i.accStakeholders] = .list(stakeholders.map(Value.record))
        if let spl = stakeholders.first(where: { $0[i.stIsSpl].isTrue }) { a[i.accSpl] = .record(spl) }
        a[i.accResearch] = .list(records("research_items", "research_item", keyField: "item").map(Value.record))

        // The RACI grid: one activity per group of cells.
        var activities: [(String, [Record])] = []
        for r in rows["raci"] ?? [] {
            let name = key(r.parent)
            let cell = Record(fields: r.fields, key: key(r.fields[shapes["raci_assignment"]!.index("stakeholder")]))
            if activities.last?.0 == name { activities[activities.count - 1].1.append(cell) } else { activities.append((name, [cell])) }
        }
        let raShape = shapes["raci_activity"]!
        a[i.accRaci] = .list(activities.map { name, cells in
            var f = raShape.empty()
            f[i.raciActivity] = .text(name)
            f[i.raciAssignments] = .list(cells.map(Value.record))
            return .record(Record(fields: f, key: name))
        })

        if var p = rows["proposals"]?.first?.fields {
            // As of an earlier date, a later signature or sending has not happened yet.
            if !visible(p[i.proposalSigned]) { p[i.proposalSigned] = .missing; if case .text("signed") = p[i.proposalStatus] { p[i.proposalStatus] = .text("sent") } }
            if !visible(p[i.proposalSent]) { p[i.proposalSent] = .missing; if case .text("sent") = p[i.proposalStatus] { p[i.proposalStatus] = .text("draft") } }
            a[i.accProposal] = .record(Record(fields: p, key: "proposal"))
        }
        a[i.accDocuments] = .list((rows["documents"] ?? []).compactMap { r in
            visible(r.fields[i.docDate]) ? .record(Record(fields: r.fields, key: key(r.fields[shapes["document"]!.index("kind")]) + "/" + key(r.fields[shapes["document"]!.index("title")]))) : nil
        })
        a[i.accMeetings] = .list((rows["meetings"] ?? []).compactMap { r in
            visible(r.fields[i.meetingDate]) ? .record(Record(fields: r.fields, key: key(r.fields[shapes["meeting"]!.index("kind")]) + "@" + key(r.fields[i.meetingDate]))) : nil
        })

        // KPIs with their milestones and the measurements taken up to the date.
        var milestones: [String: [Value]] = [:]
        for r in rows["milestones"] ?? [] {
            milestones[key(r.parent), default: []].append(.record(Record(fields: r.fields, key: key(r.fields[shapes["milestone"]!.index("name")]))))
        }
        var measurements: [String: [Record]] = [:]
        for r in rows["measurements"] ?? [] where visible(r.fields[i.measDate]) {
            measurements[key(r.parent), default: []].append(Record(fields: r.fields, key: key(r.fields[i.measDate])))
        }
        a[i.accKpis] = .list((rows["kpis"] ?? []).map { r in
            var f = r.fields
            let kpiId = key(f[i.kpiId])
            let ms = measurements[kpiId] ?? []
            f[i.kpiMilestones] = .list(milestones[kpiId] ?? [])
            f[i.kpiMeasurements] = .list(ms.map(Value.record))
            f[i.kpiCurrent] = ms.last.map { $0[i.measValue] } ?? .missing
            return .record(Record(fields: f, key: kpiId))
        })

        let history = records("health", "health", keyField: "date", dateField: i.healthDate)
        a[i.accHealthHistory] = .list(history.map(Value.record))
        if let latest = history.last { a[i.accHealth] = .record(latest) }
        a[i.accImpacted] = .list(records("impacted_groups", "impacted_group", keyField: "name").map(Value.record))

        // The stakeholder plan: one snapshot per month up to the date.
        var months: [(Value, [Record])] = []
        for r in rows["stakeholder_plan"] ?? [] where visible(r.parent) {
            let entry = Record(fields: r.fields, key: key(r.fields[shapes["plan_entry"]!.index("stakeholder")]))
            if let last = months.last, key(last.0) == key(r.parent) { months[months.count - 1].1.append(entry) } else { months.append((r.parent, [entry])) }
        }
        let pmShape = shapes["plan_month"]!
        let planMonths: [Record] = months.map { month, entries in
            var f = pmShape.empty()
            f[i.planMonth] = month
            f[i.planUpdated] = month
            f[i.planEntries] = .list(entries.map(Value.record))
            return Record(fields: f, key: key(month))
        }
        a[i.accPlanHistory] = .list(planMonths.map(Value.record))
        if let latest = planMonths.last { a[i.accPlan] = .record(latest) }
        return Record(fields: a, key: id)
    }
}
