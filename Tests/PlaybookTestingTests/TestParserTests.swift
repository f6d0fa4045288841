import Testing
import PlaybookLanguage
@testable import PlaybookTesting

/// The test-file parser, table-driven: source → a dump of what was read, and source with
/// position markers (1️⃣, 2️⃣ …) → the diagnostics expected at each marker.
@Suite struct TestParserTests {
    static func parse(_ text: String) -> (TestFile, [Diagnostic]) {
        TestParser.parse(SourceFile(path: "t.test", text: text), id: 0)
    }

    /// One line per statement, in terms close to the file's own.
    static func dump(_ f: TestFile) -> String {
        var lines: [String] = []
        if !f.playbooks.isEmpty { lines.append("playbooks " + f.playbooks.map(\.value).joined(separator: " ")) }
        for d in f.shared { lines.append("shared " + dump(d)) }
        for c in f.cases {
            lines.append("case \(c.name)")
            for o in c.overrides { lines.append("  set \(o.playbook.value) . \(o.parameter.value) = \(o.value.value)") }
            for s in c.steps {
                switch s {
                case .data(let d): lines.append("  " + dump(d))
                case .run(let d): lines.append("  on \(d.value)")
                case .expect(let e):
                    let kind = switch e.kind { case .task: "task"; case .noTask: "no task"; case .resolved: "resolved" }
                    lines.append("  expect \(kind) " + selector(e.selector) + e.attributes.map { " " + $0.text }.joined())
                case .act(let a):
                    let until = if case .snooze(let u) = a.kind { " until \(u)" } else { "" }
                    lines.append("  \(a.kind.word) " + selector(a.selector) + until)
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    static func selector(_ s: TaskSelector) -> String {
        "[" + [s.rule.value, s.account?.value, s.item?.value].compactMap { $0 }.joined(separator: "|") + "]"
    }

    static func dump(_ d: DataSource) -> String {
        switch d.kind {
        case .table(let entity, let csv, let starts):
            "data \(entity) \(starts.count) rows: " + String(decoding: csv, as: UTF8.self).split(separator: "\n").joined(separator: " / ")
        case .files(let path): "import \(path)"
        }
    }

    static let valid: [(source: String, dump: String)] = [
        ("""
         # A comment
         playbooks "../framework" .
         data accounts
           id,name,phase
           acme,Acme Corp,6

         case "low health"  # trailing comment
           set health.health_floor = 70  # a comment after the value
           set enterprise-health.watched = ["red", "amber"]
           on 2026-03-01
             expect task health/low-health acme
               title "Recover \\"Acme\\" (score 50)" owner "Ana Ruiz"
               due 2026-03-04 priority high
             expect no task health/red-indicator
             expect no task health/red-indicator acme
             expect resolved commitment/raci-accountable acme "Run training"
             done health/low-health acme
             snooze commitment/raci-accountable acme "Run training" until 2026-03-20
             dismiss a/b acme "title"
         """,
         """
         playbooks ../framework .
         shared data accounts 2 rows: id,name,phase / acme,Acme Corp,6
         case low health
           set health . health_floor = 70
           set enterprise-health . watched = ["red", "amber"]
           on 2026-03-01
           expect task [health/low-health|acme] title "Recover \\"Acme\\" (score 50)" owner "Ana Ruiz" due 2026-03-04 priority high
           expect no task [health/red-indicator]
           expect no task [health/red-indicator|acme]
           expect resolved [commitment/raci-accountable|acme|Run training]
           done [health/low-health|acme]
           snooze [commitment/raci-accountable|acme|Run training] until 2026-03-20
           dismiss [a/b|acme|title]
         """),
        // A table ends at a blank line or at a line no deeper than its `data` line; rows lose
        // the header's indentation.
        ("""
         case "tables"
           data health
               account_id,date,score
             acme,2026-03-01,50
           on 2026-03-02
             expect no task a/b
         """,
         """
         case tables
           data health 2 rows: account_id,date,score / acme,2026-03-01,50
           on 2026-03-02
           expect no task [a/b]
         """),
        // Quoted words can name items that look like keywords; `status` checks another state.
        ("""
         case "words"
           import "fixtures/book"
           on 2026-03-01
             expect task r/x acme "title" status snoozed
             expect task r/x acme
             status done
         """,
         """
         case words
           import fixtures/book
           on 2026-03-01
           expect task [r/x|acme|title] status snoozed
           expect task [r/x|acme] status done
         """),
    ]

    @Test(arguments: valid.indices)
    func parses(_ i: Int) {
        let (file, diagnostics) = Self.parse(Self.valid[i].source)
        #expect(diagnostics.map(\.text) == [])
        #expect(Self.dump(file) == Self.valid[i].dump)
    }

    @Test func tableRowsKeepTheirPositionInTheFile() {
        let source = "case \"c\"\n  data accounts\n    id,name,phase\n    acme,Acme,6\n  on 2026-03-01\n"
        let (file, _) = Self.parse(source)
        guard case .data(let d)? = file.cases.first?.steps.first, case .table(_, _, let starts) = d.kind else {
            Issue.record("no table")
            return
        }
        let bytes = Array(source.utf8)
        #expect(starts.map { String(decoding: bytes[$0..<($0 + 4)], as: UTF8.self) } == ["id,n", "acme"])
    }

    // MARK: Diagnostics

    static let invalid: [(source: String, expected: [(marker: String, code: String)])] = [
        ("1️⃣expext task a/b acme", [("1️⃣", "PT103")]),
        ("1️⃣on 2026-03-01", [("1️⃣", "PT106")]),
        ("case \"c\"\n  1️⃣expect task a/b acme\n  on 2026-03-01", [("1️⃣", "PT107")]),
        ("case \"c\"\n  on 1️⃣2026-02-30", [("1️⃣", "PT105")]),
        ("case \"c\"\n  on 2026-03-02\n  on 1️⃣2026-03-01", [("1️⃣", "PT108")]),
        ("case \"c\"\n  on 2026-03-01\ncase 1️⃣\"c\"\n  on 2026-03-01", [("1️⃣", "PT109")]),
        ("1️⃣case \"c\"\n  data accounts\n    id,name,phase\n", [("1️⃣", "PT110")]),
        ("case \"c\"\n  on 2026-03-01\n  1️⃣title \"x\"", [("1️⃣", "PT111")]),
        ("case \"c\"\n  on 2026-03-01\n  expect task a/b acme 1️⃣title \"x\" 2️⃣title \"y\"", [("2️⃣", "PT112")]),
        ("case \"c\"\n  1️⃣data accounts\n  on 2026-03-01", [("1️⃣", "PT113")]),
        ("case \"c\"\n  on 2026-03-01\n  1️⃣set a.b = 1", [("1️⃣", "PT114")]),
        ("case \"c\"\n  on 2026-03-01\n1️⃣playbooks \"x\"", [("1️⃣", "PT115")]),
        ("case \"c\"\n  data 1️⃣acounts\n    id\n  on 2026-03-01", [("1️⃣", "PT201")]),
        ("case 1️⃣c\n  on 2026-03-01", [("1️⃣", "PT104")]),
        ("case \"c\"\n  on 2026-03-01\n  expect task a/b acme priority 1️⃣hihg", [("1️⃣", "PT104")]),
        ("case \"c\"\n  on 2026-03-01\n  expect 1️⃣some a/b", [("1️⃣", "PT104")]),
        ("case \"c\"\n  on 2026-03-01\n  expect task a/b1️⃣", [("1️⃣", "PT104")]),
        // Without `until`, the date reads as the item, and `until` is missing at the end.
        ("case \"c\"\n  on 2026-03-01\n  snooze a/b acme 2026-03-091️⃣", [("1️⃣", "PT104")]),
        ("case \"c\"\n  on 2026-03-01 1️⃣extra", [("1️⃣", "PT104")]),
        ("case \"c\"\n  set 1️⃣floor = 70\n  on 2026-03-01", [("1️⃣", "PT104")]),
        ("case \"c\"\n  on 2026-03-01\n  expect task a/b acme title 1️⃣\"open", [("1️⃣", "PT101")]),
        ("case \"c\"\n  on 2026-03-01\n  expect task a/b acme title \"a1️⃣\\q\"", [("1️⃣", "PT102")]),
        // Every problem is reported, not just the first.
        ("1️⃣bogus\ncase \"c\"\n  on 2️⃣2026-13-01\n  expect task a/b acme due 3️⃣tomorrow",
         [("1️⃣", "PT103"), ("2️⃣", "PT105"), ("3️⃣", "PT105")]),
    ]

    /// Removes the markers and returns where each one was, as a byte offset.
    static func markers(_ text: String) -> (String, [String: Int]) {
        var out = ""
        var positions: [String: Int] = [:]
        for ch in text {
            if ["1️⃣", "2️⃣", "3️⃣"].contains(ch) {
                positions[String(ch)] = out.utf8.count
            } else {
                out.append(ch)
            }
        }
        return (out, positions)
    }

    @Test(arguments: invalid.indices)
    func reports(_ i: Int) throws {
        let (text, positions) = Self.markers(Self.invalid[i].source)
        let (_, diagnostics) = Self.parse(text)
        let found = diagnostics.map { "\($0.code)@\($0.range.start)" }
        let expected = Self.invalid[i].expected.map { "\($0.code)@\(positions[$0.marker]!)" }
        #expect(found == expected, "\(diagnostics.map(\.text))")
    }

    @Test func suggestsTheClosestStatementAndPriority() {
        let (_, a) = Self.parse("expext task a/b acme")
        #expect(a.first?.suggestion == "expect")
        let (_, b) = Self.parse("case \"c\"\n  on 2026-03-01\n  expect task a/b acme priority hihg")
        #expect(b.first?.suggestion == "high")
        #expect(b.first?.text == "expected `low`, `normal`, `high` or `urgent`, found `hihg`")
    }
}
