import Foundation
import Testing
import PlaybookEngine
import PlaybookLanguage
import CentralRepository
import Import

/// The nightly-run guards of issue 10 against a real repository: a run dated in the past, an
/// unrelated library run by mistake, a run that would resolve too much, stale data, and a rule
/// switched off by a customisation. Each refused run must leave the task tables as they were.
@Suite struct RunGuardTests {
    static let libraryA = """
        playbook "cs" {
          title "Customer success"
          rule "auto" {
            when account.health.score < 60
            task { title "Recover {account.name}" }
          }
          rule "weak-support" {
            each s in account.stakeholders
            when s.support <= 3
            task { title "Win over {s.name}" }
          }
        }

        """

    /// Another team's library: shares no rule with A.
    static let libraryB = """
        playbook "other" {
          title "Other"
          rule "big" {
            when account.health.score > 95
            task { title "Celebrate {account.name}" }
          }
        }

        """

    static func repository() throws -> (RepositoryDir, Repository) {
        try RunnerTests.repository(health: "acme,2026-03-01,40\nbeta,2026-03-01,40\ngamma,2026-03-01,90\n", more: [("stakeholders.csv", RunnerTests.stakeholders)])
    }

    // MARK: 1. Running back in time

    @Test func aRunDatedBeforeTheLatestRunIsRefusedAndWritesNothing() throws {
        let (dir, repo) = try Self.repository()
        defer { withExtendedLifetime(dir) {} }
        let plan = try RepoTest.plan(Self.libraryA)
        try RepoTest.run(plan, repo, asOf: "2026-03-10", threads: 0)
        try RepoTest.run(plan, repo, asOf: "2026-03-17", threads: 0)
        let before = try RepoTest.dumpAll(repo)
        do {
            try RepoTest.run(plan, repo, asOf: "2026-03-05", threads: 0)
            Issue.record("a back-dated run went through")
        } catch RunRefusal.backDated(let asOf, let latest) {
            #expect(asOf == RepoTest.day("2026-03-05"))
            #expect(latest == RepoTest.day("2026-03-17"))
        }
        #expect(try RepoTest.dumpAll(repo) == before)
        // A plan may look at any date; the same date again is an idempotent re-run.
        try RepoTest.run(plan, repo, asOf: "2026-03-05", threads: 0, dryRun: true)
        try RepoTest.run(plan, repo, asOf: "2026-03-17", threads: 0)
        #expect(try RepoTest.taskState(repo) == before.filter { ["tasks", "task_events", "pending"].contains($0.key) })
    }

