import Testing
import Import

@Suite struct JSONReaderTests {
    /// A compact rendering of a parsed value with every position, for table comparisons.
    static func dump(_ v: JSONValue) -> String {
        let at = "@\(v.line):\(v.column)"
        switch v.kind {
        case .string(let s): return "s(\(s))\(at)"
        case .number(let n): return "n(\(n))\(at)"
        case .bool(let b): return "\(b)\(at)"
        case .null: return "null\(at)"
        case .array(let items): return "[" + items.map(dump).joined(separator: ",") + "]\(at)"
        case .object(let members):
            return "{" + members.map { "\($0.key)@\($0.line):\($0.column)=\(dump($0.value))" }.joined(separator: ",") + "}\(at)"
        }
    }

    static let good: [(String, String)] = [
        ("[]", "[]@1:1"),
        ("  {}  ", "{}@1:3"),
        ("[{\"a\": \"x\", \"b\": 1.5, \"c\": true, \"d\": null}]",
         "[{a@1:3=s(x)@1:8,b@1:13=n(1.5)@1:18,c@1:23=true@1:28,d@1:34=null@1:39}@1:2]@1:1"),
        ("[\n  {\"id\": -0.5e+3},\n  {\"id\": 10}\n]", "[{id@2:4=n(-0.5e+3)@2:10}@2:3,{id@3:4=n(10)@3:10}@3:3]@1:1"),
        ("[\"é\", \"x\"]", "[s(é)@1:2,s(x)@1:7]@1:1"),
        ("[\"\\u00e9\\n\\t\\\"\\\\\\/\", \"\\ud83d\\ude00\"]", "[s(é\n\t\"\\/)@1:2,s(😀)@1:22]@1:1"),
        ("\u{FEFF}[1]", "[n(1)@1:2]@1:1"),
        ("[1,\r\n2]", "[n(1)@1:2,n(2)@2:1]@1:1"),
        ("0", "n(0)@1:1"),
    ]

    @Test(arguments: good)
    func parses(_ input: String, _ expected: String) throws {
        let value = try JSONReader.parse(Array(input.utf8)).get()
        #expect(Self.dump(value) == expected)
    }

    static let bad: [(String, String)] = [
        ("", "1:1: expected a value, found the end of the file"),
        ("[1,]", "1:4: expected a value, found `]`"),
        ("[1 2]", "1:4: expected `,` or `]`, found `2`"),
        ("{\"a\" 1}", "1:6: expected `:`, found `1`"),
        ("{\"a\": 1,}", "1:9: expected a key in quotes, found `}`"),
        ("{a: 1}", "1:2: expected a key in quotes, found `a`"),
        ("[\"abc", "1:2: this string is never closed"),
        ("[\"a\tb\"]", "1:4: control character in a string; write it as an escape such as \\n"),
        ("[\"\\x\"]", "1:3: invalid escape in a string: `\\x` is not an escape"),
        ("[\"\\u12\"]", "1:3: invalid escape in a string: `\\u` needs four hex digits"),
        ("[\"\\ud800\"]", "1:3: invalid escape in a string: unpaired surrogate"),
        ("[\"\\udc00\"]", "1:3: invalid escape in a string: unpaired surrogate"),
        ("[01]", "1:3: expected `.` or the end of the number (no leading zeros), found `1`"),
        ("[1.]", "1:4: expected a digit after `.`, found `]`"),
        ("[-]", "1:3: expected a digit, found `]`"),
        ("[1e]", "1:4: expected a digit in the exponent, found `]`"),
        ("[tru]", "1:2: expected a value, found `t`"),
        ("[NaN]", "1:2: expected a value, found `N`"),
        ("[1] x", "1:5: expected the end of the file, found `x`"),
        ("[1]\n[2]", "2:1: expected the end of the file, found `[`"),
        ("['a']", "1:2: expected a value, found `'`"),
        ("[\"é\", x]", "1:7: expected a value, found `x`"),
        ("\n\n   [1,\n  }", "4:3: expected a value, found `}`"),
    ]

    @Test(arguments: bad)
    func rejects(_ input: String, _ expected: String) {
        guard case .failure(let e) = JSONReader.parse(Array(input.utf8)) else {
            Issue.record("parsed \(input)")
            return
        }
        #expect(e.description == expected)
    }

    @Test func invalidUTF8InAString() {
        guard case .failure(let e) = JSONReader.parse([0x5B, 0x22, 0x61, 0xFF, 0x22, 0x5D]) else {
            Issue.record("parsed")
            return
        }
        #expect(e.description == "1:4: invalid UTF-8; save the file as UTF-8")
    }

    /// The error is at the first bracket too many (depth `maxDepth + 1` = 129).
    @Test(arguments: [("[", 129), ("{\"a\":", 5 * 128 + 1), ("[{\"a\":", 6 * 64 + 1)])
    func deepNestingIsAnErrorNotACrash(_ opener: String, _ column: Int) {
        #expect(JSONReader.maxDepth == 128)
        let input = Array(String(repeating: opener, count: 100_000).utf8)
        guard case .failure(let e) = JSONReader.parse(input) else {
            Issue.record("parsed")
            return
        }
        #expect(e.description == "1:\(column): nested more than 128 levels deep")
    }

    @Test func nestingUpToTheLimitIsAccepted() throws {
        let depth = JSONReader.maxDepth
        let input = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        _ = try JSONReader.parse(Array(input.utf8)).get()
    }
}
