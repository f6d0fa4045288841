import Foundation
import Testing
import PlaybookEngine
import PlaybookLanguage
import CentralRepository

/// The task lifecycle against a real repository file: import inline CSV, compile inline
/// playbooks, run as of injected dates, and look at the rows the runs left behind.
/// Every lifecycle test runs with the accounts loaded on the calling thread and on two
/// loader threads, with batches of two accounts so batch boundaries are crossed.
@Suite struct RunnerTests {
    static let threads = [0, 2]

    static let accounts = """
        id,name,csm,account_manager,segment,phase
        acme,Acme Corp,Ana Ruiz,Max Weber,enterprise,6
        beta,Beta Ltd,Ben Ng,,smb,6
        gamma,Gamma Inc,Cleo Park,Max Weber,smb,6
        delta,Delta AG,,,smb,6
        epsilon,Epsilon SA,Eva Lind,Max Weber,mid-market,6

        """

    /// The template every field of a created task is checked against.
    static let lowHealth = """
        playbook "cs" {
          title "Customer success"
          phase 6
          rule "low-health" {
            when account.health.score < 60
            task {
              title "Recover health for {account.name}"
              description "The latest health score is {account.health.score}."
              owner account.csm
              due in 3 days
              priority high
              steps ["Call {account.csm}", "Agree a recovery plan with {account.name}"]
              tags ["health", "risk"]
            }
          }
        }

        """

    /// The same condition under each lifecycle setting.
    static let lifecycle = """
        playbook "cs" {
          title "Customer success"
          rule "auto" {
            when account.health.score < 60
            task { title "Recover {account.name}" }
          }
          rule "manual" {
            when account.health.score < 60
            resolve manually
            task { title "Plan corrective action for {account.name}" }
          }
          rule "sustained" {
            when account.health.score < 60
            for 7 days
            task { title "Health has stayed low at {account.name}" }
          }
          rule "cooled" {
            when account.health.score < 60
            cooldown 10 days
            task { title "Check in on {account.name}" }
          }
          rule "weak-support" {
            each s in account.stakeholders
            when s.support <= 3
            task { title "Win over {s.name}" priority low }
          }
        }

        """

    static let stakeholders = """
        account_id,id,name,support
        acme,s1,Sam Stone,2
        acme,s2,Tia Tran,8
        beta,s1,Uma Ulm,1

        """

    /// A repository holding the five accounts and the given health snapshots.
    static func repository(health: String, more: [(String, String)] = []) throws -> (RepositoryDir, Repository) {
        let dir = try RepositoryDir()
        let repo = try dir.open()
        try RepoTest.importFiles(repo, [("accounts.csv", accounts), ("health.csv", "account_id,date,score\n" + health)] + more)
        return (dir, repo)
    }

    static func only(_ rows: [TaskRow], sourceLocation: SourceLocation = #_sourceLocation) throws -> TaskRow {
        try #require(rows.count == 1, "expected exactly one task, found \(rows)", sourceLocation: sourceLocation)
        return rows[0]
    }

    // MARK: (1) a firing creates exactly one task from the template

    @Test(arguments: threads)
    func firingCreatesExactlyOneTaskFromTheTemplate(threads: Int) throws {
        let (dir, repo) = try Self.repository(health: "acme,2026-11-01,40\nbeta,2026-11-01,90\n")
        defer { withExtendedLifetime(dir) {} }
        let plan = try RepoTest.plan(Self.lowHealth)
        let result = try RepoTest.run(plan, repo, asOf: "2026-11-02", threads: threads)
        #expect(result.counts.accounts == 5)
        #expect(result.counts.created == 1)
        let runId = try #require(result.runId)
        let t = try Self.only(try RepoTest.tasks(repo))
        #expect(t.rule == "cs/low-health")
        #expect(t.account == "acme")
        #expect(t.item == "")
        #expect(t.status == "open")
        #expect(t.title == "Recover health for Acme Corp")
        #expect(t.taskDescription == "The latest health score is 40.")
        #expect(t.owner == "Ana Ruiz")
        #expect(t.ownerIsFallback == 0)
        #expect(t.due == "2026-11-05")
        #expect(t.priority == "high")
        #expect(t.steps == #"["Call Ana Ruiz","Agree a recovery plan with Acme Corp"]"#)
        #expect(t.tags == #"["health","risk"]"#)
        #expect(t.phase == 6)
        #expect(t.createdOn == "2026-11-02")
        #expect(t.createdRun == runId)
        #expect(t.ruleSource.hasPrefix("cs.playbook:"))
        #expect(t.explanation.contains("40"), "the explanation shows the value that made the condition true: \(t.explanation)")
        #expect(t.resolvedOn == nil && t.closedOn == nil && t.snoozedUntil == nil && t.conditionClearedOn == nil)
        // Through the repository's own reading API too.
        let stored = try repo.task(t.id)
        #expect(stored.steps == ["Call Ana Ruiz", "Agree a recovery plan with Acme Corp"])
        #expect(stored.due == RepoTest.day("2026-11-05"))
        #expect(stored.priority == .high)
        #expect(stored.accountName == "Acme Corp")
    }

    // MARK: (2) running again on the same data writes no task rows

