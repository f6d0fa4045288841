import PlaybookEngine
import PlaybookLanguage

/// A batch of account rows in id order, numbered from 0.
package struct AccountBatch: Sendable {
    package let index: Int
    package let ids: [String]
    package let fields: [[Value]]
}

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
    private var batchCount = 0
    private let accountQuery: Statement
    private let childQueries: [(Table, TableMap, Statement)]
    /// Per table: the date field when only the latest visible row per parent is needed.
    private let latestOnly: [Int?]

    /// The child tables, in the order rows are gathered per account.
    enum Table: Int, CaseIterable {
        case stakeholders, researchItems, raci, proposals, documents, meetings, kpis, milestones, measurements, health,
             impactedGroups, stakeholderPlan

        var map: TableMap {
            switch self {
            case .stakeholders: .stakeholders
            case .researchItems: .researchItems
            case .raci: .raci
            case .proposals: .proposals
            case .documents: .documents
            case .meetings: .meetings
            case .kpis: .kpis
            case .milestones: .milestones
            case .measurements: .measurements
            case .health: .health
            case .impactedGroups: .impactedGroups
            case .stakeholderPlan: .stakeholderPlan
            }
        }
    }
    private let i: Indexes
    private let accountFieldIndex: [Int]
    private let raciActivityShape: RecordShape
    private let planMonthShape: RecordShape

    /// Field indexes used while assembling, looked up once.
    struct Indexes {
        let accStage, accPhase, accResearch, accStakeholders, accSpl, accRaci, accProposal, accDocuments, accMeetings: Int
        let accKpis, accHealth, accHealthHistory, accImpacted, accPlan, accPlanHistory, accMeetingCadence: Int
        let stIsSpl, raciActivity, raciAssignments, kpiMilestones, kpiMeasurements, kpiCurrent, kpiId: Int
        let measValue, planMonth, planUpdated, planEntries, proposalStatus, proposalSent, proposalSigned: Int
        let docDate, meetingDate, healthDate, measDate: Int
        let stKey, riKey, raciStakeholder, docKind, docTitle, meetingKind, milestoneName, planStakeholder, impactedName: Int
    }

    /// - Parameter usage: the fields the playbooks read (`EvaluationPlan.fieldUsage`); tables and
    ///   columns nobody reads are not loaded. nil loads everything.
    package init(connection: Connection, schema: Schema, asOf: CivilDate, batchSize: Int = 5_000,
                 usage: [String: Set<String>]? = nil) throws {
        self.connection = connection
        self.asOf = asOf
        self.batchSize = batchSize
        account = RecordShape(schema, "account")
        var shapes: [String: RecordShape] = [:]
        for r in schema.recordOrder { shapes[r] = RecordShape(schema, r) }
        self.shapes = shapes
        let cols = TableMap.accountColumns.map(\.column).joined(separator: ", ")
        accountQuery = try connection.prepare("SELECT \(cols), custom FROM accounts WHERE id > ? ORDER BY id LIMIT ?")
        var queries: [(Table, TableMap, Statement)] = []
        for table in Table.allCases {
            guard var t = usage.map({ table.map.pruned($0) }) ?? table.map else { continue }
            let shape = shapes[t.record]!
            // Custom fields live in one JSON column: read it only when a playbook uses one.
            t.hasCustom = t.hasCustom && (usage == nil || !(usage![t.record] ?? []).isDisjoint(with: shape.custom.keys))
            queries.append((table, t, try connection.prepare(
                "SELECT \(t.selectList) FROM \(t.table) WHERE account_id >= ? AND account_id <= ? ORDER BY \(t.orderBy)")))
        }
        childQueries = queries
        var latest = [Int?](repeating: nil, count: Table.allCases.count)
        if let usage {
            if !(usage["account"]?.contains("health_history") ?? false) { latest[Table.health.rawValue] = shapes["health"]!.index("date") }
            if !(usage["kpi"]?.contains("measurements") ?? false) { latest[Table.measurements.rawValue] = shapes["measurement"]!.index("date") }
        }
        latestOnly = latest
        accountFieldIndex = TableMap.accountColumns.map { shapes["account"]!.index($0.field!) }
        raciActivityShape = shapes["raci_activity"]!
        planMonthShape = shapes["plan_month"]!
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
                    measDate: me.index("date"), stKey: st.index("id"), riKey: shapes["research_item"]!.index("item"),
                    raciStakeholder: shapes["raci_assignment"]!.index("stakeholder"), docKind: shapes["document"]!.index("kind"),
                    docTitle: shapes["document"]!.index("title"), meetingKind: shapes["meeting"]!.index("kind"),
                    milestoneName: shapes["milestone"]!.index("name"), planStakeholder: shapes["plan_entry"]!.index("stakeholder"),
                    impactedName: shapes["impacted_group"]!.index("name"))
    }

    /// One row of a child table, before it is attached to its account.
    struct Row {
        var fields: [Value]
        /// The placing columns that are not schema fields (activity, kpi_id, month).
        var parent: Value
        var date: CivilDate?
    }

    /// The next batch of accounts in id order; empty when all have been read.
    package func nextRecords() throws -> [(id: String, record: Record)] {
        guard let batch = try nextAccounts() else { return [] }
        return try records(of: batch)
    }

    /// The account rows of the next batch, without their related records.
    package func nextAccounts() throws -> AccountBatch? {
        accountQuery.reset()
        accountQuery.bind(1, lastId ?? "")
        accountQuery.bind(2, batchSize)
        var ids: [String] = []
        var fields: [[Value]] = []
        while try accountQuery.step() {
            var f = account.empty()
            for (c, col) in TableMap.accountColumns.enumerated() {
                f[accountFieldIndex[c]] = accountQuery.value(Int32(c), col.kind)
            }
            account.applyCustom(accountQuery.text(Int32(TableMap.accountColumns.count)), to: &f)
            ids.append(accountQuery.text(0) ?? "")
            fields.append(f)
        }
        guard let last = ids.last else { return nil }
        lastId = last
        batchCount += 1
        return AccountBatch(index: batchCount - 1, ids: ids, fields: fields)
    }

    /// Loads everything related to a batch's accounts and assembles their records. Any loader
    /// on the same repository can do this for a batch another loader read.
    package func records(of batch: AccountBatch) throws -> [(id: String, record: Record)] {
        let ids = batch.ids, fields = batch.fields
        guard let first = ids.first, let last = ids.last else { return [] }
        var position: [String: Int] = [:]
        position.reserveCapacity(ids.count)
        for (n, id) in ids.enumerated() { position[id] = n }
        // Rows arrive sorted by account, so each table's rows for the batch go into one array
        // and each account owns a contiguous range of it: no per-account arrays to grow.
        let tableCount = Table.allCases.count
        var rows = [[Row]](repeating: [], count: tableCount)
        var starts = [[Int]](repeating: [Int](repeating: 0, count: ids.count), count: tableCount)
        var ends = [[Int]](repeating: [Int](repeating: 0, count: ids.count), count: tableCount)
        for (which, table, q) in childQueries {
            let t = which.rawValue
            let shape = shapes[table.record]!
            let fieldIndex = table.columns.map { $0.field.map(shape.index) ?? -1 }
            let columnKinds = table.columns.map(\.kind)
            let customColumn = Int32(table.columns.count + 1)
            let latestDate = latestOnly[t]
            var out: [Row] = []
            q.reset()
            q.bind(1, first)
            q.bind(2, last)
            var currentId = ""
            var currentPos = -1
            while try q.step() {
                // Look the account up once per account, not once per row.
                let accountId = q.withText(0) { b in b.elementsEqual(currentId.utf8) ? "" : String(decoding: b, as: UTF8.self) } ?? ""
                if !accountId.isEmpty {
                    if currentPos >= 0 { ends[t][currentPos] = out.count }
                    currentId = accountId
                    currentPos = position[accountId] ?? -1
                    if currentPos >= 0 { starts[t][currentPos] = out.count }
                }
                guard currentPos >= 0 else { continue }
                var f = shape.empty()
                var parent = Value.missing
                for c in 0..<columnKinds.count {
                    let v = q.value(Int32(c + 1), columnKinds[c])
                    let fi = fieldIndex[c]
                    if fi >= 0 { f[fi] = v } else { parent = v }
                }
                if table.hasCustom { shape.applyCustom(q.text(customColumn), to: &f) }
                let row = Row(fields: f, parent: parent, date: nil)
                if let dateIndex = latestDate {
                    // Only the latest visible row is read (health without history, KPIs without
                    // their measurement list): keep one per parent, replacing it as later ones arrive.
                    guard visible(f[dateIndex]) else { continue }
                    if out.count > starts[t][currentPos], same(out[out.count - 1].parent, parent) {
                        out[out.count - 1] = row
                        continue
                    }
                }
                out.append(row)
            }
            if currentPos >= 0 { ends[t][currentPos] = out.count }
            rows[t] = out
        }
        return ids.indices.map { n in
            (ids[n], assemble(ids[n], fields[n], (0..<tableCount).map { rows[$0][starts[$0][n]..<ends[$0][n]] }))
        }
    }

    private func visible(_ v: Value) -> Bool {
        if case .date(let d) = v { return d <= asOf }
        return true
    }

    private func key(_ v: Value) -> String { v.isMissing ? "" : v.display }

    /// Same text or same date: compares values of a placing column without making strings.
    private func same(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.text(let x), .text(let y)): x == y
        case (.date(let x), .date(let y)): x == y
        case (.missing, .missing): true
        default: false
        }
    }

    func assemble(_ id: String, _ base: [Value], _ tables: [ArraySlice<Row>]) -> Record {
        var a = base
        func rowsOf(_ t: Table) -> ArraySlice<Row> { tables[t.rawValue] }
        func records(_ table: Table, key keyIndex: Int, dateField: Int? = nil) -> [Value] {
            rowsOf(table).compactMap { r in
                if let d = dateField, !visible(r.fields[d]) { return nil }
                return .record(Record(fields: r.fields, keyField: keyIndex))
            }
        }
        if case .number(let p) = a[i.accPhase] {
            a[i.accStage] = .text(p <= 2 ? "initial" : p <= 5 ? "user_readiness" : "ongoing")
        }
        if case .number(let days) = a[i.accMeetingCadence] { a[i.accMeetingCadence] = .duration(days) }

        let stakeholders = records(.stakeholders, key: i.stKey)
        a[i.accStakeholders] = .list(stakeholders)
        for case .record(let s) in stakeholders where s[i.stIsSpl].isTrue { a[i.accSpl] = .record(s); break }
        a[i.accResearch] = .list(records(.researchItems, key: i.riKey))

        // The RACI grid: one activity per run of cells with the same activity.
        let raci = rowsOf(.raci)
        if !raci.isEmpty {
            var activities: [Value] = []
            var start = raci.startIndex
            while start < raci.endIndex {
                var end = start + 1
                while end < raci.endIndex, same(raci[end].parent, raci[start].parent) { end += 1 }
                var f = raciActivityShape.empty()
                f[i.raciActivity] = raci[start].parent
                f[i.raciAssignments] = .list(raci[start..<end].map { .record(Record(fields: $0.fields, keyField: i.raciStakeholder)) })
                activities.append(.record(Record(fields: f, keyField: i.raciActivity)))
                start = end
            }
            a[i.accRaci] = .list(activities)
        }

        if var p = rowsOf(.proposals).first?.fields {
            // As of an earlier date, a later signature or sending has not happened yet.
            if !visible(p[i.proposalSigned]) { p[i.proposalSigned] = .missing; if case .text("signed") = p[i.proposalStatus] { p[i.proposalStatus] = .text("sent") } }
            if !visible(p[i.proposalSent]) { p[i.proposalSent] = .missing; if case .text("sent") = p[i.proposalStatus] { p[i.proposalStatus] = .text("draft") } }
            a[i.accProposal] = .record(Record(fields: p, key: "proposal"))
        }
        a[i.accDocuments] = .list(rowsOf(.documents).compactMap { r in
            visible(r.fields[i.docDate]) ? .record(Record(fields: r.fields, keyField: i.docKind, secondKeyField: i.docTitle)) : nil
        })
        a[i.accMeetings] = .list(rowsOf(.meetings).compactMap { r in
            visible(r.fields[i.meetingDate]) ? .record(Record(fields: r.fields, keyField: i.meetingKind, secondKeyField: i.meetingDate)) : nil
        })

        // KPIs with their milestones and the measurements taken up to the date. An account has
        // a few KPIs, so matching children by a scan is cheaper than building a dictionary.
        let kpis = rowsOf(.kpis)
        if !kpis.isEmpty {
            let milestoneRows = rowsOf(.milestones), measurementRows = rowsOf(.measurements)
            a[i.accKpis] = .list(kpis.map { r in
                var f = r.fields
                let kpiId = f[i.kpiId]
                f[i.kpiMilestones] = .list(milestoneRows.compactMap { m in
                    same(m.parent, kpiId) ? .record(Record(fields: m.fields, keyField: i.milestoneName)) : nil
                })
                let ms: [Row] = measurementRows.filter { same($0.parent, kpiId) && visible($0.fields[i.measDate]) }
                f[i.kpiMeasurements] = .list(ms.map { .record(Record(fields: $0.fields, keyField: i.measDate)) })
                f[i.kpiCurrent] = ms.last.map { $0.fields[i.measValue] } ?? .missing
                return .record(Record(fields: f, keyField: i.kpiId))
            })
        }

        let history = records(.health, key: i.healthDate, dateField: i.healthDate)
        a[i.accHealthHistory] = .list(history)
        if let latest = history.last { a[i.accHealth] = latest }
        a[i.accImpacted] = .list(records(.impactedGroups, key: i.impactedName))

        // The stakeholder plan: one snapshot per month up to the date.
        let plan = Array(rowsOf(.stakeholderPlan).filter { visible($0.parent) })
        if !plan.isEmpty {
            var months: [Value] = []
            var start = 0
            while start < plan.count {
                var end = start + 1
                while end < plan.count, same(plan[end].parent, plan[start].parent) { end += 1 }
                var f = planMonthShape.empty()
                f[i.planMonth] = plan[start].parent
                f[i.planUpdated] = plan[start].parent
                f[i.planEntries] = .list(plan[start..<end].map { .record(Record(fields: $0.fields, keyField: i.planStakeholder)) })
                months.append(.record(Record(fields: f, keyField: i.planMonth)))
                start = end
            }
            a[i.accPlanHistory] = .list(months)
            a[i.accPlan] = months.last!
        }
        return Record(fields: a, key: id)
    }
}