    @Test(arguments: [Repository.TaskChange.done, .dismiss, .snooze(until: RepoTest.day("2026-04-01"))])
    func aTaskChangeDatedBeforeTheTaskIsRefused(change: Repository.TaskChange) throws {
        let (dir, repo) = try Self.repository()
        defer { withExtendedLifetime(dir) {} }
        try RepoTest.run(try RepoTest.plan(Self.libraryA), repo, asOf: "2026-03-10", threads: 0)
        let id = try #require(RepoTest.tasks(repo).first?.id)
        let before = try RepoTest.taskState(repo)
        #expect(throws: RepositoryError.self) {
            try repo.change(id, change, by: "ana", on: RepoTest.day("2026-03-09"), at: RepoTest.startedAt, note: nil, wait: 1)
        }
        #expect(try RepoTest.taskState(repo) == before)
        _ = try repo.change(id, change, by: "ana", on: RepoTest.day("2026-03-10"), at: RepoTest.startedAt, note: nil, wait: 1)
    }

    // MARK: 2 and 3. The wrong library, and mass resolution

    @Test(arguments: RunnerTests.threads)
    func theWrongLibraryIsStoppedAndForgetsNoDecision(threads: Int) throws {
        let (dir, repo) = try Self.repository()
        defer { withExtendedLifetime(dir) {} }
        let a = try RepoTest.plan(Self.libraryA), b = try RepoTest.plan(Self.libraryB)
        try RepoTest.run(a, repo, asOf: "2026-03-10", threads: threads)
        let acme = try RunnerTests.only(try RepoTest.tasks(repo, rule: "cs/auto", account: "acme"))
        let beta = try RunnerTests.only(try RepoTest.tasks(repo, rule: "cs/auto", account: "beta"))
        let sam = try RunnerTests.only(try RepoTest.tasks(repo, where: "rule = 'cs/weak-support' AND account_id = 'acme'"))
        _ = try repo.change(acme.id, .dismiss, by: "ana", on: RepoTest.day("2026-03-11"), at: RepoTest.startedAt, note: "handled", wait: 1)
        _ = try repo.change(beta.id, .snooze(until: RepoTest.day("2026-04-30")), by: "ben", on: RepoTest.day("2026-03-11"), at: RepoTest.startedAt, note: nil, wait: 1)

        // Library B by mistake: stopped, nothing written, and it says why.
        let before = try RepoTest.dumpAll(repo)
        do {
            try RepoTest.run(b, repo, asOf: "2026-03-12", threads: threads)
            Issue.record("the wrong library's run went through")
        } catch RunRefusal.massResolve(let m) {
            #expect(m.missingRules == ["cs/auto": 1, "cs/weak-support": 2])
            #expect(m.lines.contains { $0.contains("cs/weak-support: 2 open tasks") })
        }
        #expect(try RepoTest.dumpAll(repo) == before)
        // A plan says a run would stop, and writes nothing either.
        let planned = try RepoTest.run(b, repo, asOf: "2026-03-12", threads: threads, dryRun: true)
        #expect(planned.resolutions.trips)
        #expect(try RepoTest.dumpAll(repo) == before)

        // Allowed through (a deliberate change): A's tasks are suspended as "rule removed"…
        try RepoTest.run(b, repo, asOf: "2026-03-12", threads: threads, guards: RepoTest.allowMass)
        for t in try RepoTest.tasks(repo, where: "rule LIKE 'cs/%' AND status = 'resolved'") {
            #expect(t.resolvedReason == "rule removed: the rule is no longer in the playbooks")
        }
        // …and A again: the dismissal holds, the snoozed and the open task come back as they were.
        try RepoTest.run(a, repo, asOf: "2026-03-13", threads: threads)
        #expect(try RepoTest.tasks(repo, rule: "cs/auto", account: "acme").map(\.status) == ["dismissed"])
        let betaAgain = try RunnerTests.only(try RepoTest.tasks(repo, rule: "cs/auto", account: "beta"))
        #expect(betaAgain.id == beta.id && betaAgain.status == "snoozed" && betaAgain.snoozedUntil == "2026-04-30")
        let samAgain = try RunnerTests.only(try RepoTest.tasks(repo, where: "rule = 'cs/weak-support' AND account_id = 'acme'"))
        #expect(samAgain.id == sam.id && samAgain.status == "open" && samAgain.resolvedReason == nil)
        #expect(try RepoTest.events(repo, task: beta.id).contains("2026-03-13 playbook run restored: its rule fires for it again"))
        #expect(try RepoTest.scalar(repo, "SELECT count(*) FROM tasks WHERE status IN ('open', 'snoozed')") == 3)
    }

    /// 60 accounts whose health recovers at once: more than 20% and at least 50 of the open tasks.
    @Test(arguments: [(60, true), (49, false)])
    func aRunThatWouldResolveTooMuchStops(recovering: Int, stops: Bool) throws {
        let dir = try RepositoryDir()
        let repo = try dir.open()
        let ids = (1...100).map { String(format: "a%03d", $0) }
        try RepoTest.importFiles(repo, [("accounts.csv", "id,name,phase\n" + ids.map { "\($0),\($0),6\n" }.joined()),
                                        ("health.csv", "account_id,date,score\n" + ids.map { "\($0),2026-03-01,40\n" }.joined())])
        let plan = try RepoTest.plan(Self.libraryA)
        try RepoTest.run(plan, repo, asOf: "2026-03-02", threads: 2)
        try RepoTest.importFiles(repo, [("health.csv", "account_id,date,score\n" + ids.prefix(recovering).map { "\($0),2026-03-03,90\n" }.joined())])
        let before = try RepoTest.taskState(repo)
        if stops {
            #expect(throws: RunRefusal.self) { try RepoTest.run(plan, repo, asOf: "2026-03-03", threads: 2) }
            #expect(try RepoTest.taskState(repo) == before)
            let r = try RepoTest.run(plan, repo, asOf: "2026-03-03", threads: 2, guards: RepoTest.allowMass)
            #expect(r.counts.resolved == recovering)
        } else {
            let r = try RepoTest.run(plan, repo, asOf: "2026-03-03", threads: 2)
            #expect(r.counts.resolved == recovering)
            #expect(!r.resolutions.trips)
        }
        withExtendedLifetime(dir) {}
    }

    // MARK: 4. Stale data

    @Test func staleDataWarnsAndResolvesNothingUnlessAllowed() throws {
        let dir = try RepositoryDir()
        let repo = try dir.open()
        let stamp = ImportStamp(on: RepoTest.day("2026-03-01"), at: "2026-03-01T01:00:00Z")
        let files = [("accounts.csv", RunnerTests.accounts), ("health.csv", "account_id,date,score\nacme,2026-03-01,40\n"),
                     ("stakeholders.csv", RunnerTests.stakeholders)]
        guard case .success(let v) = ImportValidator.validate(files: files.map { ($0.0, Array($0.1.utf8)) }, existing: try repo.existingKeys()) else {
            Issue.record("import refused"); return
        }
        _ = try repo.write(v, wait: 1, stamp: stamp)
        #expect(try repo.importRecords()["health"]?.on == stamp.on)
        let plan = try RepoTest.plan(Self.libraryA)
        let fresh = try RepoTest.run(plan, repo, asOf: "2026-03-03", threads: 0)
        #expect(fresh.stale.isEmpty)
        // Health recovers in the data, but the data is five days old by the next run.
        try repo.connection.execute("UPDATE health SET score = 90; UPDATE stakeholders SET support = 9")
        let held = try RepoTest.run(plan, repo, asOf: "2026-03-06", threads: 0)
        #expect(held.stale.map(\.entity) == ["accounts", "health", "stakeholders"])
        #expect(held.stale.first?.ageDays == 5)
        #expect(held.counts.resolved == 0)
        #expect(try RepoTest.scalar(repo, "SELECT count(*) FROM tasks WHERE status = 'open'") == 3)
        var allow = RunGuards()
        allow.allowStaleData = true
        let resolved = try RepoTest.run(plan, repo, asOf: "2026-03-06", threads: 0, guards: allow)
        #expect(resolved.counts.resolved == 3)
        withExtendedLifetime(dir) {}
    }

    // MARK: 5. A rule switched off by a customisation

    @Test(arguments: RunnerTests.threads)
    func aDisabledRuleSaysSoAndComesBackWhenSwitchedOnAgain(threads: Int) throws {
        let (dir, repo) = try Self.repository()
        defer { withExtendedLifetime(dir) {} }
        try RepoTest.run(try RepoTest.plan(Self.libraryA), repo, asOf: "2026-03-10", threads: threads)
        let beta = try RunnerTests.only(try RepoTest.tasks(repo, rule: "cs/auto", account: "beta"))
        var set = SourceSet()
        set.add(SourceFile(path: "base.playbook", text: Self.libraryA))
        set.add(SourceFile(path: "smb.playbook", text: """
            playbook "smb" extends "cs" {
              applies when account.segment == "smb"
              disable rule "auto"
            }

            """))
        let ws = Workspace.check(set)
        try #require(!ws.hasErrors, "\(ws.diagnostics.sorted.map(\.text))")
        try RepoTest.run(EvaluationPlan(workspace: ws), repo, asOf: "2026-03-11", threads: threads)
        let off = try RunnerTests.only(try RepoTest.tasks(repo, rule: "cs/auto", account: "beta"))
        #expect(off.status == "resolved")
        #expect(off.resolvedReason == "rule disabled for this account by `smb` (smb.playbook:3)")
        // acme is enterprise: its task stays.
        #expect(try RepoTest.tasks(repo, rule: "cs/auto", account: "acme").map(\.status) == ["open"])
        try RepoTest.run(try RepoTest.plan(Self.libraryA), repo, asOf: "2026-03-12", threads: threads)
        let on = try RunnerTests.only(try RepoTest.tasks(repo, rule: "cs/auto", account: "beta"))
        #expect(on.id == beta.id && on.status == "open")
    }
}
