import Testing
@testable import PlaybookLanguage

@Suite struct ParserTests {
    // MARK: Expressions

    /// Parses `text` as the condition of a rule and dumps it.
    static func dumpCondition(_ text: String) -> (dump: String, codes: [String]) {
        let source = SourceFile(path: "t", text: "playbook \"p\" {\n  rule \"r\" {\n    when \(text)\n  }\n}\n")
        let (ast, diagnostics) = Parse.file(source, id: 0)
        guard case .playbook(let p)? = ast.items.first?.kind, case .rule(let r)? = p.items.first?.kind,
              case .when(let e)? = r.items.first?.kind else { return ("(no condition)", diagnostics.items.map(\.code)) }
        return (ASTDump.dump(e), diagnostics.items.map(\.code))
    }

    static let expressions: [(String, String)] = [
        // Precedence, loosest first: or < and < not < comparison < + - < * /
        ("a or b and c", "(binary or (name a) (binary and (name b) (name c)))"),
        ("a and b or c", "(binary or (binary and (name a) (name b)) (name c))"),
        ("not a and b", "(binary and (unary not (name a)) (name b))"),
        ("not a or b", "(binary or (unary not (name a)) (name b))"),
        ("not a == b", "(unary not (binary == (name a) (name b)))"),
        ("not not a", "(unary not (unary not (name a)))"),
        ("a < b + c", "(binary < (name a) (binary + (name b) (name c)))"),
        ("a + b >= c * d", "(binary >= (binary + (name a) (name b)) (binary * (name c) (name d)))"),
        ("a + b * c", "(binary + (name a) (binary * (name b) (name c)))"),
        ("a * b + c", "(binary + (binary * (name a) (name b)) (name c))"),
        ("a == b and c != d", "(binary and (binary == (name a) (name b)) (binary != (name c) (name d)))"),
        ("a <= b or c > d", "(binary or (binary <= (name a) (name b)) (binary > (name c) (name d)))"),
        // Left associativity
        ("a - b - c", "(binary - (binary - (name a) (name b)) (name c))"),
        ("a / b * c", "(binary * (binary / (name a) (name b)) (name c))"),
        ("a or b or c", "(binary or (binary or (name a) (name b)) (name c))"),
        ("a and b and c", "(binary and (binary and (name a) (name b)) (name c))"),
        // Parentheses are kept in the tree
        ("(a or b) and c", "(binary and (paren (binary or (name a) (name b))) (name c))"),
        ("a - (b - c)", "(binary - (name a) (paren (binary - (name b) (name c))))"),
        ("((a))", "(paren (paren (name a)))"),
        // Presence
        ("a is missing", "(missing (name a))"),
        ("a is present", "(present (name a))"),
        ("a is not missing", "(present (name a))"),
        ("a is not present", "(missing (name a))"),
        ("a.b is missing and c", "(binary and (missing (member (name a) b)) (name c))"),
        ("not a is missing", "(unary not (missing (name a)))"),
        ("a + 1 is missing", "(missing (binary + (name a) (number 1)))"),
        // in
        ("x in [\"a\", \"b\"]", "(binary in (name x) (list (text \"a\") (text \"b\")))"),
        ("x in xs and y", "(binary and (binary in (name x) (name xs)) (name y))"),
        ("not (x in xs)", "(unary not (paren (binary in (name x) (name xs))))"),
        ("a + 1 in xs", "(binary in (binary + (name a) (number 1)) (name xs))"),
        // Unary minus
        ("-a", "(unary - (name a))"),
        ("-3 < a", "(binary < (unary - (number 3)) (name a))"),
        ("- -a", "(unary - (unary - (name a)))"),
        ("-a * b", "(binary * (unary - (name a)) (name b))"),
        ("a - -b", "(binary - (name a) (unary - (name b)))"),
        ("-a.b", "(unary - (member (name a) b))"),
        // Numbers keep their source text
        ("0.75 < 007", "(binary < (number 0.75) (number 007))"),
        // Durations
        ("7 days", "(duration 7 day)"),
        ("1 day", "(duration 1 day)"),
        ("2 weeks", "(duration 2 week)"),
        ("1 week", "(duration 1 week)"),
        ("1.5 days", "(duration 1.5 day)"),
        ("d - 2 weeks", "(binary - (name d) (duration 2 week))"),
        // Dates
        ("2026-01-05", "(date 2026-01-05)"),
        ("2024-02-29 < d", "(binary < (date 2024-02-29) (name d))"),
        ("2026 - 01 - 05", "(binary - (binary - (number 2026) (number 01)) (number 05))"),
        // Lists
        ("[]", "(list)"),
        ("[1, 2,]", "(list (number 1) (number 2))"),
        ("[[1], [2, [3]]]", "(list (list (number 1)) (list (number 2) (list (number 3))))"),
        ("[\n  a,\n  b,\n]", "(list (name a) (name b))"),
        // Calls
        ("today()", "(call today)"),
        ("max(a, b + 1)", "(call max (name a) (binary + (name b) (number 1)))"),
        ("f(g(1))", "(call f (call g (number 1)))"),
        ("sum(xs)", "(call sum (name xs))"),
        // Aggregates
        ("any(s in xs: s.ok)", "(aggregate any s (name xs) (member (name s) ok))"),
        ("max(m in ms where m.kind == \"qbr\": m.date)",
         "(aggregate max m (name ms) (where (binary == (member (name m) kind) (text \"qbr\"))) (member (name m) date))"),
        ("count(s in xs where s.ok)", "(aggregate count s (name xs) (where (member (name s) ok)))"),
        ("count(k in a.kpis: k.v > 0) >= 2",
         "(binary >= (aggregate count k (member (name a) kpis) (binary > (member (name k) v) (number 0))) (number 2))"),
        ("none(x in [1, 2]: x == 3)", "(aggregate none x (list (number 1) (number 2)) (binary == (name x) (number 3)))"),
        // Member chains
        ("account.health.score", "(member (member (name account) health) score)"),
        ("f().x.y", "(member (member (call f) x) y)"),
        ("(a).b", "(member (paren (name a)) b)"),
        // Booleans
        ("true and false", "(binary and (boolean true) (boolean false))"),
        // Text and interpolation
        ("\"plain\"", "(text \"plain\")"),
        ("\"\"", "(text)"),
        ("\"Hi {account.name}!\"", "(text \"Hi \" (member (name account) name) \"!\")"),
        ("\"{ 1 + 2 }{x}\"", "(text (binary + (number 1) (number 2)) (name x))"),
        ("\"a \\{b\\} \\\"c\\\" \\\\ \\n\\t\"", "(text \"a \\{b\\} \\\"c\\\" \\\\ \\n\\t\")"),
        ("\"{[1, 2]}\"", "(text (list (number 1) (number 2)))"),
    ]

