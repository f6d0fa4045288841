import CentralRepository
import PlaybookEngine
import PlaybookLanguage

/// One outcome seen at one site.
struct CoverageHit: Hashable {
    var site: CoverageSite
    var outcome: Bool
}

/// The probes of one variant of the playbooks, compiled, and what they need to tell which
/// probes counted for an account.
final class CoverageProbes {
    let sites: [SiteInfo]
    let probes: [String: (site: Int, outcome: Bool)]
    let plan: EvaluationPlan
    /// Why the probes could not be used (a bug in the generator, never the user's), if so.
    let problem: String?
    private let usage: [String: Set<String>]
    private let generated: Set<String>
    private var effectiveWhens: [[String]: Set<SourceRange>] = [:]

    private init(sites: [SiteInfo], probes: [String: (site: Int, outcome: Bool)], plan: EvaluationPlan, problem: String?, generated: Set<String>) {
        self.sites = sites
        self.probes = probes
        self.plan = plan
        self.problem = problem
        self.generated = generated
        self.usage = EvaluationPlan.fieldUsage(plan.library)
    }

    static func build(_ ws: Workspace) -> CoverageProbes {
        let out = CoverageProbeText.generate(ws)
        var sources = ws.sources
        sources.add(SourceFile(path: "<coverage probes>", text: out.text))
        let probed = Workspace.check(sources)
        let generated = Set(ws.library.playbooks.map { CoverageProbeText.layerPrefix + $0.id })
        let problem = probed.diagnostics.sorted.first { $0.severity == .error }.map { "\(probed.sources.location($0.range)): \($0.text)" }
        return CoverageProbes(sites: out.sites, probes: out.probes, plan: EvaluationPlan(workspace: probed), problem: problem, generated: generated)
    }

    /// Evaluates the probes on every account of the repository as of the date.
    func observe(_ repo: Repository, asOf: CivilDate, into hits: inout Set<CoverageHit>) throws {
        guard problem == nil else { return }
        let batches = try repo.accountBatches(schema: plan.library.schema, asOf: asOf, batchSize: 1_000, usage: usage, threads: 0, plan: nil)
        defer { batches.stop() }
        let frame = plan.makeFrame(today: asOf)
        var firings: [Firing] = []
        while case let batch = try batches.next().accounts, !batch.isEmpty {
            for (_, account) in batch {
                firings.removeAll(keepingCapacity: true)
                plan.evaluate(account, frame: frame, into: &firings)
                // A rule that could not be evaluated (a value out of range) neither fired nor not.
                firings.removeAll { $0.problem != nil }
                observe(firings, into: &hits)
            }
        }
    }

    /// A probe counts only where its rule is in effect with this `when`: a customisation that
    /// applies to the account may have switched the rule off or changed its condition.
    private func observe(_ firings: [Firing], into hits: inout Set<CoverageHit>) {
        let applies = CoverageProbeText.appliesProbe
        let layers = Set(firings.filter { $0.rule.id == applies }.map { String($0.rule.identity.dropLast(applies.count + 1)) })
        for f in firings where generated.contains(String(f.rule.identity.dropLast(f.rule.id.count + 1))) {
            guard let probe = probes[f.rule.id] else { continue }
            let info = sites[probe.site]
            let chain = [info.base] + plan.library.customisations(of: info.base).map(\.id)
                .filter { !generated.contains($0) && layers.contains(CoverageProbeText.layerPrefix + $0) }
            if whens(chain).contains(info.whenAt) { hits.insert(CoverageHit(site: info.site, outcome: probe.outcome)) }
        }
    }

    private func whens(_ chain: [String]) -> Set<SourceRange> {
        if let w = effectiveWhens[chain] { return w }
        let w = Set(plan.library.effective(chain: chain)?.rules.compactMap { $0.rule.when?.at } ?? [])
        effectiveWhens[chain] = w
        return w
    }
}

/// Sites no case exercised fully (docs/testing.md, "Coverage").
package struct CoverageReport: Sendable {
    package struct Gap: Sendable, Equatable {
        package var rule: String
        /// `file:line:column` of the condition or operand.
        package var location: String
        /// The operand, or nil for the rule's whole condition.
        package var branch: String?
        package var missing: String
    }

    package var rules = 0
    package var coveredRules = 0
    package var branches = 0
    package var coveredBranches = 0
    package var gaps: [Gap] = []
    package var problems: [String] = []

    init(sites: [CoverageSite: (info: SiteInfo, sources: SourceSet)], hits: Set<CoverageHit>, problems: [String]) {
        self.problems = problems
        func order(_ e: (key: CoverageSite, value: (info: SiteInfo, sources: SourceSet))) -> (String, Int32, CoverageSite) {
            (e.value.sources[e.value.info.range.file]?.path ?? "", e.value.info.range.start, e.key)
        }
        for (site, entry) in sites.sorted(by: { order($0) < order($1) }) {
            let t = hits.contains(CoverageHit(site: site, outcome: true)), f = hits.contains(CoverageHit(site: site, outcome: false))
            let root = site.index == 0
            var whole = site
            whole.index = 0
            // A rule no case evaluated is one gap, not one per operand.
            let evaluated = hits.contains(CoverageHit(site: whole, outcome: true)) || hits.contains(CoverageHit(site: whole, outcome: false))
            if root { rules += 1 } else { branches += 1 }
            if t && f {
                if root { coveredRules += 1 } else { coveredBranches += 1 }
                continue
            }
            if !root, !evaluated { continue }
            let missing = switch (root, t, f) {
            case (true, false, false): "never evaluated: no case has an account it applies to"
            case (true, true, _): "never false"
            case (true, _, _): "never fired"
            case (false, false, false): "never reached"
            case (false, true, _): "never false"
            case (false, _, _): "never true"
            }
            gaps.append(Gap(rule: site.rule, location: entry.sources.location(entry.info.range), branch: root ? nil : entry.info.text, missing: missing))
        }
    }
}
