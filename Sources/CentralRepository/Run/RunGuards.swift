import PlaybookEngine
import PlaybookLanguage

/// The guards that keep a nightly run from going wrong silently (docs/cron.md, "What can go
/// wrong at night"): each either stops the run before anything is committed, or says out loud
/// what it held back.
package struct RunGuards: Sendable {
    /// Lets a run resolve many tasks, or the tasks of rules its playbooks lack ("rule removed").
    package var allowMassResolve = false
    /// A run stops when it would resolve more than this share of the open tasks…
    package var massShare = 0.2
    /// …and at least this many.
    package var massMinimum = 50
    /// Data imported longer ago than this (in days, before the run's date) is stale.
    package var maxDataAgeDays = 2
    /// Lets tasks resolve on stale data.
    package var allowStaleData = false
    package init() {}
}

/// Why a run stopped before writing anything.
package enum RunRefusal: Error, Sendable {
    /// A run dated before the latest run would resolve tasks before they were created.
    case backDated(asOf: CivilDate, latest: CivilDate)
    case massResolve(MassResolution)
}

/// What a run would resolve, and whether that trips the mass-resolve guard.
package struct MassResolution: Sendable, Equatable {
    /// Open and snoozed tasks before the run.
    package var openBefore = 0
    /// Tasks the run resolves, by rule, then by reason.
    package var resolved: [String: [String: Int]] = [:]
    /// Rules that own open tasks but are not in the run's playbooks, with how many.
    package var missingRules: [String: Int] = [:]
    package var share = 0.2
    package var minimum = 50

    package var total: Int { resolved.values.reduce(0) { $0 + $1.values.reduce(0, +) } }
    package var tooMany: Bool { total >= minimum && Double(total) > share * Double(openBefore) }
    package var trips: Bool { tooMany || !missingRules.isEmpty }

    mutating func count(_ key: TaskKey, _ cause: ResolveCause) {
        resolved[key.rule, default: [:]][cause.reason, default: 0] += 1
    }

    /// Why it trips, then what the run would resolve, one line per rule and reason.
    package var lines: [String] {
        var out: [String] = []
        if tooMany {
            let pct = openBefore == 0 ? 100 : Int((Double(total) * 100 / Double(openBefore)).rounded())
            out.append("it would resolve \(total) of \(openBefore) open tasks (\(pct)%; the limit is \(Int(share * 100))% and at least \(minimum))")
        }
        if !missingRules.isEmpty {
            out.append("its playbooks lack \(missingRules.count) rule\(missingRules.count == 1 ? "" : "s") that own\(missingRules.count == 1 ? "s" : "") open tasks (a wrong playbook path, or a rule deleted):")
            for (rule, n) in missingRules.sorted(by: { $0.key < $1.key }) { out.append("  \(rule): \(n) open task\(n == 1 ? "" : "s")") }
        }
        out.append("it would resolve:")
        for (rule, reasons) in resolved.sorted(by: { $0.key < $1.key }) {
            for (reason, n) in reasons.sorted(by: { $0.key < $1.key }) { out.append("  \(rule): \(n) (\(reason))") }
        }
        return out
    }
}

/// An entity the run's playbooks read whose data is older than the freshness limit, or that
/// has never been imported.
package struct StaleEntity: Sendable, Equatable {
    package var entity: String
    /// nil: no import recorded.
    package var importedOn: CivilDate?
    package var ageDays: Int?

    package var line: String {
        guard let importedOn, let ageDays else { return "\(entity): no import recorded" }
        return "\(entity): last imported \(importedOn), \(ageDays) day\(ageDays == 1 ? "" : "s") before the run's date"
    }
}

extension Runner {
    /// The entities the playbooks read that are stale, and the rules whose tasks therefore must
    /// not resolve (every rule of a base playbook, with its customisations, that reads one).
    func freshness(plan: EvaluationPlan, records: [String: ImportRecord]) -> (stale: [StaleEntity], held: Set<String>) {
        var stale: [String: StaleEntity] = [:]
        var staleBases: [Int] = []
        for (b, demand) in plan.baseDemands.enumerated() {
            var isStale = false
            for table in ["accounts"] + AccountLoader.Table.allCases.map(\.map).filter({ $0.pruned(demand.fields) != nil }).map(\.table) {
                guard let r = records[table] else {
                    // Nothing to compare with (a repository filled before imports were dated).
                    stale[table] = StaleEntity(entity: table)
                    continue
                }
                let age = Int(asOf.daysSinceEpoch) - Int(r.on.daysSinceEpoch)
                if age > guards.maxDataAgeDays {
                    stale[table] = StaleEntity(entity: table, importedOn: r.on, ageDays: age)
                    isStale = true
                }
            }
            if isStale { staleBases.append(b) }
        }
        let held = guards.allowStaleData ? [] : plan.ruleIdentities(ofBases: staleBases)
        return (stale.values.sorted { $0.entity < $1.entity }, held)
    }
}