    @Test(arguments: expressions)
    func expression(_ input: String, _ expected: String) {
        let (dump, codes) = Self.dumpCondition(input)
        #expect(codes == [])
        #expect(dump == expected)
    }

    // MARK: Syntax errors

    struct SyntaxError: Sendable, CustomTestStringConvertible {
        var name: String
        var source: [UInt8]
        /// "CODE line:column", in the order the diagnostics sort.
        var expected: [String]
        var testDescription: String { name }

        init(_ name: String, _ source: String, _ expected: [String]) {
            self.init(name, Array(source.utf8), expected)
        }
        init(_ name: String, _ source: [UInt8], _ expected: [String]) {
            self.name = name; self.source = source; self.expected = expected
        }
    }

    static func inRule(_ line: String) -> String { "playbook \"p\" {\n  rule \"r\" {\n    \(line)\n  }\n}\n" }

    static let syntaxErrors: [SyntaxError] = [
        .init("PB102 unexpected character", inRule("when a @ b"), ["PB102 3:12"]),
        .init("PB102 one diagnostic for a run", inRule("when a == 1 @@@"), ["PB102 3:17"]),
        .init("PB102 # inside {…} is not a comment", "playbook \"p\" {\n  title \"x {a # b}\"\n}\n", ["PB102 2:15"]),
        .init("PB103 unterminated text", "playbook \"p\" {\n  title \"abc\n}\n", ["PB103 2:9"]),
        .init("PB104 bad escape", "playbook \"p\" {\n  title \"a\\qb\"\n}\n", ["PB104 2:11"]),
        .init("PB105 invalid date", "playbook \"p\" {\n  let d = 2026-13-45\n}\n", ["PB105 2:11"]),
        .init("PB105 date glued to a word", "playbook \"p\" {\n  let d = 2026-01-05x\n}\n", ["PB105 2:11"]),
        .init("PB106 number glued to a word", inRule("for 3days"), ["PB106 3:10"]),
        .init("PB110 missing parameter name", "playbook \"p\" {\n  param = 5\n}\n", ["PB110 2:9"]),
        .init("PB110 unquoted playbook id", "playbook p {\n}\n", ["PB110 1:10"]),
        .init("PB110 missing colon in field", "field account.x number\n", ["PB110 1:17"]),
        .init("PB110 dangling operator", inRule("when a +"), ["PB110 4:3"]),
        .init("PB110 is without missing", inRule("when a is b"), ["PB110 3:15"]),
        .init("PB110 unclosed list", "playbook \"p\" {\n  let x = [1, 2\n  let y = 3\n}\n", ["PB110 3:3"]),
        .init("PB110 business weeks", inRule("task {\n      due in 3 business weeks\n    }"), ["PB110 4:25"]),
        .init("PB111 unclosed blocks at the end of the file", "playbook \"p\" {\n  rule \"r\" {\n    when a\n",
              ["PB111 1:14", "PB111 2:12"]),
        .init("PB112 unknown setting", inRule("titel \"x\""), ["PB112 3:5"]),
        .init("PB113 nesting too deep",
              inRule("when " + String(repeating: "(", count: 10_000) + "a" + String(repeating: ")", count: 10_000)),
              ["PB113 3:138"]),
        .init("PB114 duplicate setting", "playbook \"p\" {\n  title \"a\"\n  title \"b\"\n}\n", ["PB114 3:3"]),
        .init("PB115 unterminated interpolation", "playbook \"p\" {\n  title \"a {b\"\n}\n", ["PB115 2:12"]),
        .init("PB116 empty interpolation", "playbook \"p\" {\n  title \"a {} b\"\n}\n", ["PB116 2:12"]),
        .init("PB117 junk at top level", "rule \"r\" {\n  when a\n}\nplaybook \"p\" {\n}\n", ["PB117 1:1"]),
        // Control characters in quotes: each reported where it is, once, even inside `{…}`;
        // tab stays allowed, and escapes still write a line break or a tab.
        .init("PB119 NUL in a title", "playbook \"p\" {\n  title \"a\u{0}b\"\n}\n", ["PB119 2:11"]),
        .init("PB119 NUL in a quoted id", "playbook \"p\u{0}\" {\n}\n", ["PB119 1:12"]),
        .init("PB119 ESC and BEL", "playbook \"p\" {\n  title \"\u{1B}[31m\u{7}\"\n}\n", ["PB119 2:10", "PB119 2:15"]),
        .init("PB119 DEL and a backslash before NUL", "playbook \"p\" {\n  title \"\u{7F}\\\u{0}\"\n}\n", ["PB119 2:10", "PB119 2:12"]),
        .init("PB119 inside an interpolation", "playbook \"p\" {\n  title \"{a\u{0}}\"\n}\n", ["PB119 2:12"]),
        .init("PB119 not for tab or escapes", "playbook \"p\" {\n  title \"a\tb \\n \\t\"\n}\n", []),
        .init("PB102 NUL outside quotes", "playbook \"p\" {\u{0}\n}\n", ["PB102 1:15"]),
        .init("PB120 type nested too deep", "field account.x: " + String(repeating: "list of ", count: 50_000) + "text\n",
              ["PB120 1:146"]),
        .init("PB120 just past the limit", "field account.x: " + String(repeating: "list of ", count: 17) + "text\n", ["PB120 1:146"]),
        .init("PB120 not at the limit", "field account.x: " + String(repeating: "list of ", count: 16) + "text\n", []),
        .init("PB101 invalid UTF-8",
              Array("playbook \"p\" {\n  title \"caf".utf8) + [0xFF] + Array("\"\n}\n".utf8), ["PB101 2:13"]),
    ]

