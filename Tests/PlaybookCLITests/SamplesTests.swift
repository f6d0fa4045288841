import Foundation
import Testing

/// The README's main job, end to end with the built binary and the steps of scripts/demo: the
/// sample repository imports and runs without an error, and every rule of the base library (and
/// of the enterprise customisation) fires at least once on it.
@Suite struct SamplesTests {
    static let root = DocBlock.root

    /// `base/rule` for every rule declared in the files: formatted playbooks put `playbook "…"`
    /// and `rule "…"` at the start of their lines.
    static func ruleIdentities(in dir: String) throws -> Set<String> {
        var ids: Set<String> = []
        let files = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(dir).path).filter { $0.hasSuffix(".playbook") }
        for f in files {
            var playbook = ""
            for line in try String(contentsOf: root.appendingPathComponent(dir).appendingPathComponent(f), encoding: .utf8).split(separator: "\n") {
                let t = line.trimmingCharacters(in: .whitespaces)
                if t.hasPrefix("playbook \"") { playbook = String(t.dropFirst(10).prefix { $0 != "\"" }) }
                if t.hasPrefix("rule \"") { ids.insert(playbook + "/" + String(t.dropFirst(6).prefix { $0 != "\"" })) }
            }
        }
        return ids
    }

    @Test func everyFrameworkRuleFiresOnTheSamples() throws {
        let dir = try TempDir()
        let repo = try Demo.run(in: dir)
        let fired = Set(try Demo.tasks(repo, ["--status", "all"]).compactMap { $0["rule"] as? String })
        // Rules off by default need not fire: the sample runs the library as shipped. The
        // quarterly review is the CSM's across their book, so the per-account rule only runs with
        // `set quarterly_review_per_account = true` (its own tests cover it).
        let offByDefault: Set<String> = ["engagement-evaluation/quarterly-review-overdue"]
        let base = try Self.ruleIdentities(in: "Playbooks/framework")
        #expect(offByDefault.isSubset(of: base), "an exempted rule no longer exists: drop it from offByDefault")
        let expected = base.union(["enterprise-health/no-executive-sponsor"]).subtracting(offByDefault)
        #expect(expected.count >= 30)
        #expect(expected.subtracting(fired).sorted() == [], "rules that never fired on the samples")
        // A second run on the same day changes nothing.
        let again = try Playbook.run(["run", "--repository", repo, "--as-of", try Demo.nights().last!, "--format", "json"] + Demo.playbooks())
        #expect(again.stdout.contains("\"created\":0,") && again.stdout.contains("\"resolved\":0,"), "\(again.stdout)")
    }
}
