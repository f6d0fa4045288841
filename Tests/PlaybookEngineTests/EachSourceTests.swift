import Testing
import PlaybookLanguage
@testable import PlaybookEngine

/// Every kind of collection expression as the source of `each`: the rule must see each item's
/// own fields, whatever variables the source binds on the way (issue 10, item 6).
@Suite struct EachSourceTests {
    typealias T = EvaluationTests

    static func kpi(_ id: String, baseline: Double?, milestones: [String] = []) -> Value {
        let ms = milestones.map { Value.record(RecordBuilder(T.schema, "milestone").with("name", .text($0)).build(key: $0)) }
        return .record(RecordBuilder(T.schema, "kpi").with("id", .text(id)).with("name", .text("KPI \(id)"))
            .with("baseline", baseline.map(Value.number) ?? .missing).with("milestones", .list(ms)).build(key: id))
    }

    static let account = RecordBuilder(T.schema, "account").with("id", .text("a")).with("name", .text("Acme")).with("csm", .text("ana"))
        .with("phase", .number(6))
        .with("kpis", .list([kpi("k1", baseline: nil, milestones: ["m"]), kpi("k2", baseline: 3), kpi("k3", baseline: nil, milestones: ["m", "n"])]))
        .build(key: "a")

    /// Declarations beside the rule, and the expression after `each kpi in`.
    static let sources: [(String, String)] = [
        ("", "account.kpis"),
        ("", "filter(x in account.kpis: x.baseline is missing)"),
        ("", "filter(x in account.kpis where x.baseline is missing)"),
        ("", "filter(x in account.kpis where x.id != \"zz\": x.baseline is missing)"),
        ("", "filter(x in filter(y in account.kpis: y.id != \"zz\"): x.baseline is missing)"),
        ("", "filter(x in account.kpis: x.baseline is missing and any(m in x.milestones: m.name == \"m\"))"),
        ("", "filter(x in account.kpis: count(m in x.milestones: m.name is present) >= 1)"),
        ("", "first_present(filter(x in account.kpis: x.baseline is missing), account.kpis)"),
        ("let open_kpis = filter(x in account.kpis: x.baseline is missing)", "open_kpis"),
        ("let open_kpis = filter(x in account.kpis: x.baseline is missing)", "filter(x in open_kpis: x.id != \"zz\")"),
        ("let all_kpis = account.kpis", "filter(x in all_kpis: x.baseline is missing)"),
        // A `let` with variables of its own, read while the item is bound.
        ("let n = count(z in account.kpis: z.baseline is missing)", "filter(x in account.kpis: x.baseline is missing and n > 0)"),
    ]

    static func plan(_ decls: String, _ source: String, extra: String = "") -> EvaluationPlan {
        T.plan("""
            playbook "p" {
              title "P"
              \(decls)
              rule "r" {
                each kpi in \(source)
                when kpi.baseline is missing and kpi.name is present
                task { title "Baseline {kpi.name}" description "{kpi.id}" owner kpi.name }
              }
            }
            \(extra)
            """)
    }

    static func evaluate(_ p: EvaluationPlan) -> (keys: [String], titles: [String], owners: [String], explanations: [String]) {
        let frame = p.makeFrame(today: T.today)
        var firings: [Firing] = []
        p.evaluate(account, frame: frame, into: &firings)
        let drafts = firings.map { p.draft($0, account: account, frame: frame, fallbackOwner: "ops") }
        return (firings.map(\.itemKey), drafts.map(\.title), drafts.map(\.owner), drafts.map(\.explanation))
    }

    @Test(arguments: sources)
    func itemFieldsAreTheItems(decls: String, source: String) {
        let r = Self.evaluate(Self.plan(decls, source))
        #expect(r.keys == ["k1", "k3"])
        #expect(r.titles == ["Baseline KPI k1", "Baseline KPI k3"])
        #expect(r.owners == ["KPI k1", "KPI k3"])
        #expect(r.explanations == ["kpi.baseline (missing) is missing and kpi.name (\"KPI k1\") is present",
                                   "kpi.baseline (missing) is missing and kpi.name (\"KPI k3\") is present"])
    }

    /// A customisation's `change rule` reads the item too, and its own collection operations
    /// must not disturb what the base rule's settings read.
    @Test(arguments: sources)
    func changedRuleReadsTheItem(decls: String, source: String) {
        let p = Self.plan(decls, source, extra: """
            playbook "c" extends "p" {
              applies when account.phase == 6
              change rule "r" {
                when kpi.baseline is missing and any(q in account.kpis: q.id == kpi.id) and all(w in kpi.milestones: w.name is present)
              }
            }
            """)
        let r = Self.evaluate(p)
        #expect(r.keys == ["k1", "k3"])
        #expect(r.titles == ["Baseline KPI k1", "Baseline KPI k3"])
        #expect(r.owners == ["KPI k1", "KPI k3"])
    }

    /// Lists that are not records: the item is the value itself.
    @Test(arguments: [
        ("param ids: list of text = [\"k1\", \"k3\"]", "ids"),
        ("", "[\"k1\", \"k3\"]"),
        ("", "filter(s in [\"k1\", \"k2\", \"k3\"]: s != \"k2\")"),
        ("let ids = filter(s in [\"k1\", \"k2\", \"k3\"]: s != \"k2\")", "ids"),
    ])
    func plainValues(decls: String, source: String) {
        let p = T.plan("""
            playbook "p" {
              title "P"
              \(decls)
              rule "r" {
                each id in \(source)
                when any(k in account.kpis: k.id == id and k.baseline is missing)
                task { title "Baseline {id}" }
              }
            }
            """)
        let r = Self.evaluate(p)
        #expect(r.keys == ["k1", "k3"])
        #expect(r.titles == ["Baseline k1", "Baseline k3"])
    }

    /// Many `let`s with collection operations: their variables need room in the frame.
    @Test func manyLetsWithVariables() {
        let lets = (1...20).map { "let c\($0) = count(x\($0) in account.kpis: x\($0).baseline is missing)" }.joined(separator: "\n  ")
        let r = Self.evaluate(Self.plan(lets, "filter(x in account.kpis: c20 == 2 and c1 == 2)"))
        #expect(r.titles == ["Baseline KPI k1", "Baseline KPI k3"])
    }
}