    @Test(arguments: threads)
    func runningAgainOnUnchangedDataWritesNoTaskRows(threads: Int) throws {
        let (dir, repo) = try Self.repository(health: "acme,2026-11-01,40\nbeta,2026-11-01,50\ngamma,2026-11-01,90\n",
                                              more: [("stakeholders.csv", Self.stakeholders)])
        defer { withExtendedLifetime(dir) {} }
        let plan = try RepoTest.plan(Self.lifecycle)
        let first = try RepoTest.run(plan, repo, asOf: "2026-11-02", threads: threads)
        // acme and beta: auto, manual, cooled; weak support: acme/s1 and beta/s1. sustained waits.
        #expect(first.counts.created == 8)
        #expect(first.counts.waiting == 2)

        func assertNoTaskWrites(asOf: String, expectedKept: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let before = try RepoTest.taskState(repo)
            let runsBefore = try RepoTest.scalar(repo, "SELECT count(*) FROM runs")
            let changesBefore = try RepoTest.totalChanges(repo)
            let r = try RepoTest.run(plan, repo, asOf: asOf, threads: threads)
            #expect(r.counts.created == 0, sourceLocation: sourceLocation)
            #expect(r.counts.resolved == 0, sourceLocation: sourceLocation)
            #expect(r.counts.reassigned == 0, sourceLocation: sourceLocation)
            #expect(r.counts.woken == 0, sourceLocation: sourceLocation)
            #expect(r.counts.kept == expectedKept, sourceLocation: sourceLocation)
            #expect(try RepoTest.taskState(repo) == before, "tasks, task_events and pending are unchanged", sourceLocation: sourceLocation)
            #expect(try RepoTest.scalar(repo, "SELECT count(*) FROM runs") == runsBefore + 1, sourceLocation: sourceLocation)
            // The run record is inserted and then given its counts: two rows changed, nothing else.
            #expect(try RepoTest.totalChanges(repo) - changesBefore == 2, sourceLocation: sourceLocation)
        }
        try assertNoTaskWrites(asOf: "2026-11-02", expectedKept: 8)
        try assertNoTaskWrites(asOf: "2026-11-02", expectedKept: 8)
        // A later date with unchanged data is just as quiet until `for 7 days` is reached.
        try assertNoTaskWrites(asOf: "2026-11-05", expectedKept: 8)
        let day9 = try RepoTest.run(plan, repo, asOf: "2026-11-09", threads: threads)
        #expect(day9.counts.created == 2, "sustained, for acme and beta")
        try assertNoTaskWrites(asOf: "2026-11-09", expectedKept: 10)
        try assertNoTaskWrites(asOf: "2026-11-10", expectedKept: 10)
    }

    // MARK: (3) a condition that no longer holds resolves the task, unless resolved manually

    @Test(arguments: threads)
    func clearedConditionResolvesAutomaticTasksButNotManualOnes(threads: Int) throws {
        let (dir, repo) = try Self.repository(health: "acme,2026-11-01,40\n")
        defer { withExtendedLifetime(dir) {} }
        let plan = try RepoTest.plan(Self.lifecycle)
        #expect(try RepoTest.run(plan, repo, asOf: "2026-11-02", threads: threads).counts.created == 3)
        #expect(try RepoTest.run(plan, repo, asOf: "2026-11-03", threads: threads).counts.resolved == 0)
        // The data changes: a new snapshot with a healthy score.
        try RepoTest.importFiles(repo, [("health.csv", "account_id,date,score\nacme,2026-11-04,80\n")])
        let r = try RepoTest.run(plan, repo, asOf: "2026-11-04", threads: threads)
        #expect(r.counts.resolved == 2, "auto and cooled")
        #expect(r.counts.created == 0)

        let auto = try Self.only(try RepoTest.tasks(repo, rule: "cs/auto", account: "acme"))
        #expect(auto.status == "resolved")
        #expect(auto.resolvedOn == "2026-11-04")
        #expect(auto.resolvedReason == "the condition no longer holds")
        #expect(try RepoTest.events(repo, task: auto.id) == ["2026-11-04 playbook run resolved: the condition no longer holds"])

        let manual = try Self.only(try RepoTest.tasks(repo, rule: "cs/manual", account: "acme"))
        #expect(manual.status == "open", "a `resolve manually` task stays open until a CSM closes it")
        #expect(manual.resolvedOn == nil)

        // And stays so on later runs; the resolved task stays resolved.
        _ = try RepoTest.run(plan, repo, asOf: "2026-11-20", threads: threads)
        #expect(try RepoTest.tasks(repo, rule: "cs/manual", account: "acme").map(\.status) == ["open"])
        #expect(try RepoTest.tasks(repo, rule: "cs/auto", account: "acme").map(\.status) == ["resolved"])
    }

    // MARK: (4) `for 7 days`

    @Test(arguments: threads)
    func forSevenDaysWaitsAndAFalseDayResetsTheClock(threads: Int) throws {
        // acme is low throughout; beta recovers on the 3rd and drops again on the 4th.
        let (dir, repo) = try Self.repository(health: """
            acme,2026-11-01,40
            beta,2026-11-01,40
            beta,2026-11-03,80
            beta,2026-11-04,40

            """)
        defer { withExtendedLifetime(dir) {} }
        let plan = try RepoTest.plan("""
            playbook "cs" {
              title "Customer success"
              rule "sustained" {
                when account.health.score < 60
                for 7 days
                task { title "Health has stayed low at {account.name}" }
              }
            }

            """)
        func sustained(_ account: String) throws -> [TaskRow] { try RepoTest.tasks(repo, rule: "cs/sustained", account: account) }
        func pending() throws -> [String] { try RepoTest.dump(repo.connection, table: "pending") }

        let day1 = try RepoTest.run(plan, repo, asOf: "2026-11-01", threads: threads)
        #expect(day1.counts.created == 0)
        #expect(day1.counts.waiting == 2)
        #expect(try pending() == ["'cs/sustained'|'acme'|''|'2026-11-01'", "'cs/sustained'|'beta'|''|'2026-11-01'"])

        // beta is healthy on the 3rd: its clock is reset.
        let day3 = try RepoTest.run(plan, repo, asOf: "2026-11-03", threads: threads)
        #expect(day3.counts.created == 0)
        #expect(try pending() == ["'cs/sustained'|'acme'|''|'2026-11-01'"])

        let day5 = try RepoTest.run(plan, repo, asOf: "2026-11-05", threads: threads)
        #expect(day5.counts.created == 0)
        #expect(try sustained("acme").isEmpty)
        #expect(try pending() == ["'cs/sustained'|'acme'|''|'2026-11-01'", "'cs/sustained'|'beta'|''|'2026-11-05'"])

        let day8 = try RepoTest.run(plan, repo, asOf: "2026-11-08", threads: threads)
        #expect(day8.counts.created == 1)
        let t = try Self.only(try sustained("acme"))
        #expect(t.createdOn == "2026-11-08")
        #expect(try sustained("beta").isEmpty, "beta's clock restarted on the 5th")

        let day11 = try RepoTest.run(plan, repo, asOf: "2026-11-11", threads: threads)
        #expect(day11.counts.created == 0)
        #expect(try sustained("beta").isEmpty)

        let day12 = try RepoTest.run(plan, repo, asOf: "2026-11-12", threads: threads)
        #expect(day12.counts.created == 1)
        #expect(try Self.only(try sustained("beta")).createdOn == "2026-11-12")
        #expect(try sustained("acme").count == 1, "still the one task of the 8th")
    }

