import Foundation
import PlaybookEngine
import PlaybookLanguage

/// A batch of account rows in id order, numbered from 0.
package struct AccountBatch: Sendable {
    package let index: Int
    package let ids: [String]
    /// The accounts' fields, row after row (the account record's width each).
    package let fields: [Value]
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
    /// Per table: what decides whether a row is visible as of the date.
    private let visibility: [Visibility]
    private let plan: EvaluationPlan?
    private let demand: TableDemand
    /// For deciding which playbooks apply to an account; one per loader, as a loader runs on one thread.
    private var frame: Frame?

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
    let i: Indexes
    private let accountFieldIndex: [Int]
    let raciActivityShape: RecordShape
    let planMonthShape: RecordShape

    /// Field indexes used while assembling, looked up once.
    struct Indexes {
        let accStage, accPhase, accResearch, accStakeholders, accSpl, accRaci, accProposal, accDocuments, accMeetings: Int
        let accKpis, accHealth, accHealthHistory, accImpacted, accPlan, accPlanHistory, accMeetingCadence, accPlannedMeetings: Int
        let stIsSpl, raciActivity, raciAssignments, kpiMilestones, kpiMeasurements, kpiCurrent, kpiId: Int
        let measValue, planMonth, planUpdated, planEntries, proposalStatus, proposalSent, proposalSigned: Int
        let docDate, meetingDate, meetingStatus, healthDate, measDate: Int
        let stKey, riArea, riKey, raciStakeholder, docKind, docTitle, meetingKind, milestoneName, planStakeholder, impactedName: Int
    }

    /// - Parameter usage: the fields the playbooks read (`EvaluationPlan.fieldUsage`); tables and
    ///   columns nobody reads are not loaded. nil loads everything.
    /// - Parameter plan: with it, a table is read only for the accounts that a playbook reading
    ///   it applies to (see `TableDemand`).
    package init(connection: Connection, schema: Schema, asOf: CivilDate, batchSize: Int = 5_000,
                 usage: [String: Set<String>]? = nil, plan: EvaluationPlan? = nil) throws {
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
        self.plan = plan
        demand = TableDemand(plan: plan, tables: queries.map(\.0), account: account)
        var latest = [Int?](repeating: nil, count: Table.allCases.count)
        if let usage {
            if !(usage["account"]?.contains("health_history") ?? false) { latest[Table.health.rawValue] = shapes["health"]!.index("date") }
            if !(usage["kpi"]?.contains("measurements") ?? false) { latest[Table.measurements.rawValue] = shapes["measurement"]!.index("date") }
        }
        latestOnly = latest
        visibility = Table.allCases.map { t in
            switch t {
            case .documents: .field(shapes["document"]!.index("date"))
            // Held ones up to the date, planned ones from it on: sorted out when assembled.
            case .meetings: .always
            case .health: .field(shapes["health"]!.index("date"))
            case .measurements: .field(shapes["measurement"]!.index("date"))
            case .stakeholderPlan: .parent
            default: .always
            }
        }
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
                    accPlannedMeetings: a.index("planned_meetings"),
                    stIsSpl: st.index("is_spl"), raciActivity: ra.index("activity"), raciAssignments: ra.index("assignments"),
                    kpiMilestones: k.index("milestones"), kpiMeasurements: k.index("measurements"), kpiCurrent: k.index("current"),
                    kpiId: k.index("id"), measValue: me.index("value"), planMonth: pm.index("month"), planUpdated: pm.index("updated"),
                    planEntries: pm.index("entries"), proposalStatus: pr.index("status"), proposalSent: pr.index("sent"),
                    proposalSigned: pr.index("signed"), docDate: shapes["document"]!.index("date"),
                    meetingDate: shapes["meeting"]!.index("date"),
                    meetingStatus: shapes["meeting"]!.index("status"), healthDate: shapes["health"]!.index("date"),
                    measDate: me.index("date"), stKey: st.index("id"), riArea: shapes["research_item"]!.index("area"),
                    riKey: shapes["research_item"]!.index("item"),
                    raciStakeholder: shapes["raci_assignment"]!.index("stakeholder"), docKind: shapes["document"]!.index("kind"),
                    docTitle: shapes["document"]!.index("title"), meetingKind: shapes["meeting"]!.index("kind"),
                    milestoneName: shapes["milestone"]!.index("name"), planStakeholder: shapes["plan_entry"]!.index("stakeholder"),
                    impactedName: shapes["impacted_group"]!.index("name"))
    }

    /// Rows dated after the evaluation date are left out as they are read.
    enum Visibility {
        case always
        /// By the date in this field.
        case field(Int)
        /// By the placing column (the plan's month).
        case parent
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
        var fields: [Value] = []
        fields.reserveCapacity(batchSize * account.width)
        while try accountQuery.step() {
            let base = fields.count
            fields.append(contentsOf: repeatElement(.missing, count: account.width))
            for (c, col) in TableMap.accountColumns.enumerated() {
                fields[base + accountFieldIndex[c]] = accountQuery.value(Int32(c), col.kind)
            }
            account.applyCustom(accountQuery.text(Int32(TableMap.accountColumns.count)), to: &fields, at: base)
            // Derived here, before anything else is read: a playbook's `applies when` may use them.
            if case .number(let p) = fields[base + i.accPhase] {
                fields[base + i.accStage] = .text(p <= 2 ? "initial" : p <= 5 ? "user_readiness" : "ongoing")
            }
            if case .number(let days) = fields[base + i.accMeetingCadence] { fields[base + i.accMeetingCadence] = .duration(days) }
            ids.append(accountQuery.text(0) ?? "")
        }
        guard let last = ids.last else { return nil }
        lastId = last
        batchCount += 1
        return AccountBatch(index: batchCount - 1, ids: ids, fields: fields)
    }

    /// Loads everything related to a batch's accounts and assembles their records. Any loader
    /// on the same repository can do this for a batch another loader read.
    package func records(of batch: AccountBatch) throws -> [(id: String, record: Record)] {
        let ids = batch.ids
        guard !ids.isEmpty else { return [] }
        var position: [String: Int] = [:]
        position.reserveCapacity(ids.count)
        for (n, id) in ids.enumerated() { position[id] = n }
        let needs = demand.needs(RecordBlock(values: batch.fields, width: account.width, keys: .fixed(ids))) {
            if let frame { return frame }
            let f = plan!.makeFrame(today: asOf)
            frame = f
            return f
        }
        var tables = [TableRows?](repeating: nil, count: Table.allCases.count)
        for (which, table, q) in childQueries {
            tables[which.rawValue] = try read(which, table, q, ids, needs[which.rawValue], position)
        }
        return assemble(ids, batch.fields, tables)
    }

    /// One table's rows for a batch: rows arrive sorted by account, so they go into one flat
    /// array and each account owns a contiguous range of it.
    /// - Parameter need: per account, whether its rows are needed (nil: all are).
    private func read(_ which: Table, _ table: TableMap, _ q: Statement, _ ids: [String], _ need: [Bool]?,
                      _ position: [String: Int]) throws -> TableRows {
        let shape = shapes[table.record]!
        let width = shape.width
        let fieldIndex = table.columns.map { $0.field.map(shape.index) ?? -1 }
        let columnKinds = table.columns.map(\.kind)
        let customColumn = Int32(table.columns.count + 1)
        let latestDate = latestOnly[which.rawValue]
        let visibility = visibility[which.rawValue]
        var out = TableRows(width: width, accounts: ids.count)
        var texts = [TextInterner](repeating: TextInterner(), count: columnKinds.count)
        // The current account's id as bytes: compared with each row's, it is looked up only
        // when it changes.
        var currentId: [UInt8] = []
        var started = false
        var currentPos = -1
        for (first, last) in Self.ranges(ids.count, need) {
            q.reset()
            q.bind(1, ids[first])
            q.bind(2, ids[last])
            while try q.step() {
                // Look the account up once per account, not once per row.
                let sameAccount = q.withText(0) { b in
                    b.count == currentId.count && (b.isEmpty || memcmp(b.baseAddress!, currentId, b.count) == 0)
                } ?? false
                if !sameAccount || !started {
                    started = true
                    if currentPos >= 0 { out.end[currentPos] = out.count }
                    let accountId = q.text(0) ?? ""
                    currentId = Array(accountId.utf8)
                    currentPos = position[accountId] ?? -1
                    if currentPos >= 0 { out.start[currentPos] = out.count }
                }
                guard currentPos >= 0, need?[currentPos] ?? true else { continue }
                let base = out.values.count
                out.values.append(contentsOf: repeatElement(.missing, count: width))
                var parent = Value.missing
                for c in 0..<columnKinds.count {
                    let v = columnKinds[c] == .text
                        ? q.withText(Int32(c + 1)) { Value.text(texts[c].string($0)) } ?? .missing
                        : q.value(Int32(c + 1), columnKinds[c])
                    let fi = fieldIndex[c]
                    if fi >= 0 { out.values[base + fi] = v } else { parent = v }
                }
                if table.hasCustom { shape.applyCustom(q.text(customColumn), to: &out.values, at: base) }
                let shown: Bool
                switch visibility {
                case .always: shown = true
                case .field(let f): shown = visible(out.values[base + f])
                case .parent: shown = visible(parent)
                }
                guard shown else {
                    out.values.removeLast(width)
                    continue
                }
                // Only the latest visible row is wanted (health without history, KPIs without their
                // measurement list): keep one per parent, replacing it as later ones arrive.
                if latestDate != nil, out.count > out.start[currentPos], same(out.parents[out.count - 1], parent) {
                    for f in 0..<width { out.values.swapAt(base - width + f, base + f) }
                    out.values.removeLast(width)
                    continue
                }
                out.parents.append(parent)
            }
            if currentPos >= 0 { out.end[currentPos] = out.count }
        }
        return out
    }

    /// The stretches of accounts (first and last index) to query for: all at once when most
    /// are needed (the others' rows are skipped as they come), else each run of needed ones,
    /// so a table few accounts need is not read for all.
    static func ranges(_ count: Int, _ need: [Bool]?) -> [(Int, Int)] {
        guard count > 0 else { return [] }
        guard let need, need.lazy.filter({ $0 }).count * 2 < count else { return [(0, count - 1)] }
        var out: [(Int, Int)] = []
        var n = 0
        while n < count {
            guard need[n] else { n += 1; continue }
            var end = n
            while end + 1 < count, need[end + 1] { end += 1 }
            out.append((n, end))
            n = end + 1
        }
        return out
    }

    func visible(_ v: Value) -> Bool {
        if case .date(let d) = v { return d <= asOf }
        return true
    }

    /// Same text or same date: compares values of a placing column without making strings.
    func same(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.text(let x), .text(let y)): x == y
        case (.date(let x), .date(let y)): x == y
        case (.missing, .missing): true
        default: false
        }
    }
}

/// One child table's rows for a batch of accounts, before they become records.
struct TableRows {
    let width: Int
    /// Row `r`'s field `i` is `values[r * width + i]`.
    var values: [Value] = []
    /// Per row, the placing column that is not a schema field (activity, kpi_id, month).
    var parents: [Value] = []
    /// Per account of the batch, its rows: `start[n] ..< end[n]`.
    var start: [Int]
    var end: [Int]

    init(width: Int, accounts: Int) {
        self.width = width
        start = Array(repeating: 0, count: accounts)
        end = Array(repeating: 0, count: accounts)
    }

    var count: Int { parents.count }
    func rows(_ account: Int) -> Range<Int> { start[account] ..< end[account] }
}