    static func diagnose(_ bytes: [UInt8]) -> (ast: FileAST, diagnostics: [Diagnostic], source: SourceFile) {
        let source = SourceFile(path: "t", bytes: bytes)
        let (ast, diagnostics) = Parse.file(source, id: 0)
        return (ast, diagnostics.sorted, source)
    }

    static func located(_ ds: [Diagnostic], in source: SourceFile) -> [String] {
        ds.map { d in
            let (line, column) = source.lineColumn(of: Int(d.range.start))
            return "\(d.code) \(line):\(column)"
        }
    }

    @Test(arguments: syntaxErrors)
    func syntaxError(_ c: SyntaxError) {
        let (_, diagnostics, source) = Self.diagnose(c.source)
        #expect(Self.located(diagnostics, in: source) == c.expected)
    }

    @Test func unknownSettingSuggestsTheClosestSetting() {
        let (_, diagnostics, _) = Self.diagnose(Array(Self.inRule("titel \"x\"").utf8))
        #expect(diagnostics.first?.suggestion == "title")
        let (_, top, _) = Self.diagnose(Array("playbok \"p\" {\n}\n".utf8))
        #expect(top.map(\.code) == ["PB117"])
        #expect(top.first?.suggestion == "playbook")
    }

    @Test func unclosedBlockIsReportedAtItsOpeningBrace() {
        let (_, diagnostics, source) = Self.diagnose(Array("playbook \"p\" {\n  title \"t\"\n".utf8))
        #expect(Self.located(diagnostics, in: source) == ["PB111 1:14"])
        #expect(source.text(diagnostics[0].range) == "{")
    }

