import Foundation
import Testing

/// The run guards as cron meets them: exit statuses and messages of the built `playbook`
/// (docs/cron.md, "What can go wrong at night").
@Suite struct RunGuardCLITests {
    static let accounts = "id,name,csm,phase\nacme,Acme,Ana Ruiz,6\nbeta,Beta,Ben Ng,6\n"
    static let health = "account_id,date,score\nacme,2026-03-01,40\nbeta,2026-03-01,40\n"
    static let a = """
        playbook "cs" {
          title "Customer success"
          rule "low" {
            when account.health.score < 60
            task { title "Recover {account.name}" }
          }
        }

        """
    static let b = """
        playbook "other" {
          title "Other"
          rule "high" {
            when account.health.score > 95
            task { title "Celebrate {account.name}" }
          }
        }

        """

    /// A repository with two low-health accounts, imported as of 2026-03-09, and both libraries.
    static func setUp() throws -> (TempDir, String) {
        let dir = try TempDir()
        try dir.write("data/accounts.csv", accounts)
        try dir.write("data/health.csv", health)
        try dir.write("a/cs.playbook", a)
        try dir.write("b/other.playbook", b)
        let repo = dir.url.appendingPathComponent("repo.sqlite").path
        let imported = try Playbook.run(["import", "--repository", repo, "--as-of", "2026-03-09", dir.url.appendingPathComponent("data").path])
        try #require(imported.status == 0, "\(imported.stderr)")
        return (dir, repo)
    }

    static func path(_ dir: TempDir, _ name: String) -> String { dir.url.appendingPathComponent(name).path }

    @Test func aBackDatedRunExitsOneNamingTheLatestRun() throws {
        let (dir, repo) = try Self.setUp()
        #expect(try Playbook.run(["run", "--repository", repo, "--as-of", "2026-03-10", Self.path(dir, "a")]).status == 0)
        #expect(try Playbook.run(["run", "--repository", repo, "--as-of", "2026-03-11", Self.path(dir, "a")]).status == 0)
        let before = try SQLite3.dump(repo)
        let back = try Playbook.run(["run", "--repository", repo, "--as-of", "2026-03-05", Self.path(dir, "a")])
        #expect(back.status == 1)
        #expect(back.stderr.contains("before the latest run, as of 2026-03-11"), "\(back.stderr)")
        #expect(try SQLite3.dump(repo) == before)
        #expect(try Playbook.run(["plan", "--repository", repo, "--as-of", "2026-03-05", Self.path(dir, "a")]).status == 0)
        let early = try Playbook.run(["task", "done", "1", "--repository", repo, "--as-of", "2026-03-09"])
        #expect(early.status == 1)
        #expect(early.stderr.contains("task #1 was created on 2026-03-10"), "\(early.stderr)")
        #expect(try SQLite3.dump(repo) == before)
    }