    // MARK: (5) done, cooldown, snooze, and a condition that returns

    static let auto = """
        playbook "cs" {
          title "Customer success"
          rule "auto" {
            when account.health.score < 60
            task { title "Recover {account.name}" }
          }
          rule "cooled" {
            when account.health.score < 60
            cooldown 10 days
            task { title "Check in on {account.name}" }
          }
          rule "manual" {
            when account.health.score < 60
            resolve manually
            task { title "Plan corrective action for {account.name}" }
          }
        }

        """

    static func change(_ repo: Repository, _ id: Int64, _ c: Repository.TaskChange, on: String) throws {
        _ = try repo.change(id, c, by: "Ana Ruiz", on: RepoTest.day(on), at: "2026-11-03T09:00:00Z", note: nil, wait: 5)
    }

    @Test(arguments: threads)
    func doneTaskDoesNotComeBackWhileTheConditionHolds(threads: Int) throws {
        let (dir, repo) = try Self.repository(health: "acme,2026-11-01,40\n")
        defer { withExtendedLifetime(dir) {} }
        let plan = try RepoTest.plan(Self.auto)
        _ = try RepoTest.run(plan, repo, asOf: "2026-11-02", threads: threads)
        let t = try Self.only(try RepoTest.tasks(repo, rule: "cs/auto", account: "acme"))
        try Self.change(repo, t.id, .done, on: "2026-11-03")
        for date in ["2026-11-03", "2026-11-04", "2026-11-20", "2027-03-01"] {
            let r = try RepoTest.run(plan, repo, asOf: date, threads: threads)
            let rows = try RepoTest.tasks(repo, rule: "cs/auto", account: "acme")
            #expect(rows.count == 1, "no new task on \(date): \(rows)")
            #expect(rows.first?.status == "done")
            #expect(rows.first?.closedOn == "2026-11-03")
            #expect(rows.first?.conditionClearedOn == nil)
            #expect(r.counts.waiting >= 1, "held back, not forgotten")
        }
    }

    @Test(arguments: threads)
    func doneTaskComesBackAfterItsCooldown(threads: Int) throws {
        let (dir, repo) = try Self.repository(health: "acme,2026-11-01,40\n")
        defer { withExtendedLifetime(dir) {} }
        let plan = try RepoTest.plan(Self.auto)
        _ = try RepoTest.run(plan, repo, asOf: "2026-11-02", threads: threads)
        let first = try Self.only(try RepoTest.tasks(repo, rule: "cs/cooled", account: "acme"))
        try Self.change(repo, first.id, .done, on: "2026-11-03")
        for date in ["2026-11-04", "2026-11-12"] {
            _ = try RepoTest.run(plan, repo, asOf: date, threads: threads)
            #expect(try RepoTest.tasks(repo, rule: "cs/cooled", account: "acme").count == 1, "quiet within the cooldown on \(date)")
        }
        let back = try RepoTest.run(plan, repo, asOf: "2026-11-13", threads: threads)
        #expect(back.counts.created == 1)
        let rows = try RepoTest.tasks(repo, rule: "cs/cooled", account: "acme")
        try #require(rows.count == 2)
        #expect(rows[0].id == first.id && rows[0].status == "done")
        #expect(rows[1].id != first.id)
        #expect(rows[1].status == "open")
        #expect(rows[1].createdOn == "2026-11-13")
        // The rule without a cooldown stays quiet (its task was never closed: still the one open task).
        #expect(try RepoTest.tasks(repo, rule: "cs/auto", account: "acme").count == 1)
        // Next day: nothing more.
        #expect(try RepoTest.run(plan, repo, asOf: "2026-11-14", threads: threads).counts.created == 0)
    }

