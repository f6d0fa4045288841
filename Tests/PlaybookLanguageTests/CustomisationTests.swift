import Testing
@testable import PlaybookLanguage

/// The 80/20 split, judged by outcomes: what a team gets when it customises the base library.
@Suite struct CustomisationTests {
    static let base = """
        playbook "vr" {
          title "Value"
          phase 6
          applies when account.phase >= 6
          param floor = 60
          param grace = 14 days
          rule "low-health" {
            title "Low health"
            when account.health.score < floor
            task { title "Recover {account.name}" owner account.csm due in 3 days priority high }
          }
          rule "renewal" {
            when days_until(account.renewal_date) < grace
            task { title "Renew {account.name}" }
          }
        }
        """

    func value(_ ws: Workspace, _ e: EffectivePlaybook, _ name: String) -> String? {
        e.parameters.first { ws.library.parameters[$0.index].name == name }.map { ws.sources.text($0.value.value.range) }
    }

    @Test func aParameterChangesForOneSegmentOnly() throws {
        let ws = checkMarked(Self.base + """
            === file
            playbook "ent" extends "vr" {
              applies when account.segment == "enterprise"
              set floor = 70
            }
            """)
        let baseOnly = try #require(ws.library.effective(chain: ["vr"]))
        let ent = try #require(ws.library.effective(chain: ["vr", "ent"]))
        #expect(value(ws, baseOnly, "floor") == "60")
        #expect(value(ws, ent, "floor") == "70")
        #expect(value(ws, ent, "grace") == "14 days")
        #expect(ent.scopes.count == 2)
        // No rule was copied: the customised playbook has the base's rules, same identities.
        #expect(ent.rules.map(\.rule.identity) == ["vr/low-health", "vr/renewal"])
    }

    @Test func aParameterChangesForEveryone() throws {
        let ws = checkMarked(Self.base + "\n=== file\nplaybook \"all\" extends \"vr\" {\n  set floor = 50\n}\n")
        let e = try #require(ws.library.effective(chain: ["vr", "all"]))
        #expect(value(ws, e, "floor") == "50")
        #expect(e.scopes.count == 1)
    }

    @Test func aBaseRuleCanBeSwitchedOff() throws {
        let ws = checkMarked(Self.base + "\n=== file\nplaybook \"smb\" extends \"vr\" {\n  disable rule \"renewal\"\n}\n")
        let e = try #require(ws.library.effective(chain: ["vr", "smb"]))
        #expect(e.rules.map(\.rule.id) == ["low-health"])
        #expect(e.disabled.map(\.rule) == ["renewal"])
    }

    @Test func aTaskFieldChangesWithoutRestatingTheCondition() throws {
        let ws = checkMarked(Self.base + """
            === file
            playbook "ent" extends "vr" {
              change rule "low-health" {
                task { owner account.account_manager priority urgent }
              }
            }
            """)
        let base = try #require(ws.library.effective(chain: ["vr"]))
        let e = try #require(ws.library.effective(chain: ["vr", "ent"]))
        let rule = try #require(e.rules.first { $0.rule.id == "low-health" })
        #expect(rule.rule.identity == "vr/low-health")
        #expect(rule.changedBy == ["ent"])
        #expect(rule.rule.task.priority?.value == .urgent)
        #expect(ws.sources.text(rule.rule.task.owner!.at) == "owner account.account_manager")
        // The condition and the title are still the base's, from the base file.
        #expect(rule.rule.when?.at == base.rules[0].rule.when?.at)
        #expect(rule.rule.task.title?.at == base.rules[0].rule.task.title?.at)
        #expect(rule.rule.task.due?.at.file == 0)
    }

    @Test func aTeamAddsItsOwnRulesAndFields() throws {
        let ws = checkMarked(Self.base + """
            === file
            field account.crm_tier: one of "gold", "silver"
            playbook "ent" extends "vr" {
              rule "gold-check" {
                when account.crm_tier == "gold" and account.health.score < floor + 10
                task { title "Gold account {account.name} is slipping" }
              }
            }
            """)
        let e = try #require(ws.library.effective(chain: ["vr", "ent"]))
        #expect(e.rules.map(\.rule.identity) == ["vr/low-health", "vr/renewal", "ent/gold-check"])
        #expect(ws.library.schema.record("account")?.field("crm_tier")?.field.isCustom == true)
    }

