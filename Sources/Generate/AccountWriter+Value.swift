import PlaybookLanguage

/// KPIs with their milestones and measurements, health snapshots and impacted groups: the
/// records of adoption and value realization.
extension AccountWriter {
    /// KPIs from phase 4 on. Most have a baseline taken before the activity started; some have
    /// none, a few took it too late, and measurements trail the target more for unhealthy accounts.
    mutating func writeKPIs(_ files: inout ExportFiles) throws {
        guard phase >= 4 else { return }
        let count = switch profile.segment {
        case .enterprise: rng.int(2...3)
        case .midMarket: rng.int(1...3)
        case .smb: rng.int(1...2)
        }
        let pace = switch profile.tier {
        case .green: rng.int(85...110)
        case .amber: rng.int(60...90)
        case .red: rng.int(30...65)
        }
        for (number, pick) in rng.distinct(count, below: Vocabulary.kpis.count).enumerated() {
            let kpi = Vocabulary.kpis[pick]
            let kpiID = "kpi-" + String(number + 1)
            let activityStart: CivilDate? = phase >= 5
                ? past(profile.started(phase: 5), plus: rng.int(0...20))
                : rng.chance(70) ? asOf.adding(days: rng.int(5...60)) : nil
            let baseline: Int? = rng.chance(phase >= 5 ? 85 : 60) ? rng.int(kpi.baseline) : nil
            var baselineDate: CivilDate? = nil
            if baseline != nil {
                if let activityStart {
                    let late = rng.chance(8)
                    baselineDate = past(activityStart, plus: late ? rng.int(5...30) : -rng.int(3...20))
                } else {
                    baselineDate = daysAgo(rng.int(1...30))
                }
            }
            let target = rng.int(kpi.target)
            let from = baseline ?? kpi.baseline.lowerBound

            // Written in place: copying a writer out of `files` would copy its 1 MB buffer.
            files.kpis.text(id)
            files.kpis.text(kpiID)
            files.kpis.text(kpi.name)
            files.kpis.text(kpi.unit)
            files.kpis.number(target)
            let (promised, expected) = promise(target: target, from: from, percent: kpi.unit == "%")
            files.kpis.number(promised)
            files.kpis.number(expected)
            files.kpis.number(baseline)
            files.kpis.date(baselineDate)
            files.kpis.date(activityStart)
            try files.kpis.endRow()

            let anchor = activityStart ?? asOf.adding(days: 30)
            let milestones = rng.int(2...3)
            for step in 1...milestones {
                files.milestones.text(id)
                files.milestones.text(kpiID)
                files.milestones.text("Milestone " + String(step))
                files.milestones.date(anchor.adding(days: 60 * step + rng.int(0...10)))
                files.milestones.number(from + (target - from) * step / milestones)
                try files.milestones.endRow()
            }

            guard let activityStart, activityStart < asOf else { continue }
            let horizon = 60 * milestones
            let elapsed = Int(asOf.daysSinceEpoch - activityStart.daysSinceEpoch - 4) / 30
            for month in max(1, elapsed - 5)...max(1, elapsed) where month <= elapsed {
                let days = 30 * month + rng.int(0...4)
                try measurement(&files.measurements, kpiID, activityStart.adding(days: days),
                                from: from, target: target, progress: min(days, horizon) * pace / horizon, percent: kpi.unit == "%")
            }
            // Recorded ahead of as-of, so only later runs may see it.
            if rng.chance(3) {
                try measurement(&files.measurements, kpiID, asOf.adding(days: rng.int(1...20)),
                                from: from, target: target, progress: pace, percent: kpi.unit == "%")
            }
        }
    }

    /// What the success proposal promised (usually the target, sometimes a rounder or more
    /// modest figure) and what the CSM now expects: at or above the promise for healthy
    /// accounts, short of it more often the less healthy the account.
    private mutating func promise(target: Int, from: Int, percent: Bool) -> (promised: Int?, expected: Int?) {
        guard extra.chance(65) else { return (nil, nil) }
        let promised = extra.chance(75) ? target : from + (target - from) * extra.int(80...95) / 100
        guard extra.chance(80) else { return (promised, nil) }
        let reach = switch profile.tier {
        case .green: extra.int(90...110)
        case .amber: extra.int(70...100)
        case .red: extra.int(40...85)
        }
        let expected = from + (promised - from) * reach / 100
        return (promised, percent ? min(100, expected) : expected)
    }

