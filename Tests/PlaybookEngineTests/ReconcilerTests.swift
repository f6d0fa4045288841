import Testing
import PlaybookLanguage
@testable import PlaybookEngine

/// The task lifecycle as a pure function, across several injected dates.
@Suite struct ReconcilerTests {
    static let key = TaskKey(rule: "vr/low-health", account: "acme", item: "")
    static func day(_ s: String) -> CivilDate { CivilDate.parse(s)! }
    static func draft(_ owner: String = "ana") -> TaskDraft {
        TaskDraft(rule: key.rule, itemKey: "", title: "Recover", description: nil, owner: owner, ownerIsFallback: false, due: nil,
                  priority: .high, steps: [], tags: [], explanation: "x (1) < y (2)", source: "f:1", phase: 6)
    }
    static func firing(forDays: Int = 0, cooldown: Int? = nil, owner: String? = "ana") -> Reconciler.Firing {
        Reconciler.Firing(key: key, forDays: forDays, cooldownDays: cooldown, owner: owner, draft: { draft(owner ?? "cs-ops") })
    }
    static func run(_ firings: [Reconciler.Firing], _ state: Reconciler.State, _ date: String, rule: RuleState = .automatic) -> [TaskAction] {
        Reconciler.reconcile(firings: firings, state: state, asOf: day(date), fallbackOwner: "cs-ops", ruleState: { _ in rule })
    }
    static func task(_ status: TaskStatus, owner: String = "ana", snoozedUntil: String? = nil, closedOn: String? = nil, cleared: String? = nil) -> ExistingTask {
        ExistingTask(id: 7, key: key, status: status, owner: owner, snoozedUntil: snoozedUntil.map(day), closedOn: closedOn.map(day), conditionClearedOn: cleared.map(day))
    }

    @Test func firingWithNoTaskCreatesOne() {
        #expect(Self.run([Self.firing()], .init(), "2026-11-02") == [.create(Self.key, Self.draft())])
    }

    @Test func firingWithOpenTaskKeepsIt() {
        var s = Reconciler.State()
        s.active[Self.key] = Self.task(.open)
        #expect(Self.run([Self.firing()], s, "2026-11-03") == [.keep(id: 7, Self.key)])
    }

    @Test func clearedConditionResolvesUnlessTheRuleSaysOtherwise() {
        var s = Reconciler.State()
        s.active[Self.key] = Self.task(.open)
        #expect(Self.run([], s, "2026-11-04") == [.resolve(id: 7, Self.key, cause: .conditionCleared)])
        #expect(Self.run([], s, "2026-11-04", rule: .manual) == [.keep(id: 7, Self.key)])
        #expect(Self.run([], s, "2026-11-04", rule: .held) == [.keep(id: 7, Self.key)])
        #expect(Self.run([], s, "2026-11-04", rule: .absent) == [.resolve(id: 7, Self.key, cause: .ruleRemoved)])
        #expect(Self.run([], s, "2026-11-04", rule: .disabled(by: "`smb`")) == [.resolve(id: 7, Self.key, cause: .ruleDisabled(by: "`smb`"))])
        #expect(Self.run([], s, "2026-11-04", rule: .itemRemoved) == [.resolve(id: 7, Self.key, cause: .itemRemoved)])
    }

    /// Only a rule that ran says its condition cleared: a dismissal, a `for` clock on stale data
    /// and a suspended task outlive nights when the rule was absent, switched off or held.
    @Test(arguments: [RuleState.automatic, .manual, .absent, .disabled(by: "`smb`"), .held, .itemRemoved])
    func onlyARuleThatRanClearsWhatItRemembers(rule: RuleState) {
        var s = Reconciler.State()
        s.closed[Self.key] = Self.task(.dismissed, closedOn: "2026-11-01")
        let ran = rule == .automatic || rule == .manual
        #expect(Self.run([], s, "2026-11-04", rule: rule) == (ran ? [.markCleared(id: 7, Self.key)] : []))
        var p = Reconciler.State()
        p.pending[Self.key] = Self.day("2026-11-01")
        #expect(Self.run([], p, "2026-11-04", rule: rule) == (rule == .held ? [] : [.clearPending(Self.key)]))
        var u = Reconciler.State()
        u.suspended[Self.key] = Self.task(.resolved)
        #expect(Self.run([], u, "2026-11-04", rule: rule) == (ran ? [.markCleared(id: 7, Self.key)] : []))
    }