    @Test(arguments: threads)
    func snoozedTaskStaysQuietUntilItsDateThenIsOpenAgain(threads: Int) throws {
        let (dir, repo) = try Self.repository(health: "acme,2026-11-01,40\n")
        defer { withExtendedLifetime(dir) {} }
        let plan = try RepoTest.plan(Self.auto)
        _ = try RepoTest.run(plan, repo, asOf: "2026-11-02", threads: threads)
        let t = try Self.only(try RepoTest.tasks(repo, rule: "cs/auto", account: "acme"))
        try Self.change(repo, t.id, .snooze(until: RepoTest.day("2026-11-10")), on: "2026-11-03")
        for date in ["2026-11-03", "2026-11-05", "2026-11-09"] {
            let r = try RepoTest.run(plan, repo, asOf: date, threads: threads)
            #expect(r.counts.woken == 0)
            #expect(r.counts.created == 0)
            let row = try Self.only(try RepoTest.tasks(repo, rule: "cs/auto", account: "acme"))
            #expect(row.status == "snoozed", "quiet on \(date)")
            #expect(row.snoozedUntil == "2026-11-10")
        }
        let wake = try RepoTest.run(plan, repo, asOf: "2026-11-10", threads: threads)
        #expect(wake.counts.woken == 1)
        #expect(wake.counts.created == 0)
        let row = try Self.only(try RepoTest.tasks(repo, rule: "cs/auto", account: "acme"))
        #expect(row.id == t.id)
        #expect(row.status == "open")
        #expect(row.snoozedUntil == nil)
        #expect(try RepoTest.events(repo, task: t.id) == ["2026-11-03 Ana Ruiz snoozed: until 2026-11-10", "2026-11-10 playbook run woken: snooze ended"])
        #expect(try RepoTest.run(plan, repo, asOf: "2026-11-11", threads: threads).counts.woken == 0)
    }

    /// `resolve manually` keeps the task open when the condition clears; a snooze on it must
    /// still end on its date.
    @Test(arguments: threads)
    func snoozedManualTaskIsOpenAgainAfterItsDateEvenWhenTheConditionCleared(threads: Int) throws {
        let (dir, repo) = try Self.repository(health: "acme,2026-11-01,40\n")
        defer { withExtendedLifetime(dir) {} }
        let plan = try RepoTest.plan(Self.auto)
        _ = try RepoTest.run(plan, repo, asOf: "2026-11-02", threads: threads)
        let t = try Self.only(try RepoTest.tasks(repo, rule: "cs/manual", account: "acme"))
        try Self.change(repo, t.id, .snooze(until: RepoTest.day("2026-11-10")), on: "2026-11-03")
        try RepoTest.importFiles(repo, [("health.csv", "account_id,date,score\nacme,2026-11-05,80\n")])
        _ = try RepoTest.run(plan, repo, asOf: "2026-11-05", threads: threads)
        #expect(try Self.only(try RepoTest.tasks(repo, rule: "cs/manual", account: "acme")).status == "snoozed")
        _ = try RepoTest.run(plan, repo, asOf: "2026-11-10", threads: threads)
        _ = try RepoTest.run(plan, repo, asOf: "2026-11-20", threads: threads)
        let row = try Self.only(try RepoTest.tasks(repo, rule: "cs/manual", account: "acme"))
        #expect(row.status == "open", "the snooze ended on 2026-11-10, but the task is still \(row.status) on 2026-11-20")
    }

    @Test(arguments: threads)
    func conditionThatClearsAndReturnsCreatesANewTask(threads: Int) throws {
        let (dir, repo) = try Self.repository(health: "acme,2026-11-01,40\n")
        defer { withExtendedLifetime(dir) {} }
        let plan = try RepoTest.plan(Self.auto)
        _ = try RepoTest.run(plan, repo, asOf: "2026-11-02", threads: threads)
        let old = try Self.only(try RepoTest.tasks(repo, rule: "cs/auto", account: "acme"))
        try Self.change(repo, old.id, .done, on: "2026-11-03")

        try RepoTest.importFiles(repo, [("health.csv", "account_id,date,score\nacme,2026-11-05,80\n")])
        let cleared = try RepoTest.run(plan, repo, asOf: "2026-11-05", threads: threads)
        #expect(cleared.counts.created == 0)
        let afterClear = try Self.only(try RepoTest.tasks(repo, rule: "cs/auto", account: "acme"))
        #expect(afterClear.status == "done")
        #expect(afterClear.conditionClearedOn == "2026-11-05")

        try RepoTest.importFiles(repo, [("health.csv", "account_id,date,score\nacme,2026-11-07,35\n")])
        let back = try RepoTest.run(plan, repo, asOf: "2026-11-07", threads: threads)
        let rows = try RepoTest.tasks(repo, rule: "cs/auto", account: "acme")
        try #require(rows.count == 2, "\(rows)")
        #expect(rows[0].id == old.id)
        #expect(rows[0].status == "done")
        #expect(rows[1].id != old.id)
        #expect(rows[1].status == "open")
        #expect(rows[1].createdOn == "2026-11-07")
        #expect(back.counts.created >= 1)
        // The manual task was never closed: still the one task, open.
        #expect(try RepoTest.tasks(repo, rule: "cs/manual", account: "acme").map(\.status) == ["open"])
    }