    @Test func upgradingTheBaseKeepsCustomisationsAndNamesWhatNoLongerExists() throws {
        // Version 2 of the base renamed `low-health` to `health-below-floor` and dropped `grace`.
        let v2 = Self.base.replacingOccurrences(of: "\"low-health\"", with: "\"health-below-floor\"")
            .replacingOccurrences(of: "param grace = 14 days", with: "")
            .replacingOccurrences(of: "< grace", with: "< 14 days")
        let ws = checkMarked(v2 + """
            === file
            playbook "ent" extends "vr" {
              set floor = 70
              set ⟪PB404⟫grace = 30 days
              change rule ⟪PB403⟫"low-health" { task { priority urgent } }
            }
            """)
        let messages = ws.diagnostics.sorted.map(\.text)
        #expect(messages == ["base playbook `vr` has no parameter `grace`", "base playbook `vr` has no rule `low-health`"])
        // What still exists keeps its customisation.
        let e = try #require(ws.library.effective(chain: ["vr", "ent"]))
        #expect(value(ws, e, "floor") == "70")
    }

    @Test func renamedRuleGetsADidYouMean() {
        let ws = checkMarked(Self.base + "\n=== file\nplaybook \"x\" extends \"vr\" {\n  disable rule ⟪PB403⟫\"low-helth\"\n}\n")
        #expect(ws.diagnostics.sorted.first?.suggestion == "\"low-health\"")
    }

    @Test func overlappingCustomisationsThatChangeTheSameSettingConflict() {
        let ws = checkMarked(Self.base + """
            === file
            playbook "a" extends "vr" {
              applies when account.segment == "enterprise"
              set floor = 70
            }
            playbook "b" extends "vr" {
              applies when account.contract_value > 100000
              ⟪PB406⟫set floor = 75
            }
            """)
        let d = ws.diagnostics.sorted.first
        #expect(d?.text == "two customisations change parameter `floor` for the same accounts")
        #expect(d?.notes.first?.range != nil)
    }

    @Test func exclusiveScopesDoNotConflict() {
        _ = checkMarked(Self.base + """
            === file
            playbook "a" extends "vr" {
              applies when account.segment == "enterprise"
              set floor = 70
            }
            playbook "b" extends "vr" {
              applies when account.segment in ["smb", "mid-market"]
              set floor = 50
            }
            playbook "c" extends "a" {
              applies when account.contract_value > 1000000
              set floor = 80
            }
            """)
    }

    @Test func disablingAndChangingTheSameRuleConflict() {
        _ = checkMarked(Self.base + """
            === file
            playbook "a" extends "vr" {
              disable rule "renewal"
            }
            playbook "b" extends "vr" {
              change rule "renewal" { task { ⟪PB406⟫title "Renew soon" } }
            }
            """)
    }

    /// Two customisations that both switch a rule off agree: no conflict. One that switches it
    /// off against one that changes several of its settings: one error for the rule.
    @Test func disablingTwiceAgreesAndAConflictIsSaidOncePerRule() {
        _ = checkMarked(Self.base + """
            === file
            playbook "a" extends "vr" {
              disable rule "renewal"
            }
            playbook "b" extends "vr" {
              disable rule "renewal"
            }
            """)
        _ = checkMarked(Self.base + """
            === file
            playbook "a" extends "vr" {
              disable rule "renewal"
            }
            playbook "c" extends "vr" {
              applies when account.segment == "smb"
              change rule "renewal" { task { ⟪PB406⟫title "Renew soon"
                                            priority high } }
            }
            """)
    }

    @Test func customisationMistakes() {
        _ = checkMarked(Self.base + """
            === file
            playbook "a" extends ⟪PB401⟫"v" {
              title "A"
            }
            playbook "b" extends "vr" {
              ⟪PB408⟫phase 3
              rule ⟪PB405⟫"renewal" { when true task { title "t" } }
              param ⟪PB409⟫floor = 3
            }
            playbook "c" {
              title "C"
              ⟪PB407⟫set floor = 3
            }
            playbook "d" extends "vr" {
              set floor = ⟪PB206⟫"high"
            }
            """)
    }

    @Test func customisationSlips() {
        _ = checkMarked(Self.base + """
            === file
            playbook "a" extends "vr" {
              param own = 1
              set ⟪PB410⟫own = 2
              set floor = 70
              set ⟪PB114⟫floor = 75
              disable rule "renewal"
              change rule ⟪PB411⟫"renewal" { task { title "Renew" } }
              change rule "low-health" { task { priority urgent } }
              change rule ⟪PB114⟫"low-health" { task { priority low } }
              rule "uses-own" { when account.phase > own task { title "t" } }
            }
            """)
    }

