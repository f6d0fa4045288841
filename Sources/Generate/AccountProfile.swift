import PlaybookLanguage

enum Segment {
    case enterprise, midMarket, smb

    var text: String {
        switch self {
        case .enterprise: "enterprise"
        case .midMarket: "mid-market"
        case .smb: "smb"
        }
    }
}

/// The traffic light an account ends on at as-of; earlier snapshots wander around it.
enum HealthTier { case green, amber, red }

/// The facts about one account that several files must agree on: its phase and timeline decide
/// which documents, meetings and KPIs exist, its stakeholders appear in the plan, its tier shapes
/// the health history.
struct AccountProfile {
    var id: String
    var name: String
    var csm: String
    var accountManager: String?
    var segment: Segment
    var contractValue: Int
    var renewal: CivilDate?
    var start: CivilDate
    var phase: Int
    var phaseEntered: CivilDate
    var pilot: String
    var cadenceDays: Int?
    var crmTier: String?
    var executiveSponsor: String?
    var tier: HealthTier
    var stakeholders: [Stakeholder]

    /// When an earlier phase began. Only the current phase's entry date is recorded, so earlier
    /// phases are spread evenly between the engagement start and that date.
    func started(phase k: Int) -> CivilDate {
        if k >= phase { return phaseEntered }
        if k <= 1 { return start }
        let span = Int(phaseEntered.daysSinceEpoch - start.daysSinceEpoch)
        return start.adding(days: span * (k - 1) / (phase - 1))
    }

    /// Phases weighted towards the later ones, as in a book that has been running for years.
    static let phaseWeights = [6, 8, 12, 12, 14, 38, 10]

    /// How long ago engagements in each phase started, in days.
    static let ageByPhase: [ClosedRange<Int>] = [3...40, 25...80, 50...160, 110...260, 160...420, 240...1400, 300...1500]

    /// Typical days spent so far in the current phase.
    static let dwellByPhase: [ClosedRange<Int>] = [0...40, 5...45, 10...75, 10...60, 20...120, 30...600, 5...40]

    static func make(number: Int, team: Team, asOf: CivilDate, rng: inout SplitMix64) -> AccountProfile {
        let phase = rng.weighted(phaseWeights) + 1
        let segment: Segment = [.enterprise, .midMarket, .smb][rng.weighted([15, 35, 50])]
        let start = asOf.adding(days: -rng.int(ageByPhase[phase - 1]))
        let age = Int(asOf.daysSinceEpoch - start.daysSinceEpoch)
        var entered = start
        if phase > 1 {
            var dwell = rng.int(dwellByPhase[phase - 1])
            // A few accounts are stuck: far longer in the phase than usual.
            if rng.chance(6) { dwell *= 3 }
            entered = asOf.adding(days: -min(dwell, max(0, age - (phase - 1) * 7)))
        }
        let contractValue = switch segment {
        case .enterprise: rng.int(150...1_200) * 1_000
        case .midMarket: rng.int(60...300) * 500
        case .smb: rng.int(40...300) * 100
        }
        let cadence = rng.chance(5) ? nil : meetingCadence(segment, &rng)
        let crmTier = rng.chance(5) ? nil : crmTier(segment, &rng)
        let tier: HealthTier = [.green, .amber, .red][rng.weighted([70, 20, 10])]
        let stakeholders = Stakeholder.makeAll(segment: segment, phase: phase, tier: tier, rng: &rng)
        let sponsorChance = segment == .enterprise ? 85 : segment == .midMarket ? 55 : 35
        // The most senior person at the customer, when sales recorded one in the CRM.
        let executive = stakeholders.first { $0.seniority == "executive" } ?? stakeholders.max { $0.authority < $1.authority }
        return AccountProfile(
            id: accountID(number),
            name: companyName(&rng),
            csm: team.csm(rng.below(team.csmCount)),
            accountManager: rng.chance(6) ? nil : team.accountManager(rng.below(team.accountManagerCount)),
            segment: segment,
            contractValue: contractValue,
            renewal: rng.chance(3) ? nil : asOf.adding(days: rng.int(-15...380)),
            start: start,
            phase: phase,
            phaseEntered: entered,
            pilot: ["none", "proof_of_concept", "proof_of_value"][rng.weighted([80, 12, 8])],
            cadenceDays: cadence,
            crmTier: crmTier,
            executiveSponsor: rng.chance(sponsorChance) ? executive?.name : nil,
            tier: tier,
            stakeholders: stakeholders
        )
    }

    /// Agreed days between regular meetings: bigger customers meet more often.
    static func meetingCadence(_ segment: Segment, _ rng: inout SplitMix64) -> Int {
        switch segment {
        case .enterprise: rng.pick([14, 30])
        case .midMarket: 30
        case .smb: rng.pick([30, 60, 90])
        }
    }

    /// The custom CRM field, loosely following the segment.
    static func crmTier(_ segment: Segment, _ rng: inout SplitMix64) -> String {
        switch segment {
        case .enterprise: rng.chance(80) ? "gold" : "silver"
        case .midMarket: ["gold", "silver", "bronze"][rng.weighted([15, 60, 25])]
        case .smb: rng.chance(75) ? "bronze" : "silver"
        }
    }

    /// `acc-0000042`: fixed width so ids sort in generation order.
    static func accountID(_ number: Int) -> String {
        let digits = String(number)
        return "acc-" + String(repeating: "0", count: max(0, 7 - digits.count)) + digits
    }

    /// Mostly plain names; a few carry a comma or quotes the way CRM exports do.
    static func companyName(_ rng: inout SplitMix64) -> String {
        let stem = rng.pick(Vocabulary.companyStems)
        let kind = rng.pick(Vocabulary.companyKinds)
        switch rng.below(100) {
        case 0..<3: return stem + ", " + rng.pick(Vocabulary.lastNames) + " & Partners"
        case 3..<5: return "\"" + stem + "\" " + kind
        default: return stem + " " + kind + rng.pick(Vocabulary.legalSuffixes)
        }
    }
}