    @Test func theWrongLibraryExitsFiveUnlessAllowed() throws {
        let (dir, repo) = try Self.setUp()
        #expect(try Playbook.run(["run", "--repository", repo, "--as-of", "2026-03-10", Self.path(dir, "a")]).status == 0)
        let before = try SQLite3.dump(repo)
        let wrong = try Playbook.run(["run", "--repository", repo, "--as-of", "2026-03-11", Self.path(dir, "b")])
        #expect(wrong.status == 5)
        #expect(wrong.stderr.contains("cs/low: 2 open tasks"), "\(wrong.stderr)")
        #expect(wrong.stderr.contains("--allow-mass-resolve"), "\(wrong.stderr)")
        #expect(try SQLite3.dump(repo) == before)
        let plan = try Playbook.run(["plan", "--repository", repo, "--as-of", "2026-03-11", Self.path(dir, "b")])
        #expect(plan.status == 0)
        #expect(plan.stderr.contains("`playbook run` would stop here (exit 5)"), "\(plan.stderr)")
        // The environment variable lets a deliberate change through, as the flag does.
        let allowed = try Playbook.run(["run", "--repository", repo, "--as-of", "2026-03-11", Self.path(dir, "b")],
                                       environment: ["PLAYBOOK_ALLOW_MASS_RESOLVE": "1"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(allowed.stderr.contains("2 resolved"), "\(allowed.stderr)")
        // Library A again: the same two tasks, restored.
        let back = try Playbook.run(["run", "--repository", repo, "--as-of", "2026-03-12", Self.path(dir, "a")])
        #expect(back.stderr.contains("0 created, 0 kept, 0 resolved, 2 restored"), "\(back.stderr)")
    }

    @Test func staleDataIsSaidOutLoudAndStatusShowsIt() throws {
        let (dir, repo) = try Self.setUp()
        #expect(try Playbook.run(["run", "--repository", repo, "--as-of", "2026-03-10", Self.path(dir, "a")]).status == 0)
        let late = try Playbook.run(["run", "--repository", repo, "--as-of", "2026-03-20", Self.path(dir, "a")])
        #expect(late.status == 0)
        #expect(late.stderr.contains("warning: data older than --max-data-age (2 days)"), "\(late.stderr)")
        #expect(late.stderr.contains("health: last imported 2026-03-09, 11 days before the run's date"), "\(late.stderr)")
        let relaxed = try Playbook.run(["plan", "--repository", repo, "--as-of", "2026-03-20", "--max-data-age", "30", Self.path(dir, "a")])
        #expect(!relaxed.stderr.contains("warning"), "\(relaxed.stderr)")
        let bad = try Playbook.run(["plan", "--repository", repo, "--max-data-age", "soon", Self.path(dir, "a")])
        #expect(bad.status == 2)

        let status = try Playbook.run(["status", "--repository", repo])
        #expect(status.status == 0)
        #expect(status.stdout.contains("health               2  2026-03-09 (2 rows in the files"), "\(status.stdout)")
        #expect(status.stdout.contains("impacted_groups      0  never"), "\(status.stdout)")
        #expect(status.stdout.contains("last run   #2 as of 2026-03-20"), "\(status.stdout)")
        #expect(status.stdout.contains("tasks      2 open, 0 snoozed, 0 done, 0 dismissed, 0 resolved"), "\(status.stdout)")
        let json = try Playbook.run(["status", "--repository", repo, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["tasks"] as? [String: Int])?["open"] == 2)
        #expect(try Playbook.run(["status", "--repository", Self.path(dir, "missing.sqlite")]).status == 4)
    }

    /// A customisation whose `applies when` matches no account did nothing; said on every plan
    /// and run, and in JSON, so a segment spelt "Mid Market" in the playbook and "mid-market"
    /// in the data is not a silent no-op. One that matches, even outside its base's scope, is not.
    @Test func aCustomisationThatMatchesNoAccountIsSaid() throws {
        let (dir, repo) = try Self.setUp()
        try dir.write("a/team.playbook", """
            playbook "typo" extends "cs" {
              applies when account.csm == "Ana Ruis"
            }

            playbook "fine" extends "cs" {
              applies when account.csm == "Ana Ruiz"
            }

            """)
        let a = Self.path(dir, "a")
        let plan = try Playbook.run(["plan", "--repository", repo, "--as-of", "2026-03-09", a])
        #expect(plan.status == 0, "\(plan.stderr)")
        let warnings = plan.stderr.split(separator: "\n").filter { $0.contains("matched no account") }
        #expect(warnings.count == 1)
        #expect(warnings.first?.hasPrefix("warning: customisation `typo` of `cs` (") == true)
        #expect(warnings.first?.contains("team.playbook:1:1)") == true)
        let json = try Playbook.run(["plan", "--format", "json", "--repository", repo, "--as-of", "2026-03-09", a])
        #expect(json.stdout.contains(#""idleCustomisations":[{"playbook":"typo","extends":"cs","at":"#))
        let run = try Playbook.run(["run", "--repository", repo, "--as-of", "2026-03-09", a])
        #expect(run.status == 0)
        #expect(run.stderr.contains("customisation `typo` of `cs`"))
    }
}
