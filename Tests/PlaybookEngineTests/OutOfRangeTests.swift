import Testing
import PlaybookLanguage
@testable import PlaybookEngine

/// Date arithmetic with numbers from the data stays within 0001-01-01…9999-12-31: beyond it is
/// an evaluation problem for that account and rule, never a trap (issue 10, item 8).
@Suite struct OutOfRangeTests {
    static func day(_ s: String) -> CivilDate { CivilDate.parse(s)! }

    // MARK: CivilDate

    @Test func calendarEnds() {
        #expect(CivilDate.first == Self.day("0001-01-01"))
        #expect(CivilDate.last == Self.day("9999-12-31"))
        #expect(CivilDate.last.checkedAdding(days: 1) == nil)
        #expect(CivilDate.first.checkedAdding(days: -1) == nil)
        #expect(CivilDate.last.checkedAdding(days: 0) == CivilDate.last)
        #expect(Self.day("2026-03-10").checkedAdding(days: Int.max) == nil)
        #expect(Self.day("2026-03-10").checkedAdding(days: Int.min) == nil)
        #expect(Self.day("2026-03-10").adding(days: Int.max) == CivilDate.last)
        #expect(Self.day("2026-03-10").adding(days: Int.min) == CivilDate.first)
        #expect(Self.day("2026-03-10").adding(days: 5) == Self.day("2026-03-15"))
    }

    @Test(arguments: [(Double.nan, nil), (.infinity, nil), (-.infinity, nil), (2.4, 2), (-2.6, -3), (1e300, 3_652_059), (-1e10, -3_652_059)] as [(Double, Int?)])
    func wholeDays(_ d: Double, _ expected: Int?) {
        #expect(CivilDate.wholeDays(d) == expected)
    }

    /// Business days by whole weeks agree with stepping a day at a time.
    @Test func businessDaysAgreeWithStepping() {
        func stepped(_ d: CivilDate, _ n: Int) -> CivilDate {
            var d = d, left = abs(n)
            while left > 0 { d = d.adding(days: n > 0 ? 1 : -1); if d.isBusinessDay { left -= 1 } }
            return d
        }
        let start = Self.day("2026-03-02")
        for s in 0..<7 {
            for n in -40...40 {
                let d = start.adding(days: s)
                #expect(d.checkedAdding(businessDays: n) == stepped(d, n), "\(d) + \(n) business days")
            }
        }
        #expect(Self.day("2026-03-10").checkedAdding(businessDays: 5_000_000_000) == nil)
        #expect(Self.day("2026-03-10").checkedAdding(businessDays: Int.min) == nil)
        #expect(Self.day("9999-12-30").checkedAdding(businessDays: 1) == Self.day("9999-12-31"))
        #expect(Self.day("9999-12-31").checkedAdding(businessDays: 1) == nil)
    }

    // MARK: evaluation

    static let today = day("2026-03-10")

    static func plan(_ body: String) -> EvaluationPlan {
        EvaluationTests.plan("""
            field account.sla_days: number
            field account.gap: number
            \(body)
            """)
    }

    static func account(_ p: EvaluationPlan, sla: Double, gap: Double = 1, kpis: [String] = []) -> Record {
        let ks = kpis.map { Value.record(RecordBuilder(p.library.schema, "kpi").with("id", .text($0)).build(key: $0)) }
        return RecordBuilder(p.library.schema, "account").with("id", .text("A-17")).with("name", .text("Acme")).with("csm", .text("ana"))
            .with("phase", .number(6)).with("renewal_date", .date(day("2026-05-01"))).with("sla_days", .number(sla))
            .with("gap", .number(gap)).with("kpis", .list(ks)).build(key: "A-17")
    }

    static func evaluate(_ p: EvaluationPlan, _ a: Record) -> [Firing] {
        var out: [Firing] = []
        p.evaluate(a, frame: p.makeFrame(today: today), into: &out)
        return out
    }

    static func rule(_ when: String, each: String = "") -> String {
        """
        playbook "value-realization" {
          title "VR"
          rule "low-health" {
            \(each)
            when \(when)
            task { title "Renew {account.name}" }
          }
        }
        """
    }

