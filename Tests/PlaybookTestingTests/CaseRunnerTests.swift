import Testing
import PlaybookLanguage
@testable import PlaybookTesting

/// Cases run end to end against inline playbooks: what passes, and what a failure prints.
@Suite struct CaseRunnerTests {
    static let playbook = """
        playbook "cs" {
          title "Customer success"
          param floor = 60
          rule "low-health" {
            when account.health.score < floor
            for 2 days
            task {
              title "Recover {account.name}"
              owner account.csm
              due in 3 days
              priority high
            }
          }
        }

        """

    static let accounts = """
        data accounts
          id,name,csm,phase
          acme,Acme Corp,Ana Ruiz,6
          beta,Beta Ltd,Ben Ng,6


        """

    @Test func passingCase() throws {
        let dir = try TestDirectory(["cs.playbook": Self.playbook, "cs.test": Self.accounts + """
            case "low health after two days, quiet once done"
              data health
                account_id,date,score
                acme,2026-03-01,40
                beta,2026-03-01,60
              on 2026-03-01
                expect no task cs/low-health acme
              on 2026-03-03
                expect task cs/low-health acme
                  title "Recover Acme Corp" owner "Ana Ruiz" due 2026-03-06 priority high
                expect no task cs/low-health beta
                done cs/low-health acme
                expect task cs/low-health acme status done
              on 2026-03-04
                expect no task cs/low-health

            case "a floor of 70 catches 60"
              set cs.floor = 70
              data health
                account_id,date,score
                beta,2026-03-01,60
              on 2026-03-01
              on 2026-03-03
                expect task cs/low-health beta owner "Ben Ng"
              data health
                account_id,date,score
                beta,2026-03-04,75
              on 2026-03-04
                expect resolved cs/low-health beta

            """])
        let result = dir.run()
        #expect(dir.relative(TestReport.text(result)) == """
            ok    cs.test:6  low health after two days, quiet once done
            ok    cs.test:22  a floor of 70 catches 60
            2 passed, 0 failed

            """)
        #expect(TestReport.problems(result) == "")
        #expect(result.succeeded)
    }

    @Test func failingCaseDiff() throws {
        let dir = try TestDirectory(["cs.playbook": Self.playbook, "cs.test": Self.accounts + """
            case "held back by for"
              data health
                account_id,date,score
                acme,2026-03-01,40
              on 2026-03-01
                expect task cs/low-health acme

            case "wrong owner, an unexpected task, nothing resolved"
              data health
                account_id,date,score
                acme,2026-03-01,40
                beta,2026-03-01,45
              on 2026-03-01
              on 2026-03-03
                expect task cs/low-health acme owner "Max Weber"
                expect no task cs/low-health beta
                expect resolved cs/low-health acme
                done cs/low-health acme
              on 2026-03-04
                expect no task cs/low-health

            """])
        let result = dir.run()
        #expect(dir.relative(TestReport.text(result)) == """
            FAIL  cs.test:6  held back by for
                  cs.test:11:5: after the run on 2026-03-01
                  - task cs/low-health acme
                  + no open task: held back, condition holds since 2026-03-01; task appears on 2026-03-03
            FAIL  cs.test:13  wrong owner, an unexpected task, nothing resolved
                  cs.test:20:5: after the run on 2026-03-03
                  - task cs/low-health acme owner "Max Weber"
                  + task cs/low-health acme owner "Ana Ruiz"  (#1 "Recover Acme Corp")
                  cs.test:21:5: after the run on 2026-03-03
                  - no task cs/low-health beta
                  + task cs/low-health beta #2 "Recover Beta Ltd" owner "Ben Ng" due 2026-03-06 priority high
                      because: account.health.score (45) < floor (60)
                  cs.test:22:5: after the run on 2026-03-03
                  - resolved cs/low-health acme
                  + no task was resolved on 2026-03-03; the latest, task cs/low-health acme #1, is open
            0 passed, 2 failed

            """)
        #expect(!result.succeeded)
    }

    @Test func problemsInTheFileStopTheCaseWithAPosition() throws {
        let dir = try TestDirectory(["cs.playbook": Self.playbook, "cs.test": Self.accounts + """
            case "typos"
              data health
                account_id,date,score
                acme,2026-03-01,400
              on 2026-03-01

            case "rules are checked before anything runs"
              on 2026-03-01
                expect no task cs/low-helth acme
                done cs/low-health-x acme

            case "accounts are checked against the data imported so far"
              on 2026-03-01
                expect no task cs/low-health acm

            case "overrides"
              set cs.flor = 70
              on 2026-03-01

            """])
        let result = dir.run()
        #expect(dir.relative(TestReport.text(result)) == """
            FAIL  cs.test:6  typos
                  cs.test:9:21: error: data: `score` must be from 0 to 100, not 400 [PT202]
                      acme,2026-03-01,400
                                      ^
            FAIL  cs.test:12  rules are checked before anything runs
                  cs.test:14:20: error: no rule `cs/low-helth` in the playbooks under test [PT203]
                      expect no task cs/low-helth acme
                                     ^~~~~~~~~~~~
                  help: did you mean `cs/low-health`?
                  cs.test:15:10: error: no rule `cs/low-health-x` in the playbooks under test [PT203]
                      done cs/low-health-x acme
                           ^~~~~~~~~~~~~~~
                  help: did you mean `cs/low-health`?
            FAIL  cs.test:17  accounts are checked against the data imported so far
                  cs.test:19:34: error: no account `acm` in this case's data [PT204]
                      expect no task cs/low-health acm
                                                   ^~~
                  help: did you mean `acme`?
            FAIL  cs.test:21  overrides
                  cs.test:22:10: error: playbook `cs` has no parameter `flor` [PT205]
                    set cs.flor = 70
                           ^~~~
                  help: did you mean `floor`?
            0 passed, 4 failed

            """)
    }

    @Test func playbooksWithErrorsRunNoCase() throws {
        let dir = try TestDirectory(["cs.playbook": "playbook \"cs\" {\n  rule \"r\" { when nope task { title \"t\" } }\n}\n",
                                     "cs.test": "case \"c\"\n  on 2026-03-01\n"])
        let result = dir.run()
        #expect(dir.relative(TestReport.text(result)) == "FAIL  cs.test:1  c\n      not run: the playbooks it tests have errors\n0 passed, 1 failed\n")
        #expect(dir.relative(TestReport.problems(result)).contains("cs.test:1:1: error: the playbooks under test have 2 errors; no case of this file ran [PT208]"))
        #expect(dir.relative(TestReport.problems(result)).contains("cs.playbook:2:19: error: unknown name `nope` [PB201]"))
    }

    @Test func jsonHoldsEveryCaseAndFailure() throws {
        let dir = try TestDirectory(["cs.playbook": Self.playbook, "cs.test": Self.accounts + """
            case "c"
              on 2026-03-01
                expect task cs/low-health acme

            """])
        let json = dir.relative(TestReport.json(dir.run()))
        #expect(json.hasPrefix("{\"passed\":0,\"failed\":1,\n\"cases\":[\n{\"name\":\"c\",\"file\":\"cs.test\",\"line\":6,\"column\":1,\"passed\":false"))
        #expect(json.contains("\"expected\":\"task cs/low-health acme\",\"actual\":\"no task\",\"explanation\":null"))
    }
}

extension CaseRunnerTests {
    @Test func importFilesAreReadRelativeToTheTestFile() throws {
        let dir = try TestDirectory([
            "cs.playbook": Self.playbook,
            "fixtures/accounts.csv": "id,name,csm,phase\nacme,Acme Corp,Ana Ruiz,6\n",
            "fixtures/health.json": #"[{"account_id": "acme", "date": "2026-03-01", "score": 40}]"#,
            "cs.test": """
                import "fixtures"

                case "from files"
                  on 2026-03-01
                  on 2026-03-03
                    expect task cs/low-health acme

                case "a bad file is reported on the import line"
                  import "fixtures/health.json"
                  import "missing.csv"
                  on 2026-03-01

                """,
        ])
        let result = dir.run()
        let text = dir.relative(TestReport.text(result))
        #expect(text.hasPrefix("ok    cs.test:3  from files\nFAIL  cs.test:8  a bad file is reported on the import line\n"))
        #expect(text.contains("cs.test:10:3: error: data: missing.csv: no such file or directory [PT202]"))
    }
}