    /// A task resolved because its rule left (or was switched off, or its account left) comes
    /// back as it was when the rule fires for it again: no new number, no `for` wait.
    @Test func suspendedTaskIsRestoredWithItsSnooze() {
        var s = Reconciler.State()
        s.suspended[Self.key] = Self.task(.resolved, snoozedUntil: "2026-11-20")
        #expect(Self.run([Self.firing()], s, "2026-11-04") == [.restore(id: 7, Self.key, to: .snoozed)])
        #expect(Self.run([Self.firing()], s, "2026-11-21") == [.restore(id: 7, Self.key, to: .open)])
        #expect(Self.run([Self.firing(owner: "bo")], s, "2026-11-21")
                == [.restore(id: 7, Self.key, to: .open), .reassign(id: 7, Self.key, from: "ana", to: "bo", isFallback: false)])
        s.pending[Self.key] = Self.day("2026-11-04")
        #expect(Self.run([Self.firing(forDays: 7)], s, "2026-11-04") == [.restore(id: 7, Self.key, to: .snoozed)])
    }

    /// `for 7 days`: the task appears on the run 7 days after the condition first held, and the
    /// clock restarts when the condition is false at a run.
    @Test func forDurationWaitsAndResets() {
        var s = Reconciler.State()
        let first = Self.run([Self.firing(forDays: 7)], s, "2026-11-01")
        #expect(first.first == .startPending(Self.key, since: Self.day("2026-11-01")))
        #expect(!first.contains { if case .create = $0 { true } else { false } })
        s.pending[Self.key] = Self.day("2026-11-01")
        let day5 = Self.run([Self.firing(forDays: 7)], s, "2026-11-05")
        #expect(day5.count == 1)
        if case .wait = day5[0] {} else { Issue.record("expected wait, got \(day5)") }
        #expect(Self.run([Self.firing(forDays: 7)], s, "2026-11-08") == [.create(Self.key, Self.draft())])
        // Condition false on the 6th: pending is cleared, so the 8th starts over.
        #expect(Self.run([], s, "2026-11-06") == [.clearPending(Self.key)])
    }

    @Test func doneTaskStaysQuietWhileTheConditionHolds() {
        var s = Reconciler.State()
        s.closed[Self.key] = Self.task(.done, closedOn: "2026-11-02")
        let actions = Self.run([Self.firing()], s, "2026-11-20")
        #expect(actions.count == 1)
        if case .wait(_, let reason) = actions[0] { #expect(reason.contains("done on 2026-11-02")) } else { Issue.record("\(actions)") }
    }

    @Test func cooldownLetsADismissedTaskComeBack() {
        var s = Reconciler.State()
        s.closed[Self.key] = Self.task(.dismissed, closedOn: "2026-11-02")
        if case .wait = Self.run([Self.firing(cooldown: 30)], s, "2026-11-20")[0] {} else { Issue.record("expected quiet within cooldown") }
        #expect(Self.run([Self.firing(cooldown: 30)], s, "2026-12-02") == [.create(Self.key, Self.draft())])
    }

    @Test func conditionClearingThenReturningIsANewTask() {
        var s = Reconciler.State()
        s.closed[Self.key] = Self.task(.done, closedOn: "2026-11-02")
        #expect(Self.run([], s, "2026-11-10") == [.markCleared(id: 7, Self.key)])
        s.closed[Self.key] = Self.task(.done, closedOn: "2026-11-02", cleared: "2026-11-10")
        #expect(Self.run([Self.firing()], s, "2026-11-12") == [.create(Self.key, Self.draft())])
    }

    @Test func snoozedTaskStaysQuietUntilItsDate() {
        var s = Reconciler.State()
        s.active[Self.key] = Self.task(.snoozed, snoozedUntil: "2026-11-15")
        #expect(Self.run([Self.firing()], s, "2026-11-10") == [.keep(id: 7, Self.key)])
        #expect(Self.run([Self.firing()], s, "2026-11-15") == [.wake(id: 7, Self.key)])
        // A snoozed task whose condition clears is resolved like an open one.
        #expect(Self.run([], s, "2026-11-11") == [.resolve(id: 7, Self.key, cause: .conditionCleared)])
    }

    @Test func tasksFollowANewCSM() {
        var s = Reconciler.State()
        s.active[Self.key] = Self.task(.open, owner: "ana")
        #expect(Self.run([Self.firing(owner: "ben")], s, "2026-11-10") == [
            .keep(id: 7, Self.key), .reassign(id: 7, Self.key, from: "ana", to: "ben", isFallback: false),
        ])
    }

    @Test func noOwnerGoesToTheFallbackAndIsFlagged() {
        let actions = Self.run([Self.firing(owner: nil)], .init(), "2026-11-10")
        guard case .create(_, let d) = actions[0] else { Issue.record("\(actions)"); return }
        #expect(d.owner == "cs-ops")
        var s = Reconciler.State()
        s.active[Self.key] = Self.task(.open, owner: "ana")
        #expect(Self.run([Self.firing(owner: nil)], s, "2026-11-10").last == .reassign(id: 7, Self.key, from: "ana", to: "cs-ops", isFallback: true))
    }

    @Test func runningTwiceOnTheSameDayChangesNothing() {
        var s = Reconciler.State()
        s.active[Self.key] = Self.task(.open)
        let actions = Self.run([Self.firing()], s, "2026-11-10")
        #expect(actions.allSatisfy { !$0.writesTask })
    }
}