    /// Conditions that go out of range with the data's numbers, and what the problem says.
    @Test(arguments: [
        ("account.renewal_date + account.sla_days * 1 day > today()", 1e10, "date out of range (account.renewal_date + 10000000000 days)"),
        ("account.renewal_date - account.sla_days * 1 day < today()", 1e10, "date out of range (account.renewal_date - 10000000000 days)"),
        ("account.sla_days * 1 day + account.renewal_date > today()", 1e10, "date out of range (10000000000 days + account.renewal_date)"),
        ("account.renewal_date + account.sla_days * 1 day > today()", 1e300, "date out of range (account.renewal_date + 1e+300 days)"),
        ("account.renewal_date + account.sla_days * 1 day > today()", .nan, "date out of range (account.renewal_date + a number of days that is not a number)"),
        ("account.renewal_date + account.sla_days * 1 day > today()", .infinity, "date out of range (account.renewal_date + infinitely many days)"),
        ("add_business_days(today(), account.sla_days) > today()", 5e9, "date out of range (add_business_days(2026-03-10, 5000000000))"),
        ("add_business_days(today(), account.sla_days) > today()", -1e19, "date out of range (add_business_days(2026-03-10, -1e+19))"),
        ("today() + account.sla_days * 1 day is missing", 1e10, "date out of range (today() + 10000000000 days)"),
        ("not (today() + account.sla_days * 1 day < today())", 1e10, "date out of range (today() + 10000000000 days)"),
        ("max(d in [1, 2]: today() + account.sla_days * d * 1 day) > today()", 1e10, "date out of range (today() + 10000000000 days)"),
    ] as [(String, Double, String)])
    func conditionOutOfRangeIsAProblem(when: String, sla: Double, message: String) {
        let p = Self.plan(Self.rule(when))
        let f = Self.evaluate(p, Self.account(p, sla: sla))
        #expect(f.count == 1)
        #expect(f.first?.problem(account: "A-17") == EvaluationProblem(account: "A-17", rule: "value-realization/low-health", item: "", message: message))
        #expect(f.first?.hold == .everyItem)
        // In range, the same condition is evaluated as before.
        let ok = Self.evaluate(p, Self.account(p, sla: 10))
        #expect(ok.allSatisfy { $0.problem == nil })
    }

    @Test func eachListOutOfRangeHoldsEveryItem() {
        let p = Self.plan(Self.rule("true", each: "each k in filter(x in account.kpis: account.renewal_date + account.sla_days * 1 day > today())"))
        let f = Self.evaluate(p, Self.account(p, sla: 1e10, kpis: ["k1", "k2"]))
        #expect(f.map(\.hold) == [.everyItem])
        #expect(f.map(\.problem) == ["date out of range (account.renewal_date + 10000000000 days)"])
    }

    @Test func oneItemOutOfRangeHoldsThatItem() {
        let p = Self.plan(Self.rule("k.id == \"k1\" or today() + account.sla_days * 1 day > today()", each: "each k in account.kpis"))
        let f = Self.evaluate(p, Self.account(p, sla: 1e10, kpis: ["k1", "k2"]))
        #expect(f.map(\.itemKey) == ["k1", "k2"])
        #expect(f.map(\.problem) == [nil, "date out of range (today() + 10000000000 days)"])
        #expect(f.map(\.hold) == [nil, .key])
    }

    /// A `let` is computed once per account; every rule reading it learns of its problem.
    @Test func letOutOfRangeReachesEveryRuleReadingIt() {
        let p = Self.plan("""
            playbook "p" {
              title "P"
              let due = account.renewal_date + account.sla_days * 1 day
              rule "a" { when due > today() task { title "A" } }
              rule "b" { when account.phase == 6 task { title "B" } }
              rule "c" { when due is missing task { title "C" } }
            }
            """)
        let f = Self.evaluate(p, Self.account(p, sla: 1e10))
        #expect(f.map(\.rule.id) == ["a", "b", "c"])
        #expect(f.map { $0.problem != nil } == [true, false, true])
    }

    @Test func appliesWhenOutOfRangeHoldsEveryRuleOfThePlaybook() {
        let p = Self.plan("""
            playbook "p" {
              title "P"
              applies when account.renewal_date + account.sla_days * 1 day > today()
              rule "a" { when true task { title "A" } }
              rule "b" { when true task { title "B" } }
            }
            playbook "c" extends "p" {
              applies when account.phase == 6
              rule "extra" { when true task { title "X" } }
            }
            """)
        let f = Self.evaluate(p, Self.account(p, sla: 1e10))
        #expect(f.map(\.rule.identity) == ["p/a", "p/b", "c/extra"])
        #expect(f.allSatisfy { $0.problem == "applies when: date out of range (account.renewal_date + 10000000000 days)" && $0.hold == .everyItem })
    }