    // MARK: Recovery

    @Test func reportsEveryErrorAndKeepsTheRest() {
        let text = """
        playbook "p" {
          rule "a" {
            when (a
            title "A"
          }
          rule "b" {
            titel "B"
            when b
          }
          rule "c" {
            for 3days
            when c
          }
        }

        """
        let (ast, diagnostics, source) = Self.diagnose(Array(text.utf8))
        #expect(Self.located(diagnostics, in: source) == ["PB110 4:5", "PB112 7:5", "PB106 11:10"])
        guard case .playbook(let p)? = ast.items.first?.kind else { Issue.record("no playbook"); return }
        let rules = p.items.compactMap { item -> RuleDecl? in
            if case .rule(let r) = item.kind { return r }
            return nil
        }
        #expect(rules.map(\.id.text) == ["a", "b", "c"])
        // The good statement after each error is still there.
        #expect(rules.map { $0.items.count } == [2, 1, 2])
    }

    // MARK: Depth

    @Test func treeHeightIsBoundedNotJustNesting() {
        // Each level's chain is short enough for the nesting limit alone, but the links add up:
        // without a height bound this parses to a tree tens of thousands of nodes deep.
        var e = "a"
        for _ in 0..<120 { e = "(" + e + String(repeating: " + a", count: 380) + ")" }
        let (_, diagnostics, _) = Self.diagnose(Array(Self.inRule("when \(e)").utf8))
        #expect(!diagnostics.isEmpty)
        #expect(diagnostics.allSatisfy { $0.code == "PB113" })
    }

    @Test func longFlatChainsStillParse() {
        let chain = Array(repeating: "a.b > 1", count: 100).joined(separator: " and ")
        let (dump, codes) = Self.dumpCondition(chain)
        #expect(codes == [])
        #expect(dump.hasPrefix("(binary and (binary and"))
    }
}
