import Testing
import PlaybookLanguage
@testable import PlaybookEngine

/// Evaluates playbooks against hand-built accounts.
@Suite struct EvaluationTests {
    static func plan(_ source: String) -> EvaluationPlan {
        var set = SourceSet()
        set.add(SourceFile(path: "t.playbook", text: source))
        let ws = Workspace.check(set)
        #expect(!ws.hasErrors, "\(ws.diagnostics.sorted.map(\.text))")
        return EvaluationPlan(workspace: ws)
    }

    static let schema = Schema.builtin
    static func health(_ score: Double, _ light: String = "green", date: String = "2026-11-01") -> Value {
        .record(RecordBuilder(schema, "health").with("score", .number(score)).with("light", .text(light))
            .with("date", .date(CivilDate.parse(date)!)).build(key: date))
    }
    static func account(_ id: String, phase: Double = 6, segment: String = "smb", health: Value = .missing, kpis: [Value] = []) -> Record {
        RecordBuilder(schema, "account").with("id", .text(id)).with("name", .text("Acme \(id)")).with("csm", .text("ana"))
            .with("account_manager", .text("max")).with("phase", .number(phase)).with("segment", .text(segment))
            .with("health", health).with("kpis", .list(kpis)).build(key: id)
    }
    static func kpi(_ id: String, baseline: Double?) -> Value {
        .record(RecordBuilder(schema, "kpi").with("id", .text(id)).with("name", .text("KPI \(id)"))
            .with("baseline", baseline.map(Value.number) ?? .missing).build(key: id))
    }
    static let today = CivilDate.parse("2026-11-23")!

    static let source = """
        playbook "vr" {
          title "VR"
          applies when account.phase >= 6
          param floor = 60
          rule "low" {
            when account.health.score < floor
            task { title "Recover {account.name} ({account.health.score})" due in 3 business days priority high }
          }
          rule "baseline" {
            each kpi in account.kpis
            when kpi.baseline is missing
            task { title "Baseline {kpi.name}" owner account.nobody else account.account_manager }
          }
        }
        playbook "ent" extends "vr" {
          applies when account.segment == "enterprise"
          set floor = 80
          change rule "low" { task { owner account.account_manager } }
        }
        field account.nobody: text
        """

    func fire(_ plan: EvaluationPlan, _ a: Record) -> [Firing] {
        var out: [Firing] = []
        plan.evaluate(a, frame: plan.makeFrame(today: Self.today), into: &out)
        return out
    }

    @Test func conditionAndScope() {
        let p = Self.plan(Self.source)
        #expect(fire(p, Self.account("a", health: Self.health(50))).map(\.rule.identity) == ["vr/low"])
        #expect(fire(p, Self.account("b", health: Self.health(70))).isEmpty)
        #expect(fire(p, Self.account("c", phase: 5, health: Self.health(10))).isEmpty)
        // Missing health: the comparison is false, nothing fires, nothing crashes.
        #expect(fire(p, Self.account("d")).isEmpty)
    }

    @Test func customisationAppliesOnlyInItsScope() {
        let p = Self.plan(Self.source)
        let ent = Self.account("e", segment: "enterprise", health: Self.health(70))
        let f = fire(p, ent)
        #expect(f.map(\.rule.identity) == ["vr/low"])
        let d = p.draft(f[0], account: ent, frame: p.makeFrame(today: Self.today), fallbackOwner: "ops")
        #expect(d.owner == "max")
        #expect(d.title == "Recover Acme e (70)")
        #expect(d.due == CivilDate.parse("2026-11-26"))
        #expect(d.explanation == "account.health.score (70) < floor (80)")
    }

    @Test func eachFiresPerItemWithOwnerFallback() {
        let p = Self.plan(Self.source)
        let a = Self.account("k", health: Self.health(90), kpis: [Self.kpi("k1", baseline: nil), Self.kpi("k2", baseline: 3), Self.kpi("k3", baseline: nil)])
        let f = fire(p, a)
        #expect(f.map(\.itemKey) == ["k1", "k3"])
        let d = p.draft(f[1], account: a, frame: p.makeFrame(today: Self.today), fallbackOwner: "ops")
        #expect(d.title == "Baseline KPI k3")
        #expect(d.owner == "max")
        #expect(d.explanation == "kpi.baseline (missing) is missing")
    }

    @Test(arguments: [
        ("1 + 2 * 3 == 7", true), ("(1 + 2) * 3 == 9", true), ("10 / 0 > 1", false), ("not (10 / 0 > 1)", true),
        ("2026-11-23 - 2026-11-01 == 22 days", true), ("today() == 2026-11-23", true),
        ("days_since(2026-11-01) > 3 weeks", true), ("add_business_days(2026-11-20, 1) == 2026-11-23", true),
        ("business_days_between(2026-11-20, 2026-11-27) == 5", true), ("start_of_month(today()) == 2026-11-01", true),
        ("contains(\"Hello World\", \"world\")", true), ("lower(\"ABC\") == \"abc\"", true), ("length([1, 2, 3]) == 3", true),
        ("sum(x in [1, 2, 3]: x) == 6", true), ("average(x in [1, 2, 3]: x) == 2", true), ("max(x in [4, 9, 2]: x) == 9", true),
        ("min(x in []: x) is missing", true), ("count(x in [1, 5, 7]: x > 2) == 2", true), ("all(x in []: x > 1)", true),
        ("none(x in [1, 2]: x > 5)", true), ("length(filter(x in [1, 5, 7]: x > 2)) == 2", true), ("3 in [1, 2, 3]", true),
        ("\"a\" in [\"b\"]", false), ("first_present(account.segment, \"x\") == \"smb\"", true),
        ("account.health.score is missing", true), ("account.health.score != 5", false), ("round(2.6) == 3", true),
        ("year(2026-11-23) == 2026 and month(2026-11-23) == 11", true), ("in_days(2 weeks) == 14", true),
        ("count(x in [1, 5, 7] where x > 2) == 2", true), ("max(x in [1, 5, 7] where x < 6: x * 10) == 50", true),
        ("sum(x in [1, 5, 7] where x > 9: x) == 0", true), ("any(x in [1, 5] where x > 4)", true),
    ])
    func expressions(_ expr: String, _ expected: Bool) {
        let p = Self.plan("playbook \"p\" {\n  title \"P\"\n  rule \"r\" {\n    when \(expr)\n    task { title \"t\" }\n  }\n}\n")
        #expect(!fire(p, Self.account("x")).isEmpty == expected, "\(expr)")
    }
}
