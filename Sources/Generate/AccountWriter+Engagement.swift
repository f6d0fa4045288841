import PlaybookLanguage

/// Research, the success proposal, documents and meetings: the records that show which phase
/// outputs exist.
extension AccountWriter {
    /// Early accounts still have gaps in what they know; later ones mostly do not.
    private var researchStateWeights: [Int] {
        switch phase {
        case 1: [35, 20, 25, 20]
        case 2: [55, 15, 15, 15]
        default: [82, 8, 5, 5]
        }
    }

    mutating func writeResearch(_ out: inout CSVWriter) throws {
        let states = ["accurate_enough", "not_accurate_enough", "missing", "unknown"]
        let sources = ["internal_colleagues", "internal_systems", "internet", "customer"]
        let age = Int(asOf.daysSinceEpoch - profile.start.daysSinceEpoch)
        for (area, items) in Vocabulary.researchItems.enumerated() {
            for item in rng.distinct(rng.int(1...2), below: items.count) {
                let state = rng.weighted(researchStateWeights)
                // Nothing was found for a missing item, so usually there is no source yet.
                let hasSource = state != 2 || rng.chance(30)
                out.text(id)
                out.text(Vocabulary.researchAreas[area])
                out.text(items[item])
                out.text(states[state])
                out.text(hasSource ? sources[rng.weighted([40, 30, 20, 10])] : nil)
                out.text(rng.chance(15) ? rng.pick(Vocabulary.researchNotes) : nil)
                out.date(hasSource ? past(profile.start, plus: rng.int(-10...age)) : nil)
                try out.endRow()
            }
        }
    }

    /// Drafted around the start of phase 2; phase 2 accounts are spread over the three states,
    /// and a few later accounts still have a proposal that was sent long ago and never signed.
    mutating func writeProposal(_ out: inout CSVWriter) throws {
        let status: Int
        switch phase {
        case 1:
            guard rng.chance(20) else { return }
            status = 0
        case 2: status = rng.weighted([30, 45, 25])
        default: status = rng.weighted([2, 5, 93])
        }
        let drafted = past(profile.started(phase: 2), plus: rng.int(-5...7))
        var sent: CivilDate? = nil, signed: CivilDate? = nil
        if status >= 1 { sent = past(drafted, plus: rng.int(1...10)) }
        if status == 2, let sent { signed = past(sent, plus: rng.int(0...20)) }
        out.text(id)
        out.text(["draft", "sent", "signed"][status])
        out.date(drafted)
        out.date(sent)
        out.date(signed)
        if status == 2 {
            let spl = profile.stakeholders.first(where: \.isSPL) ?? profile.stakeholders[0]
            out.text(rng.chance(30) ? spl.name + " (e-mail acceptance)" : profile.csm + "; " + spl.name)
        } else {
            out.empty()
        }
        try out.endRow()
    }

    /// Each phase's documents: usually present once the phase is over (a few are missing, which
    /// is what the playbooks look for), often still in progress during the phase.
    mutating func writeDocuments(_ out: inout CSVWriter) throws {
        for doc in PhaseDocument.all where doc.phase <= phase {
            let finished = doc.phase < phase || (doc.phase == 7 && rng.chance(60))
            guard rng.chance(finished ? 90 : doc.closesPhase ? 15 : 60) else { continue }
            let status: String
            let date: CivilDate
            if finished {
                status = doc.doneStatus
                let from = profile.started(phase: doc.phase)
                let end = doc.phase < phase ? profile.started(phase: doc.phase + 1) : asOf
                date = past(from, plus: rng.int(0...max(0, Int(end.daysSinceEpoch - from.daysSinceEpoch))))
            } else {
                status = rng.chance(50) ? "draft" : "in_progress"
                date = past(profile.phaseEntered, plus: rng.int(0...30))
            }
            out.text(id)
            out.text(doc.kind)
            out.text(doc.title)
            out.text(status)
            out.date(date)
            try out.endRow()
        }
    }

    mutating func writeMeetings(_ out: inout CSVWriter) throws {
        if rng.chance(97) { try meeting(&out, "handover", profile.start.adding(days: -rng.int(0...7))) }
        if phase >= 2 {
            try meeting(&out, "initial", past(profile.started(phase: 2), plus: rng.int(0...10)))
        } else if rng.chance(35) {
            // Booked but not held yet.
            try meeting(&out, "initial", asOf.adding(days: rng.int(2...20)), status: "planned")
        }
        if phase >= 5 {
            let adoption = profile.started(phase: 5)
            if rng.chance(80) { try meeting(&out, "readiness_workshop", past(adoption, plus: rng.int(3...20))) }
            for month in 1...rng.int(1...3) {
                let date = adoption.adding(days: 30 * month + rng.int(-3...3))
                if date <= asOf { try meeting(&out, "governance", date) }
            }
        }
        if phase >= 6 {
            try reviews(&out, "business_review", overdue: 20)
            try reviews(&out, "quarterly_review", overdue: 15)
            if rng.chance(10) { try meeting(&out, "business_review", asOf.adding(days: rng.int(5...40)), status: "planned") }
        }
        if phase >= 2, let cadence = profile.cadenceDays {
            for check in 0..<rng.int(0...2) {
                let date = daysAgo(cadence * check + rng.int(0...5))
                if date >= profile.start { try meeting(&out, "other", date) }
            }
        }
        try plannedAndCancelled(&out)
    }

