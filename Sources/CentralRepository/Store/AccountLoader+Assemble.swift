import PlaybookEngine
import PlaybookLanguage

/// Turns a batch's rows into records: one `RecordBlock` per table (and per grouping the schema
/// adds: RACI activities, plan months), so the batch costs a few allocations per table, not
/// two per row. Derived fields (SPL, latest health, current KPI value, latest plan
/// month) are computed here once.
extension AccountLoader {
    func assemble(_ ids: [String], _ accountFields: [Value], _ tables: [TableRows?]) -> [(id: String, record: Record)] {
        var a = accountFields
        let width = account.width
        func rows(_ t: Table) -> TableRows? { tables[t.rawValue] }
        /// Puts the same field of every account: `value(n)` for account `n`.
        func put(_ field: Int, _ value: (Int) -> Value?) {
            for n in ids.indices { if let v = value(n) { a[n * width + field] = v } }
        }
        /// Every account's rows of a table as a list of records (an empty list when the table
        /// was not loaded).
        func lists(_ t: Table, _ field: Int, key: RecordBlock.Keys) -> RecordBlock? {
            guard let r = rows(t) else { put(field) { _ in .list([]) }; return nil }
            let block = RecordBlock(values: r.values, width: r.width, keys: key)
            put(field) { n in .records(block, r.rows(n)) }
            return block
        }

        if let stakeholders = lists(.stakeholders, i.accStakeholders, key: .fields(i.stKey, -1)), let r = rows(.stakeholders) {
            put(i.accSpl) { n in
                r.rows(n).first { stakeholders.values[$0 * r.width + i.stIsSpl].isTrue }.map { .record(Record(block: stakeholders, row: $0)) }
            }
        }
        // The whole import key, less the account: an item's name repeats across areas.
        _ = lists(.researchItems, i.accResearch, key: .fields(i.riArea, i.riKey))
        if let raci = rows(.raci) {
            // The RACI grid: one activity per run of cells with the same activity.
            let cells = RecordBlock(values: raci.values, width: raci.width, keys: .fields(i.raciStakeholder, -1))
            let groups = grouped(raci, raciActivityShape.width) { f, base, rows in
                f[base + i.raciActivity] = raci.parents[rows.lowerBound]
                f[base + i.raciAssignments] = .records(cells, rows)
            }
            let activities = RecordBlock(values: groups.values, width: raciActivityShape.width, keys: .fields(i.raciActivity, -1))
            put(i.accRaci) { n in groups.rows(n).isEmpty ? nil : .records(activities, groups.rows(n)) }
        }
        if var proposals = rows(.proposals) {
            // As of an earlier date, a later signature or sending has not happened yet.
            for n in ids.indices {
                guard let row = proposals.rows(n).first else { continue }
                let p = row * proposals.width
                if !visible(proposals.values[p + i.proposalSigned]) {
                    proposals.values[p + i.proposalSigned] = .missing
                    if case .text("signed") = proposals.values[p + i.proposalStatus] { proposals.values[p + i.proposalStatus] = .text("sent") }
                }
                if !visible(proposals.values[p + i.proposalSent]) {
                    proposals.values[p + i.proposalSent] = .missing
                    if case .text("sent") = proposals.values[p + i.proposalStatus] { proposals.values[p + i.proposalStatus] = .text("draft") }
                }
            }
            let block = RecordBlock(values: proposals.values, width: proposals.width, keys: .constant("proposal"))
            put(i.accProposal) { n in proposals.rows(n).first.map { .record(Record(block: block, row: $0)) } }
        }
        _ = lists(.documents, i.accDocuments, key: .fields(i.docKind, i.docTitle))
        if let meetings = rows(.meetings) {
            // One table, two lists: held up to the date (oldest first), planned from it on
            // (soonest first); cancelled ones and plans whose day passed are in neither.
            let block = RecordBlock(values: meetings.values, width: meetings.width, keys: .fields(i.meetingKind, i.meetingDate))
            func list(_ n: Int, _ wanted: (_ status: Value, _ date: CivilDate) -> Bool) -> Value {
                .list(meetings.rows(n).compactMap { row in
                    let f = row * meetings.width
                    guard case .date(let date) = meetings.values[f + i.meetingDate],
                          wanted(meetings.values[f + i.meetingStatus], date) else { return nil }
                    return .record(Record(block: block, row: row))
                })
            }
            func text(_ v: Value) -> String? { if case .text(let t) = v { t } else { nil } }
            // A row stored without a status (only a hand-made one can be) was held.
            put(i.accMeetings) { n in list(n) { status, date in date <= asOf && (text(status) ?? "held") == "held" } }
            put(i.accPlannedMeetings) { n in list(n) { status, date in date >= asOf && text(status) == "planned" } }
        } else {
            put(i.accMeetings) { _ in .list([]) }
            put(i.accPlannedMeetings) { _ in .list([]) }
        }
        if var kpis = rows(.kpis) {
            // KPIs with their milestones and the measurements taken up to the date. An account has
            // a few KPIs, so matching children by a scan is cheaper than building a dictionary.
            let milestones = rows(.milestones), measurements = rows(.measurements)
            let milestoneBlock = milestones.map { RecordBlock(values: $0.values, width: $0.width, keys: .fields(i.milestoneName, -1)) }
            let measurementBlock = measurements.map { RecordBlock(values: $0.values, width: $0.width, keys: .fields(i.measDate, -1)) }
            func children(_ t: TableRows?, _ block: RecordBlock?, of kpiId: Value, account n: Int) -> Value {
                guard let t, let block else { return .list([]) }
                return .list(t.rows(n).compactMap { same(t.parents[$0], kpiId) ? .record(Record(block: block, row: $0)) : nil })
            }
            for n in ids.indices {
                for k in kpis.rows(n) {
                    let f = k * kpis.width
                    let kpiId = kpis.values[f + i.kpiId]
                    kpis.values[f + i.kpiMilestones] = children(milestones, milestoneBlock, of: kpiId, account: n)
                    let taken = children(measurements, measurementBlock, of: kpiId, account: n)
                    kpis.values[f + i.kpiMeasurements] = taken
                    if case .list(let l) = taken, case .record(let last)? = l.last { kpis.values[f + i.kpiCurrent] = last[i.measValue] }
                }
            }
            let block = RecordBlock(values: kpis.values, width: kpis.width, keys: .fields(i.kpiId, -1))
            put(i.accKpis) { n in kpis.rows(n).isEmpty ? nil : .records(block, kpis.rows(n)) }
        }
        if let health = lists(.health, i.accHealthHistory, key: .fields(i.healthDate, -1)), let r = rows(.health) {
            put(i.accHealth) { n in r.rows(n).last.map { .record(Record(block: health, row: $0)) } }
        }
        _ = lists(.impactedGroups, i.accImpacted, key: .fields(i.impactedName, -1))
        if let plan = rows(.stakeholderPlan) {
            // The stakeholder plan: one snapshot per month up to the date.
            let entries = RecordBlock(values: plan.values, width: plan.width, keys: .fields(i.planStakeholder, -1))
            let groups = grouped(plan, planMonthShape.width) { f, base, rows in
                f[base + i.planMonth] = plan.parents[rows.lowerBound]
                f[base + i.planUpdated] = plan.parents[rows.lowerBound]
                f[base + i.planEntries] = .records(entries, rows)
            }
            let months = RecordBlock(values: groups.values, width: planMonthShape.width, keys: .fields(i.planMonth, -1))
            put(i.accPlanHistory) { n in groups.rows(n).isEmpty ? nil : .records(months, groups.rows(n)) }
            put(i.accPlan) { n in groups.rows(n).last.map { .record(Record(block: months, row: $0)) } }
        }
        let block = RecordBlock(values: a, width: width, keys: .fixed(ids))
        return ids.indices.map { (ids[$0], Record(block: block, row: $0)) }
    }

    /// Records made of runs of rows with the same placing column (a RACI activity, a plan month),
    /// per account, as rows of a new table of `width` fields filled by `fill`.
    private func grouped(_ t: TableRows, _ width: Int,
                         _ fill: (_ fields: inout [Value], _ base: Int, _ rows: Range<Int>) -> Void) -> TableRows {
        var out = TableRows(width: width, accounts: t.start.count)
        for n in t.start.indices {
            out.start[n] = out.count
            var start = t.start[n]
            while start < t.end[n] {
                var end = start + 1
                while end < t.end[n], same(t.parents[end], t.parents[start]) { end += 1 }
                let base = out.values.count
                out.values.append(contentsOf: repeatElement(.missing, count: width))
                fill(&out.values, base, start ..< end)
                out.parents.append(.missing)
                start = end
            }
            out.end[n] = out.count
        }
        return out
    }
}

extension Value {
    /// A list of rows of a block, as records.
    static func records(_ block: RecordBlock, _ rows: Range<Int>) -> Value {
        .list(rows.map { .record(Record(block: block, row: $0)) })
    }
}
