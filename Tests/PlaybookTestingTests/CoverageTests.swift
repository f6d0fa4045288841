import Testing
import PlaybookLanguage
@testable import PlaybookTesting

/// Coverage: which places a condition has, the probe conditions written for them, and the
/// report of what a suite left unexercised.
@Suite struct CoverageTests {
    static func sites(_ when: String, each: String? = nil) throws -> [[String]] {
        var set = SourceSet()
        set.add(SourceFile(path: "p.playbook", text: """
            playbook "p" {
              title "P"
              rule "r" {
                \(each.map { "each \($0)" } ?? "")
                when \(when)
                task { title "t" }
              }
            }
            """))
        let ws = Workspace.check(set)
        try #require(!ws.hasErrors, "\(ws.diagnostics.sorted.map(\.text))")
        let rule = try #require(ws.library.playbook("p")?.rules.first?.when)
        var walker = SiteWalker(sources: ws.sources)
        walker.root(rule.value)
        return walker.sites.map { [$0.text, $0.whenTrue, $0.whenFalse] }
    }

    @Test func operandsAreReachedOnlyPastTheOperandsBeforeThem() throws {
        let sites = try Self.sites(#"account.phase >= 3 and (account.segment == "smb" or account.csm is missing)"#)
        #expect(sites == [
            [#"account.phase >= 3 and (account.segment == "smb" or account.csm is missing)"#,
             #"(account.phase >= 3 and (account.segment == "smb" or account.csm is missing))"#,
             #"not (account.phase >= 3 and (account.segment == "smb" or account.csm is missing))"#],
            ["account.phase >= 3", "(account.phase >= 3)", "not (account.phase >= 3)"],
            [#"account.segment == "smb" or account.csm is missing"#,
             #"(account.phase >= 3) and (account.segment == "smb" or account.csm is missing)"#,
             #"(account.phase >= 3) and not (account.segment == "smb" or account.csm is missing)"#],
            [#"account.segment == "smb""#,
             #"(account.phase >= 3) and (account.segment == "smb")"#,
             #"(account.phase >= 3) and not (account.segment == "smb")"#],
            ["account.csm is missing",
             #"(account.phase >= 3) and not (account.segment == "smb") and (account.csm is missing)"#,
             #"(account.phase >= 3) and not (account.segment == "smb") and not (account.csm is missing)"#],
        ])
    }

    @Test func chainsAreOneListAndCollectionOperationsGoPerItem() throws {
        let sites = try Self.sites("p.authority > 5 and any(s in account.stakeholders where s.is_spl: s.support < 3 or s.interest < 3) and p.support < 2",
                                   each: "p in account.stakeholders")
        #expect(sites.map(\.[0]) == [
            "p.authority > 5 and any(s in account.stakeholders where s.is_spl: s.support < 3 or s.interest < 3) and p.support < 2",
            "p.authority > 5",
            "any(s in account.stakeholders where s.is_spl: s.support < 3 or s.interest < 3)",
            "s.support < 3",
            "s.interest < 3",
            "p.support < 2",
        ])
        #expect(sites[4][1] == "(p.authority > 5) and any(s in account.stakeholders where s.is_spl: not (s.support < 3) and (s.interest < 3))")
    }

    static let playbook = """
        playbook "cs" {
          title "CS"
          rule "r" {
            when account.phase >= 3 and (account.segment == "smb" or account.csm is missing)
            task { title "t" }
          }
          rule "quiet" {
            when account.phase > 6
            task { title "q" }
          }
        }
        playbook "cs-smb" extends "cs" {
          applies when account.segment == "smb"
          disable rule "quiet"
        }

        """

    @Test func reportListsWhatNoCaseExercised() throws {
        // Only smb accounts, for which `quiet` is switched off: it is never evaluated.
        let dir = try TestDirectory(["cs.playbook": Self.playbook, "cs.test": """
            case "c"
              data accounts
                id,name,csm,segment,phase
                a,A,Ana,smb,6
                b,B,Ben,smb,2
              on 2026-03-01
                expect task cs/r a
                expect no task cs/quiet

            """])
        let result = dir.run(coverage: true)
        #expect(result.succeeded)
        let report = try #require(result.coverage)
        #expect((report.rules, report.coveredRules, report.branches, report.coveredBranches) == (2, 1, 4, 1))
        #expect(report.gaps.map { "\($0.location) \($0.rule) \($0.branch ?? "-") \($0.missing)" }.map(dir.relative) == [
            #"cs.playbook:4:34 cs/r account.segment == "smb" or account.csm is missing never false"#,
            #"cs.playbook:4:34 cs/r account.segment == "smb" never false"#,
            // Every account is smb, so the `or` never goes on to its second operand.
            "cs.playbook:4:62 cs/r account.csm is missing never reached",
            "cs.playbook:8:10 cs/quiet - never evaluated: no case has an account it applies to",
        ])
        #expect(dir.relative(TestReport.text(result)).contains("""
            coverage: 1 of 2 rules and 1 of 4 branches exercised both ways
              cs.playbook:4:34: cs/r: `account.segment == "smb" or account.csm is missing` never false
            """))
    }

    @Test func aCaseForEveryWayCoversEverything() throws {
        let dir = try TestDirectory(["cs.playbook": Self.playbook, "cs.test": """
            case "c"
              data accounts
                id,name,csm,segment,phase
                a,A,Ana,smb,6
                b,B,Ben,smb,2
                c,C,,mid-market,7
                d,D,Dan,mid-market,3
              on 2026-03-01
                expect task cs/r a
                expect task cs/r c
                expect no task cs/r d
                expect task cs/quiet c
                expect no task cs/quiet d

            """])
        let report = try #require(dir.run(coverage: true).coverage)
        #expect(report.gaps == [])
        #expect((report.rules, report.coveredRules, report.branches, report.coveredBranches) == (2, 2, 4, 4))
    }
}
