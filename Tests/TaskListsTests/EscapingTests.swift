import Testing
import TaskLists

/// Each format's escaping, input by input.
@Suite struct EscapingTests {
    @Test(arguments: [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("a & b \"c\" 'd'", "a &amp; b &quot;c&quot; &#39;d&#39;"),
        ("&amp; stays text", "&amp;amp; stays text"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("crlf\r\nand\rcr", "crlf\nand\ncr"),
        ("nul\u{0} bell\u{7} del\u{7F}", "nul\u{FFFD} bell\u{FFFD} del\u{FFFD}"),
        ("café 🚀 👩🏽‍💻", "café 🚀 👩🏽‍💻"),
    ])
    func html(_ input: String, _ expected: String) {
        #expect(HTMLText.escape(input) == expected)
    }

    @Test(arguments: [
        ("plain", "plain"),
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "\"'\rx\""),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("line\nbreak", "\"line\nbreak\""),
        ("=HYPERLINK(\"http://e\",\"x\")", "\"'=HYPERLINK(\"\"http://e\"\",\"\"x\"\")\""),
        ("mid=1+1", "mid=1+1"),
        // A quote followed by a combining mark is one Character but still a quote to CSV.
        ("\"\u{301}", "\"\"\"\u{301}\""),
        ("", ""),
    ])
    func csvField(_ input: String, _ expected: String) {
        #expect(CSVText.field(input) == expected)
    }

    @Test func csvRecordEndsWithCRLF() {
        #expect(CSVText.record(["a", "b,c"]) == "a,\"b,c\"\r\n")
    }

    @Test(arguments: [
        ("plain", "plain"),
        ("a;b,c\\d", "a\\;b\\,c\\\\d"),
        ("one\ntwo\r\nthree\rfour", "one\\ntwo\\nthree\\nfour"),
        ("colon: \"quoted\"", "colon: \"quoted\""),
        ("tab\tnul\u{0}", "tab\tnul\u{FFFD}"),
    ])
    func icalText(_ input: String, _ expected: String) {
        #expect(ICalWriter.escape(input) == expected)
    }

    @Test(arguments: [
        ("*bold* _it_ `code` [link](x) <b> a|b &amp; ~s~ #h", "\\*bold\\* \\_it\\_ \\`code\\` \\[link\\](x) \\<b\\> a\\|b \\&amp; \\~s\\~ \\#h"),
        ("two\n# lines\n\n- list", "two \\# lines - list"),
        ("back\\slash", "back\\\\slash"),
    ])
    func markdown(_ input: String, _ expected: String) {
        #expect(MarkdownText.escape(input) == expected)
    }

    @Test(arguments: [
        ("a < b", "` a < b `"),
        ("uses `x` here", "`` uses `x` here ``"),
        ("``double`` and `single`", "``` ``double`` and `single` ```"),
        ("multi\n   line", "` multi line `"),
    ])
    func markdownCode(_ input: String, _ expected: String) {
        #expect(MarkdownText.code(input) == expected)
    }

    @Test(arguments: [
        ("Ana Ruiz", "ana-ruiz"),
        ("Tomás Herrera", "tomas-herrera"),
        ("Søren Ørsted-Æbelø", "soren-orsted-aebelo"),
        ("../../etc/passwd", "etc-passwd"),
        ("ana.ruiz@example.com", "ana-ruiz-example-com"),
        ("  --Weird__Name--  ", "weird-name"),
    ])
    func slug(_ owner: String, _ expected: String) {
        #expect(FileNames.assign([owner]) == [owner: expected])
    }

    @Test func slugsAreSafeUniqueAndStable() {
        let owners = ["Ana Ruiz", "ana ruiz", "ANA-RUIZ", "Index", "owners", "陳偉", "김민준", "", ".", "..", "/",
                      String(repeating: "Long Name ", count: 40), String(repeating: "Long Name ", count: 41), "a\u{0}b"]
        let names = FileNames.assign(owners)
        #expect(Set(names.values).count == owners.count, "every owner gets a file name of their own")
        for (owner, name) in names {
            #expect(!name.isEmpty && name.count <= 60, "\(owner) → \(name)")
            #expect(name.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }, "\(owner) → \(name)")
            #expect(!name.hasPrefix("-") && !["index", "owners"].contains(name))
        }
        // Colliding names all get a hash of their exact spelling, whatever else is in the set.
        #expect(names["Ana Ruiz"]!.hasPrefix("ana-ruiz-") && names["ana ruiz"]!.hasPrefix("ana-ruiz-"))
        #expect(FileNames.assign(["Ana Ruiz", "ana ruiz"])["Ana Ruiz"] == names["Ana Ruiz"])
        #expect(FileNames.assign(owners.reversed()) == names, "independent of input order")
    }
}