    /// What a calendar holds beyond the meetings held: the next check-in at the agreed cadence,
    /// business reviews booked for the coming weeks, and the odd meeting called off.
    private mutating func plannedAndCancelled(_ out: inout CSVWriter) throws {
        guard phase >= 2 else { return }
        if let cadence = profile.cadenceDays, extra.chance(45) {
            try meeting(&out, "other", asOf.adding(days: extra.int(1...max(1, cadence))), status: "planned", draws: .extra)
        }
        let reviewBooked = meetingKeys.contains { $0.hasPrefix("business_review ") && $0 > "business_review " + asOf.description }
        if phase >= 5, extra.chance(phase >= 6 ? 30 : 10), !reviewBooked {
            try meeting(&out, "business_review", asOf.adding(days: extra.int(7...42)), status: "planned", draws: .extra)
        }
        if phase >= 5, extra.chance(20) {
            try meeting(&out, "governance", asOf.adding(days: extra.int(3...30)), status: "planned", draws: .extra)
        }
        if extra.chance(6) {
            try meeting(&out, extra.pick(["governance", "business_review", "other"]), daysAgo(extra.int(3...60)),
                        status: "cancelled", draws: .extra)
        }
    }

    /// About every 13 weeks, the last one recent, overdue for some accounts, never held for a few.
    private mutating func reviews(_ out: inout CSVWriter, _ kind: String, overdue: Int) throws {
        guard rng.chance(95) else { return }
        let last = rng.chance(overdue) ? rng.int(100...220) : rng.int(5...85)
        for index in 0..<rng.int(1...4) {
            let date = daysAgo(last + 91 * index + rng.int(-5...5))
            if date >= profile.start { try meeting(&out, kind, date) }
        }
    }

    enum Draws { case main, extra }

    /// An empty status is `held`, as in files from before meetings had one.
    private mutating func meeting(_ out: inout CSVWriter, _ kind: String, _ date: CivilDate, status: String? = nil,
                                  draws: Draws = .main) throws {
        guard meetingKeys.insert(kind + " " + date.description).inserted else { return }
        out.text(id)
        out.text(kind)
        out.date(date)
        let noted = draws == .main ? rng.chance(20) : extra.chance(20)
        out.text(noted ? (draws == .main ? rng.pick(Vocabulary.meetingNotes) : extra.pick(Vocabulary.meetingNotes)) : nil)
        out.text(status)
        try out.endRow()
    }
}

/// A document a phase produces, with the status it ends in when the phase is done.
struct PhaseDocument {
    var phase: Int
    var kind: String
    var title: String
    var doneStatus: String
    /// Written at the end of its phase (sign-off, lessons learned), so rarely seen mid-phase.
    var closesPhase = false

    static let all: [PhaseDocument] = [
        PhaseDocument(phase: 1, kind: "engagement_strategy", title: "Engagement strategy", doneStatus: "complete"),
        PhaseDocument(phase: 1, kind: "roadmap", title: "Engagement roadmap", doneStatus: "complete"),
        PhaseDocument(phase: 3, kind: "welcome_pack", title: "Welcome pack", doneStatus: "sent"),
        PhaseDocument(phase: 3, kind: "onboarding_plan", title: "Onboarding plan", doneStatus: "approved"),
        PhaseDocument(phase: 3, kind: "milestone_report", title: "Onboarding milestone report 1", doneStatus: "sent"),
        PhaseDocument(phase: 3, kind: "onboarding_signoff", title: "Onboarding sign-off", doneStatus: "signed_off", closesPhase: true),
        PhaseDocument(phase: 3, kind: "lessons_learned", title: "Lessons learned: onboarding", doneStatus: "complete", closesPhase: true),
        PhaseDocument(phase: 4, kind: "adoption_plan_outline", title: "Adoption plan, outline", doneStatus: "complete"),
        PhaseDocument(phase: 4, kind: "adoption_plan_approved", title: "Adoption plan, approved", doneStatus: "approved"),
        PhaseDocument(phase: 4, kind: "adoption_plan_detailed", title: "Adoption plan, detailed", doneStatus: "complete"),
        PhaseDocument(phase: 4, kind: "adoption_roadmap", title: "Adoption roadmap", doneStatus: "published"),
        PhaseDocument(phase: 5, kind: "readiness_checklist", title: "Readiness checklist", doneStatus: "complete"),
        PhaseDocument(phase: 5, kind: "work_package", title: "Work package 1: training", doneStatus: "complete"),
        PhaseDocument(phase: 5, kind: "report", title: "Adoption programme report", doneStatus: "sent"),
        PhaseDocument(phase: 6, kind: "value_checklist", title: "Value realization checklist", doneStatus: "complete"),
        PhaseDocument(phase: 6, kind: "report", title: "Quarterly value report", doneStatus: "sent"),
        PhaseDocument(phase: 7, kind: "lessons_learned", title: "Lessons learned: engagement", doneStatus: "complete"),
        PhaseDocument(phase: 7, kind: "template", title: "Template: \"kick-off\" deck", doneStatus: "published"),
    ]
}
