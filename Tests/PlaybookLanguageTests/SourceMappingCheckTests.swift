import Testing
@testable import PlaybookLanguage

/// `source` declarations: parsed, checked against the import's files and columns and the
/// declared custom fields, and invisible to everything that reads playbooks.
@Suite struct SourceMappingCheckTests {
    static let cases: [CheckerCase] = [
        .init(name: "clean mapping", source: """
            field account.tier: one of "gold", "silver"
            source "crm" {
              file "Account Export.csv" as accounts {
                column "Account Owner" as csm
                column "Stage" as phase with { "Onboarding": 3, "Adoption": 5 }
                column "Tier" as tier with { "G": "gold" }
                column "Pilot" as pilot with { "POC": "proof_of_concept" }
                column "Renews" as renewal_date with { "never": 2099-12-31 }
                column "ARR" as contract_value with { "n/a": -1 }
              }
              file "contacts.json" as stakeholders {
                column "SPL" as is_spl with { "Yes": true, "No": false }
              }
              file "Health.csv" as health
            }
            """),
        .init(name: "unknown import file", source: #"source "crm" { file "A.csv" as ⟪PB502⟫acounts }"#),
        .init(name: "file name without csv or json", source: #"source "crm" { file ⟪PB503⟫"A.xlsx" as accounts }"#),
        .init(name: "file name with a folder", source: #"source "crm" { file ⟪PB503⟫"exports/A.csv" as accounts }"#),
        .init(name: "file mapped twice, case aside", source: """
            source "crm" {
              file "A.csv" as accounts
              file ⟪PB504⟫"a.CSV" as stakeholders
            }
            """),
        .init(name: "unknown target column", source: """
            source "crm" {
              file "A.csv" as accounts {
                column "Owner" as ⟪PB505⟫csmm
                column "Tier" as ⟪PB505⟫tier
                column "Cadence" as ⟪PB505⟫meeting_cadence
              }
            }
            """),
        .init(name: "schema field that is no import column", source: #"source "crm" { file "A.csv" as accounts { column "S" as ⟪PB505⟫stage } }"#),
        .init(name: "custom field of another record", source: """
            field stakeholder.tier: text
            source "crm" { file "A.csv" as accounts { column "T" as ⟪PB505⟫tier } }
            """),
        .init(name: "raci has no custom fields", source: """
            field account.tier: text
            source "crm" { file "R.csv" as raci { column "T" as ⟪PB505⟫tier } }
            """),
        .init(name: "a CSV RACI grid has no stakeholder or code column", source: """
            source "crm" {
              file "R.csv" as raci {
                column "Task" as activity
                column "Person" as ⟪PB510⟫stakeholder
                column "Role" as ⟪PB510⟫code with { "Responsible": "R" }
              }
              file "R.json" as raci {
                column "Person" as stakeholder
                column "Role" as code with { "Responsible": "R" }
              }
            }
            """),
        .init(name: "header mapped twice, case and spaces aside", source: """
            source "crm" {
              file "A.csv" as accounts {
                column "Account  Owner" as csm
                column ⟪PB506⟫"account owner" as account_manager
              }
            }
            """),
        .init(name: "two headers fill one column", source: """
            source "crm" {
              file "A.csv" as accounts {
                column "Owner" as csm
                column "CSM" as ⟪PB507⟫csm
              }
            }
            """),
        .init(name: "value mapped twice", source: #"source "crm" { file "A.csv" as accounts { column "Stage" as phase with { "On": 3, ⟪PB508⟫" on ": 4 } } }"#),
        .init(name: "phase out of range", source: #"source "crm" { file "A.csv" as accounts { column "Stage" as phase with { "Live": ⟪PB509⟫9, "Half": ⟪PB509⟫2.5 } } }"#),
        .init(name: "number where text is wanted and the reverse", source: #"source "crm" { file "A.csv" as accounts { column "S" as segment with { "E": ⟪PB509⟫1 } column "P" as phase with { "one": ⟪PB509⟫"1" } } }"#),
        .init(name: "choice value not among the choices", source: #"source "crm" { file "A.csv" as accounts { column "P" as pilot with { "POC": ⟪PB509⟫"poc" } } }"#),
        .init(name: "declared choice field", source: """
            field account.tier: one of "gold", "silver"
            source "crm" { file "A.csv" as accounts { column "T" as tier with { "G": "gold", "B": ⟪PB509⟫"bronze" } } }
            """),
        .init(name: "score range", source: #"source "crm" { file "S.csv" as stakeholders { column "Power" as authority with { "High": 10, "Max": ⟪PB509⟫11 } } }"#),
        .init(name: "a date, a boolean, not an expression", source: #"source "crm" { file "S.csv" as stakeholders { column "D" as deadline with { "x": ⟪PB509⟫true } column "B" as is_spl with { "y": ⟪PB509⟫"yes" } column "A" as authority with { "z": ⟪PB509⟫account.phase } } }"#),
        .init(name: "durations cannot be mapped", source: """
            field account.sla: duration
            source "crm" { file "A.csv" as accounts { column "SLA" as sla with ⟪PB509⟫{ "fast": 3 } column "SLA2" as ⟪PB507⟫sla } }
            """),
        .init(name: "duplicate source", source: "source \"crm\" { file \"A.csv\" as accounts }\n=== file\nsource ⟪PB501⟫\"crm\" { file \"B.csv\" as accounts }"),
        .init(name: "flat column outside a file", source: #"source "crm" { file "A.csv" as accounts ⟪PB112⟫column "X" as csm }"#),
        .init(name: "empty map of values", source: #"source "crm" { file "A.csv" as accounts { column "X" as csm with { ⟪PB110⟫} } }"#),
        .init(name: "broken map entry, next column still read", source: """
            source "crm" {
              file "A.csv" as accounts {
                column "X" as csm with { "a" ⟪PB110⟫"b" }
                column "Y" as ⟪PB505⟫nope
              }
            }
            """),
        .init(name: "source at the top level only", source: "playbook \"p\" {\n  title \"P\"\n  ⟪PB112⟫source \"crm\" { }\n}"),
    ]

    @Test(arguments: cases)
    func check(_ c: CheckerCase) {
        _ = checkMarked(c.source)
    }

    @Test func checkedMappingSpellsCellsAsTheImportReadsThem() throws {
        let ws = checkMarked("""
            source "crm" {
              file "Account Export.csv" as accounts {
                column "Stage" as phase with { "Onboarding": 3, "Adoption": 5.0 }
                column "Renews" as renewal_date with { "never": 2099-12-31 }
                column "ARR" as contract_value with { "n/a": -1.5 }
                column "Owner" as csm
              }
              file "Contacts.csv" as stakeholders { column "SPL" as is_spl with { "Yes": true } }
            }
            """)
        let source = try #require(ws.library.source("crm"))
        #expect(source.files.map(\.name) == ["Account Export.csv", "Contacts.csv"])
        #expect(source.files.map(\.entity) == ["accounts", "stakeholders"])
        let columns = source.files[0].columns
        #expect(columns.map(\.target) == ["phase", "renewal_date", "contract_value", "csm"])
        #expect(columns[0].values?.map(\.cell) == ["3", "5"])
        #expect(columns[1].values?.map(\.cell) == ["2099-12-31"])
        #expect(columns[2].values?.map(\.cell) == ["-1.5"])
        #expect(columns[3].values == nil)
        #expect(source.files[1].columns[0].values == [CheckedSource.Value(spelling: "Yes", cell: "true")])
        #expect(ws.library.source("hubspot") == nil)
    }

    /// Runs, `show` and `test` read playbooks only: a source next to them changes nothing.
    @Test func playbooksIgnoreSources() {
        let playbook = rule(#"when account.phase > 3 task { title "t" }"#)
        let plain = checkMarked(playbook)
        let mapped = checkMarked(playbook + "\n" + #"source "crm" { file "A.csv" as accounts { column "Stage" as phase with { "On": 3 } } }"#)
        #expect(plain.library.playbooks.map(\.id) == mapped.library.playbooks.map(\.id))
        #expect(EffectiveRenderer.render(plain) == EffectiveRenderer.render(mapped))
    }

    @Test(arguments: [
        ("Account Owner", "account_owner"), ("  account   OWNER ", "account_owner"), ("ARR", "arr"),
        ("Meeting Cadence (days)", "meeting_cadence_(days)"), ("Größe", "größe"), ("", ""),
    ])
    func headerKeys(_ raw: String, _ key: String) {
        #expect(ImportSchema.headerKey(raw) == key)
    }
}