    @Test func extendsCycleIsReportedOnce() {
        _ = checkMarked("""
            playbook "a" extends ⟪PB402⟫"b" { title "A" }
            playbook "b" extends "c" { title "B" }
            playbook "c" extends "a" { title "C" }
            """)
    }

    @Test func baseAndCustomisedRuleNeverBothApply() throws {
        let ws = checkMarked(Self.base + "\n=== file\nplaybook \"ent\" extends \"vr\" {\n  change rule \"renewal\" { title \"Renewal (ent)\" }\n}\n")
        let e = try #require(ws.library.effective(chain: ["vr", "ent"]))
        #expect(e.rules.filter { $0.rule.identity == "vr/renewal" }.count == 1)
    }
    @Test func aCycleReachedThroughATailIsReportedOnce() {
        _ = checkMarked("""
            playbook "t" extends "a" { title "T" }
            playbook "a" extends ⟪PB402⟫"b" { title "A" }
            playbook "b" extends "c" { title "B" }
            playbook "c" extends "a" { title "C" }
            playbook "u" extends "t" { title "U" }
            """)
    }

    /// Layers on one line of descent never conflict; a branch off it conflicts with every layer
    /// it does not build on, at every depth.
    @Test func conflictsAlongABranchingChain() {
        _ = checkMarked(Self.base + """
            === file
            playbook "a" extends "vr" {
              set floor = 70
            }
            playbook "b" extends "a" {
              ⟪PB406⟫set floor = 71
            }
            playbook "c" extends "vr" {
              ⟪PB406⟫set floor = 72
            }
            """)
    }

    /// A chain of 1,600 customisations, each building on the previous one and changing the
    /// same settings, checks clean; a branch at its far end still conflicts. (It took about
    /// 10 s when every pair of layers was compared along whole chains; its time is not
    /// asserted here.)
    @Test func aLongExtendsChainChecks() throws {
        let n = 1_600
        var text = Self.base + "\n=== file\n"
        for i in 1...n {
            text += "playbook \"c\(i)\" extends \"\(i == 1 ? "vr" : "c\(i - 1)")\" {\n  set floor = \(i % 90)\n"
                + "  change rule \"low-health\" { task { title \"Recover {account.name} (\(i))\" } }\n}\n"
        }
        text += "playbook \"branch\" extends \"c\(n - 1)\" {\n  ⟪PB406⟫set floor = 1\n}\n"
        let ws = checkMarked(text)
        #expect(ws.library.playbook("c\(n)")?.chain.count == n + 1)
        let e = try #require(ws.library.effective(chain: ["vr"] + (1...n).map { "c\($0)" }))
        #expect(e.rules.first { $0.rule.id == "low-health" }?.changedBy.count == n)
    }

    @Test func anExtendsChainTooDeepIsReportedOnceAtItsFirstTooDeepLayer() {
        let limit = Checker.maxExtendsDepth
        var text = "playbook \"c0\" { title \"Base\" }\n"
        for i in 1...(limit + 3) {
            text += "playbook \"c\(i)\" extends \(i == limit + 1 ? "⟪PB412⟫" : "")\"c\(i - 1)\" { }\n"
        }
        let ws = checkMarked(text)
        #expect(ws.library.playbook("c\(limit)")?.chain.count == limit + 1)
    }
    /// Side by side customisations, one per segment, do not conflict with each other; one more
    /// for a segment already taken does, and so does one for a list of taken segments.
    @Test func manyCustomisationsSideBySide() {
        var text = Self.base + "\n=== file\n"
        for i in 1...400 {
            text += "playbook \"s\(i)\" extends \"vr\" {\n  applies when account.segment == \"s\(i)\"\n  set floor = \(i % 90)\n}\n"
        }
        text += "playbook \"again\" extends \"vr\" {\n  applies when account.segment == \"s7\" and account.phase == 6\n  ⟪PB406⟫set floor = 1\n}\n"
        text += "playbook \"pair\" extends \"vr\" {\n  applies when account.segment in [\"s3\", \"s4\", \"none\"]\n  ⟪PB406⟫⟪PB406⟫set floor = 2\n}\n"
        text += "playbook \"everyone\" extends \"vr\" {\n  change rule \"renewal\" { title \"Renewal\" }\n}\n"
        _ = checkMarked(text)
    }
}