    /// docs/language.md, `cooldown`: "after a task from this rule was closed, the rule does not
    /// create a new task for the same account [...] until 30 days have passed. Use it for rules
    /// whose condition may come back quickly." A condition that flaps must not make a new task
    /// every time it returns within the cooldown.
    @Test(arguments: threads)
    func cooldownHoldsBackAConditionThatComesBackQuickly(threads: Int) throws {
        let (dir, repo) = try Self.repository(health: """
            acme,2026-11-01,40
            acme,2026-11-04,80
            acme,2026-11-06,40
            beta,2026-11-01,40
            beta,2026-11-05,80
            beta,2026-11-07,40

            """)
        defer { withExtendedLifetime(dir) {} }
        let plan = try RepoTest.plan(Self.auto)
        _ = try RepoTest.run(plan, repo, asOf: "2026-11-02", threads: threads)
        // beta's task is marked done; acme's is resolved by the run when its condition clears.
        let betaFirst = try Self.only(try RepoTest.tasks(repo, rule: "cs/cooled", account: "beta"))
        try Self.change(repo, betaFirst.id, .done, on: "2026-11-03")
        for date in ["2026-11-04", "2026-11-05", "2026-11-06", "2026-11-07", "2026-11-10"] {
            _ = try RepoTest.run(plan, repo, asOf: date, threads: threads)
        }
        #expect(try RepoTest.tasks(repo, rule: "cs/cooled", account: "acme").map(\.status) == ["resolved"],
                "acme's task was closed on 2026-11-04: no new one before 2026-11-14")
        #expect(try RepoTest.tasks(repo, rule: "cs/cooled", account: "beta").map(\.status) == ["done"],
                "beta's task was closed on 2026-11-03: no new one before 2026-11-13")
        // The rule without a cooldown does come back at once.
        #expect(try RepoTest.tasks(repo, rule: "cs/auto", account: "acme").map(\.status) == ["resolved", "open"])
        _ = try RepoTest.run(plan, repo, asOf: "2026-11-14", threads: threads)
        #expect(try RepoTest.tasks(repo, rule: "cs/cooled", account: "acme").map(\.status) == ["resolved", "open"])
        #expect(try RepoTest.tasks(repo, rule: "cs/cooled", account: "beta").map(\.status) == ["done", "open"])
    }

    // MARK: (6) a new CSM takes over the open tasks

    @Test(arguments: threads)
    func openTasksFollowANewCSM(threads: Int) throws {
        let (dir, repo) = try Self.repository(health: "acme,2026-11-01,40\nbeta,2026-11-01,40\n")
        defer { withExtendedLifetime(dir) {} }
        let plan = try RepoTest.plan(Self.auto)
        _ = try RepoTest.run(plan, repo, asOf: "2026-11-02", threads: threads)
        let manual = try Self.only(try RepoTest.tasks(repo, rule: "cs/manual", account: "acme"))
        try Self.change(repo, manual.id, .snooze(until: RepoTest.day("2026-12-01")), on: "2026-11-03")
        #expect(try RepoTest.tasks(repo, where: "account_id = 'acme'").allSatisfy { $0.owner == "Ana Ruiz" })

        // acme changes hands: the whole accounts file again, one CSM changed.
        try RepoTest.importFiles(repo, [("accounts.csv", Self.accounts.replacingOccurrences(of: "Acme Corp,Ana Ruiz", with: "Acme Corp,Zoe Zhang"))])
        let r = try RepoTest.run(plan, repo, asOf: "2026-11-04", threads: threads)
        #expect(r.counts.reassigned == 3)
        #expect(r.counts.created == 0)
        let acme = try RepoTest.tasks(repo, where: "account_id = 'acme'")
        #expect(acme.count == 3)
        for t in acme {
            #expect(t.owner == "Zoe Zhang", "\(t)")
            #expect(t.ownerIsFallback == 0)
            #expect(try RepoTest.events(repo, task: t.id).last == "2026-11-04 playbook run reassigned: Ana Ruiz → Zoe Zhang")
        }
        #expect(try Self.only(try RepoTest.tasks(repo, rule: "cs/manual", account: "acme")).status == "snoozed", "moved, still snoozed")
        #expect(try RepoTest.tasks(repo, where: "account_id = 'beta'").allSatisfy { $0.owner == "Ben Ng" })
        // Once moved, nothing more to do.
        #expect(try RepoTest.run(plan, repo, asOf: "2026-11-05", threads: threads).counts.reassigned == 0)
    }

    // MARK: (7) no owner: the fallback owner, flagged

    @Test(arguments: threads)
    func ownerExpressionYieldingNothingUsesTheFallbackOwner(threads: Int) throws {
        // beta has no account manager; delta has no CSM either.
        let (dir, repo) = try Self.repository(health: "acme,2026-11-01,40\nbeta,2026-11-01,40\ndelta,2026-11-01,40\n")
        defer { withExtendedLifetime(dir) {} }
        let plan = try RepoTest.plan("""
            playbook "cs" {
              title "Customer success"
              rule "escalate" {
                when account.health.score < 60
                task { title "Escalate {account.name}" owner account.account_manager }
              }
              rule "default-owner" {
                when account.health.score < 60
                task { title "Recover {account.name}" }
              }
            }

            """)
        _ = try RepoTest.run(plan, repo, asOf: "2026-11-02", threads: threads)
        let escalations = try RepoTest.tasks(repo, rule: "cs/escalate", account: "beta")
        let beta = try Self.only(escalations)
        #expect(beta.owner == "cs-ops")
        #expect(beta.ownerIsFallback == 1)
        let acme = try Self.only(try RepoTest.tasks(repo, rule: "cs/escalate", account: "acme"))
        #expect(acme.owner == "Max Weber")
        #expect(acme.ownerIsFallback == 0)
        // No `owner` setting means account.csm; delta has none.
        let delta = try Self.only(try RepoTest.tasks(repo, rule: "cs/default-owner", account: "delta"))
        #expect(delta.owner == "cs-ops")
        #expect(delta.ownerIsFallback == 1)
        #expect(try Self.only(try RepoTest.tasks(repo, rule: "cs/default-owner", account: "beta")).owner == "Ben Ng")

        // A second run leaves the fallback tasks alone.
        #expect(try RepoTest.run(plan, repo, asOf: "2026-11-03", threads: threads).counts.reassigned == 0)

        // beta gets an account manager: the task moves to them and is no longer flagged.
        try RepoTest.importFiles(repo, [("accounts.csv", Self.accounts.replacingOccurrences(of: "Beta Ltd,Ben Ng,,", with: "Beta Ltd,Ben Ng,Kim Lee,"))])
        let r = try RepoTest.run(plan, repo, asOf: "2026-11-04", threads: threads)
        #expect(r.counts.reassigned == 1)
        let moved = try Self.only(try RepoTest.tasks(repo, rule: "cs/escalate", account: "beta"))
        #expect(moved.id == beta.id)
        #expect(moved.owner == "Kim Lee")
        #expect(moved.ownerIsFallback == 0)
    }

    // MARK: Time-stamped data after the as-of date

    @Test(arguments: threads)
    func dataDatedAfterTheAsOfDateIsInvisible(threads: Int) throws {
        let (dir, repo) = try Self.repository(health: "acme,2026-11-01,80\nacme,2026-11-10,30\n", more: [
            ("meetings.csv", "account_id,kind,date\nacme,business_review,2026-11-08\n"),
            ("kpis.csv", "account_id,id,name,target\nacme,k1,Resolution rate,100\n"),
            ("measurements.csv", "account_id,kpi_id,date,value\nacme,k1,2026-11-01,120\nacme,k1,2026-11-09,50\n"),
            ("proposals.csv", "account_id,status,drafted,sent,signed\nacme,signed,2026-10-01,2026-10-20,2026-11-07\n"),
        ])
        defer { withExtendedLifetime(dir) {} }
        let plan = try RepoTest.plan("""
            playbook "cs" {
              title "Customer success"
              applies when account.id == "acme"
              rule "low-health" {
                when account.health.score < 60
                task { title "Recover {account.name}" }
              }
              rule "no-review" {
                when not any(m in account.meetings: m.kind == "business_review")
                task { title "Hold a business review with {account.name}" }
              }
              rule "kpi-behind" {
                each k in account.kpis
                when k.current < k.target
                task { title "{k.name} is behind at {account.name}" }
              }
              rule "unsigned" {
                when account.proposal.status == "sent" and account.proposal.signed is missing
                task { title "Chase the proposal signature at {account.name}" }
              }
            }

            """)
        // On the 5th: the snapshot of the 10th, the meeting of the 8th, the measurement of the 9th
        // and the signature of the 7th have not happened yet.
        _ = try RepoTest.run(plan, repo, asOf: "2026-11-05", threads: threads)
        func open() throws -> [String] { try RepoTest.tasks(repo, where: "status = 'open'").map { $0.rule + ($0.item.isEmpty ? "" : "[\($0.item)]") } }
        #expect(try open() == ["cs/no-review", "cs/unsigned"])

        _ = try RepoTest.run(plan, repo, asOf: "2026-11-09", threads: threads)
        #expect(try open() == ["cs/kpi-behind[k1]"], "review held and proposal signed by the 9th; the measurement of the 9th counts")

        _ = try RepoTest.run(plan, repo, asOf: "2026-11-10", threads: threads)
        #expect(try open() == ["cs/kpi-behind[k1]", "cs/low-health"])
    }

    // MARK: The database's own guarantee

    @Test func uniqueIndexForbidsTwoOpenTasksForOneRuleAccountAndItem() throws {
        let (dir, repo) = try Self.repository(health: "acme,2026-11-01,40\n", more: [("stakeholders.csv", Self.stakeholders)])
        defer { withExtendedLifetime(dir) {} }
        let plan = try RepoTest.plan(Self.lifecycle)
        let run = try #require(try RepoTest.run(plan, repo, asOf: "2026-11-02", threads: 0).runId)
        func insert(rule: String, account: String, item: String, status: String) throws {
            try repo.connection.execute("""
                INSERT INTO tasks (rule, account_id, item_key, status, title, owner, priority, explanation, rule_source, created_on, created_run)
                VALUES ('\(rule)', '\(account)', '\(item)', '\(status)', 't', 'o', 'normal', 'e', 's', '2026-11-02', \(run))
                """)
        }
        for status in ["open", "snoozed"] {
            #expect(throws: SQLiteError.self) { try insert(rule: "cs/auto", account: "acme", item: "", status: status) }
            #expect(throws: SQLiteError.self) { try insert(rule: "cs/weak-support", account: "acme", item: "s1", status: status) }
            do {
                try insert(rule: "cs/auto", account: "acme", item: "", status: status)
                Issue.record("a second \(status) task was accepted")
            } catch let e as SQLiteError {
                guard case .constraint(let m) = e else { Issue.record("expected a constraint error, got \(e)"); continue }
                #expect(m.contains("UNIQUE"), "\(m)")
            }
        }
        // History is not constrained: closed tasks for the same key, and another item, are fine.
        try insert(rule: "cs/auto", account: "acme", item: "", status: "done")
        try insert(rule: "cs/auto", account: "acme", item: "", status: "resolved")
        try insert(rule: "cs/weak-support", account: "acme", item: "s2", status: "open")
        #expect(try RepoTest.scalar(repo, """
            SELECT count(*) FROM (SELECT 1 FROM tasks WHERE status IN ('open', 'snoozed') GROUP BY rule, account_id, item_key HAVING count(*) > 1)
            """) == 0)
    }

    // MARK: plan writes nothing

    @Test(arguments: threads)
    func planWritesNothingAndPredictsTheRun(threads: Int) throws {
        let (dir, repo) = try Self.repository(health: "acme,2026-11-01,40\nbeta,2026-11-01,40\n",
                                              more: [("stakeholders.csv", Self.stakeholders)])
        defer { withExtendedLifetime(dir) {} }
        let plan = try RepoTest.plan(Self.lifecycle)
        // Some history first, so the plan has every kind of action to report.
        _ = try RepoTest.run(plan, repo, asOf: "2026-11-02", threads: threads)
        let acmeAuto = try Self.only(try RepoTest.tasks(repo, rule: "cs/auto", account: "acme"))
        try Self.change(repo, acmeAuto.id, .snooze(until: RepoTest.day("2026-11-06")), on: "2026-11-03")
        try RepoTest.importFiles(repo, [
            ("health.csv", "account_id,date,score\nbeta,2026-11-05,90\ngamma,2026-11-05,20\n"),
            ("accounts.csv", Self.accounts.replacingOccurrences(of: "Acme Corp,Ana Ruiz", with: "Acme Corp,Zoe Zhang")),
        ])

        let before = try RepoTest.dumpAll(repo)
        let counts = try RepoTest.counts(repo)
        let changes = try RepoTest.totalChanges(repo)
        var planned: [TaskAction] = []
        let dry = try RepoTest.run(plan, repo, asOf: "2026-11-09", threads: threads, dryRun: true) { planned.append($0) }
        #expect(dry.runId == nil)
        #expect(try RepoTest.totalChanges(repo) == changes, "a plan changes no row")
        #expect(try RepoTest.counts(repo) == counts)
        #expect(try RepoTest.dumpAll(repo) == before)
        #expect(dry.counts.created > 0 && dry.counts.resolved > 0 && dry.counts.reassigned > 0 && dry.counts.woken > 0,
                "the plan has something of each kind to say: \(dry.counts)")

        // A second connection sees the same: nothing was left uncommitted either.
        let other = try Repository(path: dir.path, create: false, waitSeconds: 1)
        #expect(try RepoTest.dumpAll(other) == before)

        var done: [TaskAction] = []
        let wet = try RepoTest.run(plan, repo, asOf: "2026-11-09", threads: threads) { done.append($0) }
        #expect(wet.counts == dry.counts)
        #expect(done == planned, "the run does what the plan said")
    }

    /// Runner: "A plan reads a consistent snapshot". An import committed while a plan is going
    /// (a plan holds no lock against writers) must not show up half-way through it.
    @Test(arguments: threads)
    func planReadsOneSnapshotWhileAnImportCommits(threads: Int) throws {
        let dir = try RepositoryDir()
        defer { withExtendedLifetime(dir) {} }
        let repo = try dir.open()
        let ids = (1...8).map { "a\($0)" }
        try RepoTest.importFiles(repo, [
            ("accounts.csv", "id,name,csm,phase\n" + ids.map { "\($0),Account \($0),Ana Ruiz,6\n" }.joined()),
            ("health.csv", "account_id,date,score\n" + ids.map { "\($0),2026-11-01,40\n" }.joined()),
        ])
        let writer = try Repository(path: dir.path, create: false, waitSeconds: 5)
        let plan = try RepoTest.plan(Self.lowHealth)
        var created: [String] = []
        var imported = false
        _ = try RepoTest.run(plan, repo, asOf: "2026-11-02", threads: threads, dryRun: true, batchSize: 1) { action in
            if case .create(let k, _) = action { created.append(k.account) }
            guard !imported else { return }
            imported = true
            // While the plan is on the first account, a8 recovers and the import commits.
            try? RepoTest.importFiles(writer, [("health.csv", "account_id,date,score\na8,2026-11-02,90\n")])
        }
        #expect(imported)
        #expect(try RepoTest.scalar(writer, "SELECT count(*) FROM health WHERE account_id = 'a8'") == 2, "the import did commit")
        #expect(created == ids, "the plan saw the repository as it was when it started")
    }

    // MARK: The run record

    @Test(arguments: threads)
    func runRecordHoldsAsOfDigestAndCounts(threads: Int) throws {
        let (dir, repo) = try Self.repository(health: "acme,2026-11-01,40\nbeta,2026-11-01,40\n")
        defer { withExtendedLifetime(dir) {} }
        let plan = try RepoTest.plan(Self.auto)
        let first = try RepoTest.run(plan, repo, asOf: "2026-11-02", threads: threads)
        try RepoTest.importFiles(repo, [("health.csv", "account_id,date,score\nbeta,2026-11-03,95\n")])
        let second = try RepoTest.run(plan, repo, asOf: "2026-11-03", threads: threads)

        #expect(plan.digest.count == 16 && plan.digest.allSatisfy(\.isHexDigit))
        let runs = try repo.runs()
        try #require(runs.count == 2)
        #expect(runs.map(\.id) == [second.runId, first.runId].compactMap { $0 })
        let r1 = runs[1], r2 = runs[0]
        #expect(r1.asOf == "2026-11-02")
        #expect(r1.startedAt == RepoTest.startedAt)
        #expect(r1.digest == plan.digest)
        #expect(r1.counts.accounts == 5)
        #expect(r1.counts.created == 6)
        #expect(r1.counts.kept == 0)
        #expect(r1.counts.resolved == 0)
        #expect(r1.counts == first.counts.withoutWaiting)
        #expect(r2.asOf == "2026-11-03")
        #expect(r2.counts.created == 0)
        #expect(r2.counts.resolved == 2, "beta's auto and cooled")
        #expect(r2.counts.kept == 4, "acme's three and beta's manual")
        #expect(r2.counts == second.counts.withoutWaiting)
        // Every task points at the run that created it.
        #expect(try RepoTest.scalar(repo, "SELECT count(*) FROM tasks WHERE created_run = \(r1.id)") == 6)

        // Other playbook text, another digest.
        let other = try RepoTest.plan(Self.auto.replacingOccurrences(of: "cooldown 10 days", with: "cooldown 11 days"))
        #expect(other.digest != plan.digest)
    }

    // MARK: Loader threads do not change the outcome

    @Test func resultsAreIdenticalWhateverTheLoaderThreadsAndBatchSize() throws {
        let health = """
            acme,2026-11-01,40
            beta,2026-11-01,40
            beta,2026-11-04,80
            gamma,2026-11-03,20
            delta,2026-11-01,10
            epsilon,2026-11-01,90
            epsilon,2026-11-06,30

            """
        let plan = try RepoTest.plan(Self.lifecycle)
        var outcomes: [(threads: Int, batch: Int, state: [String: [String]], actions: [String])] = []
        for (threads, batch) in [(0, 1_000), (2, 1_000), (0, 1), (2, 1), (0, 2), (2, 2), (0, 3), (1, 3)] {
            let (dir, repo) = try Self.repository(health: health, more: [("stakeholders.csv", Self.stakeholders)])
            var actions: [String] = []
            for date in ["2026-11-01", "2026-11-02", "2026-11-04", "2026-11-06", "2026-11-09", "2026-11-13"] {
                if date == "2026-11-06" {
                    try RepoTest.importFiles(repo, [("accounts.csv", Self.accounts.replacingOccurrences(of: "Gamma Inc,Cleo Park", with: "Gamma Inc,Zoe Zhang"))])
                }
                let r = try RepoTest.run(plan, repo, asOf: date, threads: threads, batchSize: batch) { actions.append("\($0)") }
                #expect(r.counts.accounts == 5)
            }
            var state = try RepoTest.taskState(repo)
            state["runs"] = try RepoTest.dump(repo.connection, table: "runs")
            outcomes.append((threads, batch, state, actions))
            defer { withExtendedLifetime(dir) {} }
        }
        let reference = outcomes[0]
        #expect((reference.state["tasks"] ?? []).count > 10)
        for o in outcomes.dropFirst() {
            #expect(o.state == reference.state, "threads \(o.threads), batches of \(o.batch) left other rows than one thread")
            #expect(o.actions.sorted() == reference.actions.sorted(), "threads \(o.threads), batches of \(o.batch) did other things")
            // With the same batches, the threads change nothing at all, not even the order of the report.
            let sameBatches = try #require(outcomes.first { $0.threads == 0 && $0.batch == o.batch })
            #expect(o.actions == sameBatches.actions, "threads \(o.threads) reported in another order than 0 threads, batches of \(o.batch)")
        }
    }

    /// `Runner.run` documents `onAction` as called "in account order"; `plan` prints in that order.
    @Test func actionsAreReportedInAccountOrder() throws {
        let (dir, repo) = try Self.repository(health: "acme,2026-11-01,40\nbeta,2026-11-01,40\ngamma,2026-11-01,40\n")
        defer { withExtendedLifetime(dir) {} }
        let plan = try RepoTest.plan(Self.auto)
        _ = try RepoTest.run(plan, repo, asOf: "2026-11-02", threads: 0, batchSize: 1_000)
        // beta recovers; acme and gamma stay low; delta drops.
        try RepoTest.importFiles(repo, [("health.csv", "account_id,date,score\nbeta,2026-11-03,90\ndelta,2026-11-03,10\n")])
        var accounts: [String] = []
        _ = try RepoTest.run(plan, repo, asOf: "2026-11-03", threads: 0, dryRun: true, batchSize: 1_000) { accounts.append($0.key.account) }
        #expect(accounts.contains("beta") && accounts.contains("delta"))
        #expect(accounts == accounts.sorted(), "reported accounts: \(accounts)")
    }

    // MARK: Tasks whose rule or account is gone

    @Test(arguments: threads)
    func tasksOfARemovedRuleOrAccountAreResolved(threads: Int) throws {
        let (dir, repo) = try Self.repository(health: "acme,2026-11-01,40\nbeta,2026-11-01,40\n")
        defer { withExtendedLifetime(dir) {} }
        let plan = try RepoTest.plan(Self.auto)
        _ = try RepoTest.run(plan, repo, asOf: "2026-11-02", threads: threads)
        // The manual rule leaves the playbooks; beta leaves the repository.
        let withoutManual = try RepoTest.plan("""
            playbook "cs" {
              title "Customer success"
              rule "auto" {
                when account.health.score < 60
                task { title "Recover {account.name}" }
              }
              rule "cooled" {
                when account.health.score < 60
                cooldown 10 days
                task { title "Check in on {account.name}" }
              }
            }

            """)
        try repo.connection.execute("DELETE FROM accounts WHERE id = 'beta'")
        // Playbooks that lack a rule owning open tasks stop the run, which writes nothing…
        let before = try RepoTest.taskState(repo)
        #expect(throws: RunRefusal.self) { try RepoTest.run(withoutManual, repo, asOf: "2026-11-03", threads: threads) }
        #expect(try RepoTest.taskState(repo) == before)
        // …unless the change is deliberate.
        let r = try RepoTest.run(withoutManual, repo, asOf: "2026-11-03", threads: threads, guards: RepoTest.allowMass)
        #expect(r.counts.accounts == 4)
        let acmeManual = try Self.only(try RepoTest.tasks(repo, rule: "cs/manual", account: "acme"))
        #expect(acmeManual.status == "resolved")
        #expect(acmeManual.resolvedReason == "rule removed: the rule is no longer in the playbooks")
        let beta = try RepoTest.tasks(repo, where: "account_id = 'beta'")
        #expect(beta.count == 3)
        for t in beta {
            #expect(t.status == "resolved")
            #expect(t.resolvedOn == "2026-11-03")
            #expect(t.resolvedReason == "the account is no longer in the repository")
        }
        #expect(try RepoTest.tasks(repo, where: "account_id = 'acme' AND status = 'open'").map(\.rule) == ["cs/auto", "cs/cooled"])
    }
}

extension Repository.RunCounts {
    /// The counts a run record keeps (it does not store the number held back).
    var withoutWaiting: Repository.RunCounts {
        var c = self
        c.waiting = 0
        return c
    }
}
