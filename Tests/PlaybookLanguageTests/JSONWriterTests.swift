import Testing
@testable import PlaybookLanguage

/// The JSON writer every `--format json` uses: order kept, strings quoted by `JSONText`, line
/// breaks only where asked, so the shapes scripts and golden files expect stay byte for byte.
@Suite struct JSONWriterTests {
    static func object(_ build: (inout JSONText.Object) -> Void) -> JSONText.Value {
        var o = JSONText.Object()
        build(&o)
        return o.value
    }

    static let cases: [(String, JSONText.Value, JSONText.Value.Style, String)] = [
        ("scalars", object { o in
            o.add("s", "a\"b\\c\nd\u{1}"); o.add("none", nil as String?); o.add("n", 42); o.add("m", nil as Int?)
            o.add("t", true); o.add("z", JSONText.Value.null)
        }, .compact, #"{"s":"a\"b\\c\nd\u0001","none":null,"n":42,"m":null,"t":true,"z":null}"#),
        ("keys in insertion order", object { o in o.add("b", 1); o.add("a", 2) }, .compact, #"{"b":1,"a":2}"#),
        ("empty object", object { _ in }, .compact, "{}"),
        ("numbers in the caller's spelling, non-finite as null",
         .array([.number(64.5) { String($0) }, .number(.nan) { String($0) }, .number(-.infinity) { String($0) }]),
         .compact, "[64.5,null,null]"),
        ("strings", .strings(["a", "b\tc"]), .compact, #"["a","b\tc"]"#),
        ("inline", .array([.int(1), .int(2)]), .compact, "[1,2]"),
        ("lines", .array([.int(1), .int(2), .int(3)], layout: .lines), .compact, "[1,\n2,\n3]"),
        ("lines, empty", .array([], layout: .lines), .compact, "[]"),
        ("block", .array([.int(1), .int(2)], layout: .block), .compact, "[\n1,\n2\n]"),
        ("block, empty", .array([], layout: .block), .compact, "[\n\n]"),
        ("object breaks: open, between, close", object { o in
            o.lineBreak(); o.add("a", 1); o.add("b", 2); o.lineBreak(); o.add("c", 3); o.lineBreak()
        }, .compact, "{\n\"a\":1,\"b\":2,\n\"c\":3\n}"),
        ("spaced", .array([object { o in o.add("a", 1); o.add("b", .strings(["x", "y"])) }, object { _ in }], layout: .block),
         .spaced, "[\n  {\"a\": 1, \"b\": [\"x\", \"y\"]},\n  {}\n]"),
    ]

    @Test(arguments: cases)
    func writes(_ name: String, _ value: JSONText.Value, _ style: JSONText.Value.Style, _ expected: String) {
        #expect(value.text(style) == expected, "\(name)")
    }
}
