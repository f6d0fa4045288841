import Foundation
import Testing

/// One bad cell must not stop every night (issue 10, item 8): a number from the data that
/// takes a date past 9999-12-31 trapped the run (SIGILL, exit 132). Now it is a warning naming
/// the account and rule, counted in the summary; the rest of the run goes on and exits 0.
@Suite struct OutOfRangeCLITests {
    static let accounts = """
        id,name,csm,phase,renewal_date,sla_days,gap
        A-17,Acme,Ana,6,2026-05-01,10000000000,5000000000
        B-2,Beta,Ben,6,2026-05-01,10,3

        """

    static let playbook = """
        field account.sla_days: number
        field account.gap: number
        playbook "value-realization" {
          title "Value realization"
          rule "low-health" {
            when account.phase == 6
            task { title "Renewal for {account.name}" due on account.renewal_date + account.sla_days * 1 day }
          }
          rule "gap" {
            when add_business_days(today(), account.gap) > today()
            task { title "Gap at {account.name}" }
          }
        }

        """

    static func setUp() throws -> (TempDir, repo: String, playbooks: String) {
        let dir = try TempDir()
        let data = try dir.write("data/accounts.csv", accounts)
        let playbooks = try dir.write("pb/v.playbook", playbook).deletingLastPathComponent().path
        let repo = dir.url.appendingPathComponent("r.db").path
        let i = try Playbook.run(["import", "--repository", repo, "--playbooks", playbooks, data.path])
        try #require(i.status == 0, "\(i.stderr)")
        return (dir, repo, playbooks)
    }

    @Test func runWarnsPerAccountAndRuleAndGoesOn() throws {
        let (dir, repo, playbooks) = try Self.setUp()
        defer { withExtendedLifetime(dir) {} }
        let r = try Playbook.run(["run", "--repository", repo, "--as-of", "2026-03-10", playbooks])
        #expect(r.status == 0, "\(r.stderr)")
        let warnings = r.stderr.split(separator: "\n").filter { $0.hasPrefix("warning: ") }
        #expect(warnings == [
            "warning: account A-17, rule value-realization/gap: date out of range (add_business_days(2026-03-10, 5000000000))",
            "warning: account A-17, rule value-realization/low-health: date out of range (account.renewal_date + 10000000000 days); the task was created without it",
        ])
        #expect(r.stderr.contains("3 created, 0 kept, 0 resolved, 0 reassigned, 0 woken, 0 waiting; 2 evaluation problems (see the warnings)"), "\(r.stderr)")

        // The other account is untouched by A-17's cells, and no date out of range was stored.
        let tasks = try Playbook.run(["tasks", "--repository", repo, "--format", "json"])
        #expect(tasks.status == 0)
        #expect(tasks.stdout.contains("Gap at Beta"))
        #expect(!tasks.stdout.contains("Gap at Acme"))
        #expect(tasks.stdout.contains("\"due\":\"2026-05-11\""), "\(tasks.stdout)")
        if SQLite3.available {
            #expect(try SQLite3.query(repo, "SELECT coalesce(due, 'none') FROM tasks WHERE account_id = 'A-17'") == "none")
            #expect(try SQLite3.int(repo, "SELECT count(*) FROM tasks WHERE due IS NOT NULL AND due NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'") == 0)
        }

        // The next night: still warned, still going; the task already there is kept.
        let again = try Playbook.run(["run", "--repository", repo, "--as-of", "2026-03-11", playbooks])
        #expect(again.status == 0)
        #expect(again.stderr.contains("warning: account A-17, rule value-realization/gap: date out of range"))
        #expect(again.stderr.contains("0 created, 3 kept, 0 resolved"), "\(again.stderr)")

        // A bad cell arrives for an account with a task: whether the condition still holds is
        // unknown, so the task stays open rather than being resolved.
        let bad = try dir.write("data2/accounts.csv", Self.accounts.replacingOccurrences(of: "B-2,Beta,Ben,6,2026-05-01,10,3", with: "B-2,Beta,Ben,6,2026-05-01,10,5e9"))
        try #require(try Playbook.run(["import", "--repository", repo, "--playbooks", playbooks, bad.path]).status == 0)
        let third = try Playbook.run(["run", "--repository", repo, "--as-of", "2026-03-12", playbooks])
        #expect(third.status == 0)
        #expect(third.stderr.contains("warning: account B-2, rule value-realization/gap: date out of range (add_business_days(2026-03-12, 5000000000))"))
        #expect(third.stderr.contains("0 created, 3 kept, 0 resolved"), "\(third.stderr)")
    }

    @Test func planWarnsTooAndListsProblemsInJSON() throws {
        let (dir, repo, playbooks) = try Self.setUp()
        defer { withExtendedLifetime(dir) {} }
        let text = try Playbook.run(["plan", "--repository", repo, "--as-of", "2026-03-10", playbooks])
        #expect(text.status == 0)
        #expect(text.stderr.contains("warning: account A-17, rule value-realization/gap: date out of range (add_business_days(2026-03-10, 5000000000))"))
        #expect(text.stderr.contains("2 evaluation problems"))
        let json = try Playbook.run(["plan", "--repository", repo, "--as-of", "2026-03-10", "--format", "json", playbooks])
        #expect(json.status == 0)
        #expect(json.stdout.contains("\"problems\":2}"))
        #expect(json.stdout.contains(#"{"account":"A-17","rule":"value-realization/gap","item":"","message":"date out of range (add_business_days(2026-03-10, 5000000000))"}"#))
    }
}
