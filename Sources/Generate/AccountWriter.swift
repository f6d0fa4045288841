import PlaybookLanguage

/// Writes every row of one account. Each account draws from its own random stream, so the
/// rows of an account never depend on the accounts before it.
struct AccountWriter {
    let profile: AccountProfile
    let asOf: CivilDate
    var rng: SplitMix64
    /// For the fields added with schema version 7 (strategy notes, planned and cancelled
    /// meetings, NPS dates, promised and expected KPI values, references asked): a stream of
    /// their own, so every value the export held before is still drawn, and is still the same.
    var extra: SplitMix64
    static let extraSeed: UInt64 = 0x7E57_F1E1_D5A7_0007
    /// Meetings written so far, by kind and date (their key), so an added one never repeats one.
    var meetingKeys: Set<String> = []

    var id: String { profile.id }
    var phase: Int { profile.phase }

    mutating func write(to files: inout ExportFiles) throws {
        try writeAccount(&files.accounts)
        try writeStakeholders(&files.stakeholders)
        try writeResearch(&files.research)
        try writeRACI(&files.raci)
        try writeProposal(&files.proposals)
        try writeDocuments(&files.documents)
        try writeMeetings(&files.meetings)
        try writeKPIs(&files)
        try writeHealth(&files.health)
        try writeImpactedGroups(&files.impactedGroups)
        try writeStakeholderPlan(&files.stakeholderPlan)
    }

    /// A date `days` after `date`, but never after as-of: things that already happened.
    func past(_ date: CivilDate, plus days: Int = 0) -> CivilDate { min(date.adding(days: days), asOf) }

    func daysAgo(_ days: Int) -> CivilDate { asOf.adding(days: -days) }

    private mutating func writeAccount(_ out: inout CSVWriter) throws {
        let p = profile
        out.text(p.id)
        out.text(p.name)
        out.text(p.csm)
        out.text(p.accountManager)
        out.text(p.segment.text)
        out.number(p.contractValue)
        out.date(p.renewal)
        out.date(p.start)
        out.number(p.phase)
        out.date(p.phaseEntered)
        out.text(p.pilot)
        out.number(p.cadenceDays)
        out.date(referenceAsked())
        out.text(p.crmTier)
        out.text(p.executiveSponsor)
        try out.endRow()
    }

    private mutating func writeStakeholders(_ out: inout CSVWriter) throws {
        for (index, person) in profile.stakeholders.enumerated() {
            out.text(id)
            out.text(stakeholderID(index))
            out.text(person.name)
            out.text(person.role)
            out.text(person.relevance)
            out.text(person.seniority)
            out.number(person.authority)
            out.number(person.interest)
            out.number(person.support)
            out.text(person.desires)
            out.text(person.concerns)
            out.text(person.category)
            out.yesNo(person.isSPL)
            // The plan keeps the strategy in words; the matrix has its letter, and often a note.
            out.text(person.strategy.map { String($0.prefix(1)) })
            out.text(person.strategy.flatMap { extra.chance(55) ? Stakeholder.note(for: $0, rng: &extra) : nil })
            if person.strategy != nil {
                out.text(profile.csm)
                out.date(asOf.adding(days: rng.int(-20...60)))
            } else {
                out.empty()
                out.empty()
            }
            out.text(person.measurement)
            // Nobody has been contacted before the engagement started.
            out.date(rng.chance(8) ? nil : max(profile.start, daysAgo(rng.int(0...120))))
            try out.endRow()
        }
    }

    /// Promoters are asked to be a reference once value shows (phase 6 on), and a few earlier.
    private mutating func referenceAsked() -> CivilDate? {
        guard extra.chance(phase >= 6 ? 40 : phase >= 4 ? 8 : 0) else { return nil }
        return max(profile.start, daysAgo(extra.int(5...300)))
    }

    private func stakeholderID(_ index: Int) -> String { "s" + String(index + 1) }

    /// Mostly one Accountable per activity; a few rows have none or two, as spreadsheets do.
    private mutating func writeRACI(_ out: inout CSVWriter) throws {
        guard phase >= 2 || rng.chance(30) else { return }
        let columns = Vocabulary.raciColumns.count
        for activity in rng.distinct(rng.int(2...5), below: Vocabulary.raciActivities.count) {
            let roll = rng.below(100)
            let accountables = roll < 6 ? 0 : roll < 10 ? 2 : 1
            let chosen = rng.distinct(accountables, below: columns)
            out.text(id)
            out.text(Vocabulary.raciActivities[activity])
            for column in 0..<columns {
                if chosen.contains(column) {
                    out.text(rng.chance(25) ? "R/A" : "A")
                } else {
                    switch rng.below(10) {
                    case 0..<3: out.text("R")
                    case 3..<5: out.text("C")
                    case 5..<7: out.text("I")
                    default: out.empty()
                    }
                }
            }
            try out.endRow()
        }
    }

    /// Monthly snapshots of the plan for the people who have a strategy (and the SPL). Most
    /// accounts were updated this month; the rest lag by a month or two.
    private mutating func writeStakeholderPlan(_ out: inout CSVWriter) throws {
        guard phase >= 2 else { return }
        let lag = [0, 1, 2][rng.weighted([80, 15, 5])]
        let latest = YearMonth(asOf).adding(months: -lag)
        var month = max(YearMonth(profile.start), latest.adding(months: 1 - rng.int(1...3)))
        while month <= latest {
            let behind = latest.index - month.index
            for person in profile.stakeholders where person.strategy != nil || person.isSPL {
                out.text(id)
                out.month(month)
                out.text(person.name)
                out.text(person.role)
                out.text(person.relevance)
                out.text(person.seniority)
                out.number(person.authority)
                out.number(person.interest)
                // Support climbs towards today's value as the strategy works.
                out.number(max(0, person.support - behind))
                out.text(person.desires)
                out.text(person.concerns)
                out.text(rng.chance(20) ? "Discussed at the last steering, see minutes." : nil)
                out.text(person.category)
                out.text(rng.pick(Vocabulary.situations))
                out.text(rng.pick(Vocabulary.desiredSituations))
                out.text(person.strategy)
                out.text(profile.csm)
                out.date(month.day(28).adding(days: rng.int(7...45)))
                out.text(person.measurement)
                try out.endRow()
            }
            month = month.adding(months: 1)
        }
    }
}