    /// `progress` is in percent of the way from the baseline to the target.
    private mutating func measurement(_ out: inout CSVWriter, _ kpiID: String, _ date: CivilDate,
                                      from: Int, target: Int, progress: Int, percent: Bool) throws {
        var tenths = from * 10 + (target - from) * progress / 10 + rng.int(-15...15)
        tenths = max(0, percent ? min(tenths, 1000) : tenths)
        out.text(id)
        out.text(kpiID)
        out.date(date)
        out.number(tenths: tenths)
        try out.endRow()
    }

    /// Monthly snapshots for the last 6–12 months (fewer for young accounts), wandering towards
    /// the account's tier so the latest light is about 70% green, 20% amber and 10% red.
    mutating func writeHealth(_ out: inout CSVWriter) throws {
        let months = rng.int(6...12)
        let day = rng.int(1...28)
        var latest = YearMonth(asOf)
        if latest.day(day) > asOf { latest = latest.adding(months: -1) }
        var scores: [Int] = []
        scores.reserveCapacity(months)
        var score = switch profile.tier {
        case .green: rng.int(70...95)
        case .amber: rng.int(50...69)
        case .red: rng.int(20...49)
        }
        // Built backwards from today's score, then written oldest first.
        for back in 0..<months {
            if latest.adding(months: -back).day(day) < profile.start { break }
            scores.append(score)
            score = min(98, max(10, score + rng.int(-8...8)))
        }
        for (back, score) in scores.enumerated().reversed() {
            try snapshot(&out, latest.adding(months: -back).day(day), score: score, isLatest: back == 0)
        }
        // Taken after as-of and sometimes of another colour: as-of runs must ignore it.
        if !scores.isEmpty && rng.chance(3) {
            let next = min(98, max(10, scores[0] + rng.int(-25...10)))
            try snapshot(&out, asOf.adding(days: rng.int(1...25)), score: next, isLatest: false)
        }
    }

    private mutating func snapshot(_ out: inout CSVWriter, _ date: CivilDate, score: Int, isLatest: Bool) throws {
        let light = score >= 70 ? "green" : score >= 50 ? "amber" : "red"
        // Red accounts show a clearly red indicator; a few green ones hide one too.
        let weak = light == "red" || (isLatest && rng.chance(8)) ? rng.below(6) : -1
        out.text(id)
        out.date(date)
        out.number(score)
        out.text(light)
        for indicator in 0..<6 {
            let value = indicator == weak ? rng.int(0...2) : score / 10 + rng.int(-2...1)
            out.number(min(10, max(0, value)))
        }
        let nps: Int? = rng.chance(10) ? nil : min(10, max(0, score / 10 + rng.int(-2...1)))
        out.number(nps)
        // Answered in the weeks before the snapshot; a few tools do not export the day.
        out.date(nps != nil && extra.chance(90) ? date.adding(days: -extra.int(0...21)) : nil)
        try out.endRow()
    }

    /// From phase 4 on (and some onboarding accounts); some groups still lack their KSA needs.
    mutating func writeImpactedGroups(_ out: inout CSVWriter) throws {
        guard phase >= 4 || (phase == 3 && rng.chance(40)) else { return }
        let size = switch profile.segment {
        case .enterprise: 50...5_000
        case .midMarket: 20...800
        case .smb: 5...120
        }
        for group in rng.distinct(rng.int(2...4), below: Vocabulary.impactedGroups.count) {
            out.text(id)
            out.text(Vocabulary.impactedGroups[group])
            out.text(rng.chance(70) ? "direct" : "indirect")
            out.number(rng.int(size))
            out.text(rng.chance(phase == 3 ? 40 : 15) ? nil : rng.pick(Vocabulary.ksaNeeds))
            out.text(rng.chance(10) ? nil : rng.pick(Vocabulary.communicationNeeds))
            out.text(rng.chance(10) ? nil : rng.pick(Vocabulary.trainingNeeds))
            out.text(rng.chance(10) ? nil : rng.pick(Vocabulary.supportNeeds))
            try out.endRow()
        }
    }
}
