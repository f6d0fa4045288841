/// One person at the customer, as the stakeholder management matrix sees them.
struct Stakeholder {
    var name: String
    var role: String
    var seniority: String
    var relevance: String
    var authority: Int
    var interest: Int
    var support: Int
    var category: String
    var desires: String
    var concerns: String
    var isSPL: Bool
    var strategy: String?
    var measurement: String?

    static let strategies = [
        "A: work closely", "B: win over or reduce influence", "C: monitor and keep informed", "D: evangelise",
    ]

    /// What a CSM writes beside a strategy letter, by letter.
    static let notes: [Character: [String]] = [
        "A": ["Monthly one-to-one", "Invite to the steering group", "Share the roadmap before anyone else"],
        "B": ["Win over through the SPL", "Security deep-dive with our team", "Show the ROI case, then reassess",
              "Keep out of the critical path"],
        "C": ["Monthly summary e-mail", "Quarterly usage report", "Invite to the business review"],
        "D": ["Ask for a peer demo", "Case study candidate", "Internal champion network"],
    ]

    static func note(for strategy: String, rng: inout SplitMix64) -> String? {
        strategy.first.flatMap { notes[$0] }.map { rng.pick($0) }
    }

    static func makeAll(segment: Segment, phase: Int, tier: HealthTier, rng: inout SplitMix64) -> [Stakeholder] {
        let count = switch segment {
        case .enterprise: rng.int(4...6)
        case .midMarket: rng.int(3...5)
        case .smb: rng.int(2...4)
        }
        // The SPL is often not known yet before the first meeting.
        let hasSPL = rng.chance(phase == 1 ? 70 : 93)
        let offset = rng.below(Vocabulary.firstNames.count)
        var people: [Stakeholder] = []
        people.reserveCapacity(count)
        for slot in 0..<count {
            let given = Vocabulary.firstNames[(slot * 7 + offset) % Vocabulary.firstNames.count]
            let name = personName(given: given, family: rng.pick(Vocabulary.lastNames), rng: &rng)
            people.append(make(name: name, spl: hasSPL && slot == 0, phase: phase, tier: tier, rng: &rng))
        }
        return people
    }

    /// Given names are distinct within an account (7 is coprime with 40), which keeps the plan's
    /// `(month, name)` keys unique whatever the family names are.
    private static func personName(given: String, family: String, rng: inout SplitMix64) -> String {
        switch rng.below(100) {
        case 0..<3: family + ", " + given
        case 3..<5: given + " \"" + rng.pick(Vocabulary.nicknames) + "\" " + family
        default: given + " " + family
        }
    }

    private static func make(name: String, spl: Bool, phase: Int, tier: HealthTier, rng: inout SplitMix64) -> Stakeholder {
        var role: String, seniority: String
        var authority: Int, interest: Int, support: Int
        if spl {
            role = rng.pick(Vocabulary.splRoles)
            seniority = "director"
            authority = rng.int(6...9)
            interest = rng.int(7...10)
            support = tier == .red ? rng.int(3...6) : rng.int(6...10)
        } else {
            let pick = rng.below(Vocabulary.otherRoles.count)
            role = Vocabulary.otherRoles[pick]
            seniority = Vocabulary.otherSeniority[pick]
            authority = switch seniority {
            case "executive": rng.int(8...10)
            case "director": rng.int(5...8)
            case "manager": rng.int(3...7)
            default: rng.int(1...4)
            }
            interest = rng.int(2...9)
            support = rng.int(tier == .red ? 1...7 : 3...9)
        }
        // The matrix's awkward quadrant: powerful people who do not back the programme.
        let blocker = !spl && rng.chance(8)
        if blocker {
            authority = rng.int(7...10)
            support = rng.int(0...4)
        }
        var strategy: String? = quadrantStrategy(authority: authority, interest: interest, support: support)
        // Strategies are agreed in phase 2; afterwards a missing one is the exception, and for
        // powerful sceptics it is what the playbooks must catch.
        let dropChance = blocker ? 40 : phase == 1 ? 60 : (authority >= 7 && support <= 4) ? 4 : 12
        if rng.chance(dropChance) { strategy = nil }
        let category = spl ? "champion"
            : blocker ? "blocker"
            : support >= 8 ? "champion"
            : seniority == "executive" ? "decision maker"
            : authority >= 5 ? "influencer" : "user"
        let relevance = spl || authority >= 7 ? "high" : authority >= 4 ? "medium" : "low"
        return Stakeholder(
            name: name, role: role, seniority: seniority, relevance: relevance,
            authority: authority, interest: interest, support: support, category: category,
            desires: rng.pick(Vocabulary.desires), concerns: rng.pick(Vocabulary.concerns),
            isSPL: spl, strategy: strategy,
            measurement: strategy == nil ? nil : rng.pick(Vocabulary.measurements)
        )
    }

    /// The four typical strategies of the authority/interest matrix.
    static func quadrantStrategy(authority: Int, interest: Int, support: Int) -> String {
        if authority >= 6 && support <= 4 { return strategies[1] }
        if authority >= 6 && interest >= 6 { return strategies[0] }
        if support >= 8 { return strategies[3] }
        if authority >= 6 { return strategies[1] }
        return strategies[2]
    }
}