    /// A due date out of range is left out of the task, which is created: the condition held.
    @Test(arguments: [
        ("due on account.renewal_date + account.sla_days * 1 day", 1e10, "date out of range (account.renewal_date + 10000000000 days)"),
        ("due in account.sla_days * 1 day", 1e10, "date out of range (today() + 10000000000 days)"),
        ("due in n business days", 5e9, "due date out of range (today() + 5000000000 business days)"),
        ("due in n business days", .nan, "due date out of range (today() + (none) business days)"),
    ] as [(String, Double, String)])
    func dueDateOutOfRange(due: String, sla: Double, message: String) {
        let p = Self.plan("""
            playbook "value-realization" {
              title "VR"
              let n = account.sla_days
              rule "low-health" { when true task { title "Renew {account.name}" \(due) } }
            }
            """)
        let a = Self.account(p, sla: sla)
        let f = Self.evaluate(p, a)
        #expect(f.count == 1 && f[0].problem == nil)
        let d = p.draft(f[0], account: a, frame: p.makeFrame(today: Self.today), fallbackOwner: "ops")
        #expect(d.due == nil)
        #expect(d.problem == message)
        #expect(d.title == "Renew Acme")
        let good = p.draft(f[0], account: Self.account(p, sla: 3), frame: p.makeFrame(today: Self.today), fallbackOwner: "ops")
        #expect(good.problem == nil && good.due != nil)
    }

    // MARK: reconciliation

    typealias R = ReconcilerTests

    static func held(_ hold: Reconciler.Hold, item: String = "") -> Reconciler.Firing {
        Reconciler.Firing(key: TaskKey(rule: R.key.rule, account: R.key.account, item: item), forDays: 0, cooldownDays: nil,
                          owner: nil, hold: hold, draft: { Issue.record("a held rule drafts no task"); return R.draft() })
    }

    /// A rule that could not be evaluated leaves its tasks as they are: not resolved, not
    /// created, pending clocks and closed tasks untouched.
    @Test func heldRuleKeepsEverything() {
        var s = Reconciler.State()
        let other = TaskKey(rule: R.key.rule, account: R.key.account, item: "k2")
        let closedKey = TaskKey(rule: R.key.rule, account: R.key.account, item: "k3")
        s.active[R.key] = R.task(.open)
        s.active[other] = ExistingTask(id: 8, key: other, status: .snoozed, owner: "ana", snoozedUntil: Self.day("2026-03-01"))
        s.pending[TaskKey(rule: R.key.rule, account: R.key.account, item: "k4")] = Self.day("2026-03-01")
        s.closed[closedKey] = ExistingTask(id: 9, key: closedKey, status: .dismissed, owner: "ana", closedOn: Self.day("2026-03-01"))
        // A snooze still ends on its date, as for `resolve manually`: the CSM asked to see it again.
        #expect(R.run([Self.held(.everyItem)], s, "2026-03-10") == [.keep(id: 7, R.key), .wake(id: 8, other)])
        // Held for one item: the others are reconciled as usual.
        let one = R.run([Self.held(.key, item: "k2")], s, "2026-03-10")
        #expect(one.contains(.wake(id: 8, other)))
        #expect(one.contains(.resolve(id: 7, R.key, cause: .conditionCleared)))
        #expect(one.contains(.markCleared(id: 9, closedKey)))
    }

    /// `for` and `cooldown` past the calendar's end mean never, without a trap.
    @Test func forAndCooldownPastTheCalendar() {
        let huge = CivilDate.wholeDays(1e11)!
        #expect(R.run([R.firing(forDays: huge)], .init(), "2026-03-10")
                == [.startPending(R.key, since: Self.day("2026-03-10")),
                    .wait(R.key, reason: "condition holds since 2026-03-10; task appears on no date before 9999-12-31")])
        var s = Reconciler.State()
        s.closed[R.key] = R.task(.done, closedOn: "2026-03-01")
        #expect(R.run([R.firing(cooldown: huge)], s, "2026-03-10")
                == [.wait(R.key, reason: "task #7 was done on 2026-03-01; quiet until no date before 9999-12-31")])
        var r = Reconciler.State()
        r.recentlyClosed[R.key] = Self.day("2026-03-01")
        #expect(R.run([R.firing(cooldown: huge)], r, "2026-03-10")
                == [.wait(R.key, reason: "the last task was closed on 2026-03-01; cooldown until no date before 9999-12-31")])
    }

    /// Folded `for` and `cooldown` values of any size compile without a trap. (Through a
    /// parameter: a number written in the playbook itself may be a `check` error.)
    @Test func hugeForAndCooldownCompile() {
        // `check` refuses such numbers where they are written (PB313), but a customisation's
        // `set` of a plain number parameter still reaches the engine.
        let p = Self.plan("""
            playbook "p" {
              title "P"
              param factor = 1
              rule "a" { when true for factor * factor * 1 day cooldown factor * 1 day task { title "A" } }
            }
            playbook "q" extends "p" {
              applies when account.phase == 6
              set factor = 10000000000
            }
            """)
        let f = Self.evaluate(p, Self.account(p, sla: 1))
        #expect(f.first?.rule.forDays == 3_652_059)
        #expect(f.first?.rule.cooldownDays == 3_652_059)
        #expect(p.longestCooldown == 3_652_059)
    }
}
