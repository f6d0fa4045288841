import Foundation
import Testing
@testable import PlaybookLanguage

/// One rendering scenario: files, and diagnostics placed by searching for a snippet of text so
/// the cases stay readable. Goldens live in `Fixtures/render/<name>.txt` and `.json`.
struct RenderCase: CustomTestStringConvertible, Sendable {
    var name: String
    var files: [(path: String, bytes: [UInt8])]
    var diagnostics: @Sendable (SourceSet) -> [Diagnostic]
    var testDescription: String { name }

    init(_ name: String, files: [(String, String)], _ diagnostics: @escaping @Sendable (SourceSet) -> [Diagnostic]) {
        self.init(name, rawFiles: files.map { ($0.0, Array($0.1.utf8)) }, diagnostics)
    }

    init(_ name: String, rawFiles: [(String, [UInt8])], _ diagnostics: @escaping @Sendable (SourceSet) -> [Diagnostic]) {
        self.name = name
        self.files = rawFiles.map { (path: $0.0, bytes: $0.1) }
        self.diagnostics = diagnostics
    }

    var sources: SourceSet {
        var set = SourceSet()
        for f in files { set.add(SourceFile(path: f.path, bytes: f.bytes)) }
        return set
    }
}

/// The range of the `occurrence`-th match of `needle` in file `file` (by bytes), optionally
/// stretched to the end of `through`.
func rangeOf(_ needle: String, in sources: SourceSet, file: Int32 = 0, through: String? = nil) -> SourceRange {
    let bytes = sources[file]!.bytes
    let n = Array(needle.utf8)
    let start = (0...(bytes.count - n.count)).first { Array(bytes[$0..<$0 + n.count]) == n }!
    var end = start + n.count
    if let through {
        let t = Array(through.utf8)
        end = (start...(bytes.count - t.count)).first { Array(bytes[$0..<$0 + t.count]) == t }! + t.count
    }
    return SourceRange(file: file, start: start, end: end)
}

@Suite struct RendererTests {
    static let playbook = """
        playbook "onboarding" {
          title "Onboarding"
          phase 2
          rule "low-health" {
            when account.helth.score < 60 and
                 account.phase > 3
            task { title "Call {account.name}" }
          }
          title "Again"
        }

        """

    static let cases: [RenderCase] = [
        RenderCase("suggestion", files: [("Playbooks/onboarding.playbook", playbook)]) { s in
            [Diagnostic(.unknownField("helth", entity: "account"), at: rangeOf("helth", in: s), suggestion: "health")]
        },
        RenderCase("multiline-range", files: [("Playbooks/onboarding.playbook", playbook)]) { s in
            [Diagnostic(.typeMismatch(expected: "a number", got: "a condition", context: "the value"),
                        at: rangeOf("account.helth", in: s, through: "> 3"))]
        },
        RenderCase("note-with-range", files: [("Playbooks/onboarding.playbook", playbook)]) { s in
            [Diagnostic(.duplicateSetting("title"), at: rangeOf("title \"Again", in: s))
                .note("first set here", at: rangeOf("title \"Onboarding\"", in: s))
                .note("a playbook has one title")]
        },
        RenderCase("tabs", files: [("tabs.playbook", "playbook \"t\" {\n\ttitle \"T\"\n\tphase\t9\n}\n")]) { s in
            [Diagnostic(.phaseOutOfRange("9"), at: rangeOf("9", in: s))]
        },
        RenderCase("non-ascii", files: [("café/ünï.playbook", "playbook \"t\" {\n  title \"Café – 日本語\" phse 2\n}\n")]) { s in
            [Diagnostic(.unknownSetting("phse", block: "playbook"), at: rangeOf("phse", in: s), suggestion: "phase")]
        },
        // A decomposed é (e + U+0301) and an emoji: a combining mark takes no column, the emoji two.
        RenderCase("combining-and-wide", files: [("c.playbook", "playbook \"t\" {\n  title \"Cafe\u{301} 🙂\" phse 2\n}\n")]) { s in
            [Diagnostic(.unknownSetting("phse", block: "playbook"), at: rangeOf("phse", in: s))]
        },
        RenderCase("several-files-and-severities", files: [
            ("a.playbook", "playbook \"a\" {\n  param unused = 3\n}\n"),
            ("b.playbook", "playbook \"a\" {\n}\n"),
        ]) { s in
            [Diagnostic(.unusedParameter("unused"), at: rangeOf("unused", in: s)),
             Diagnostic(.duplicatePlaybook("a"), at: rangeOf("\"a\"", in: s, file: 1))
                .note("first defined here", at: rangeOf("\"a\"", in: s, file: 0))]
        },
        RenderCase("whole-file-and-no-file", files: [("missing.playbook", "")]) { _ in
            [Diagnostic(.cannotRead("no such file or directory"), at: SourceRange(file: 0, start: 0, end: 0)),
             Diagnostic(.noPlaybookFiles, at: .none)]
        },
        RenderCase("control-and-invalid-utf8", rawFiles: [
            ("bin.playbook", Array("plybook \u{1B}[31m \"x\"".utf8) + [0xFF, 0xFE] + Array(" {\n".utf8)),
        ]) { s in
            [Diagnostic(.unexpectedCharacter("\u{1B}["), at: rangeOf("\u{1B}[", in: s)),
             Diagnostic(.invalidUTF8, at: SourceRange(file: 0, start: 17, end: 18))]
        },
        RenderCase("end-of-file", files: [("eof.playbook", "playbook \"p\" {\n  title \"P\"")]) { s in
            let n = s[0]!.bytes.count
            return [Diagnostic(.expected("`}`", found: "the end of the file"), at: SourceRange(file: 0, start: n, end: n))]
        },
        RenderCase("long-line", files: [("long.playbook", "playbook \"p\" { title \"" + String(repeating: "a", count: 300)
                                         + "\" phase x" + String(repeating: " + 1", count: 100) + " }\n")]) { s in
            [Diagnostic(.unknownName("x"), at: rangeOf("x +", in: s)),
             Diagnostic(.nestingTooDeep, at: rangeOf("x +", in: s, through: "}"))]
        },
    ]

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/render")

    @Test(arguments: cases)
    func text(_ c: RenderCase) throws {
        let sources = c.sources
        try assertGolden(DiagnosticRenderer.text(c.diagnostics(sources), sources: sources), "\(c.name).txt")
    }

    @Test(arguments: cases)
    func json(_ c: RenderCase) throws {
        let sources = c.sources
        let diags = c.diagnostics(sources)
        let json = DiagnosticRenderer.json(diags, sources: sources)
        try assertGolden(json, "\(c.name).json")
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(parsed.count == diags.count)
        #expect(parsed.map { $0["code"] as? String } == diags.map(\.code))
        #expect(parsed.map { $0["message"] as? String } == diags.map(\.text))
    }

    @Test func summary() {
        #expect(DiagnosticRenderer.summary(errors: 1, warnings: 0) == "1 error, 0 warnings")
        #expect(DiagnosticRenderer.summary(errors: 2, warnings: 1) == "2 errors, 1 warning")
    }

    @Test(arguments: [
        ("plain", #""plain""#),
        ("quote \" and \\ backslash", #""quote \" and \\ backslash""#),
        ("line\nbreak\ttab\r", #""line\nbreak\ttab\r""#),
        ("\u{0}\u{1F}\u{7F}", #""\u0000\u001F\u007F""#),
        ("sep\u{2028}\u{2029}", #""sep\u2028\u2029""#),
        ("café 日本 🙂", "\"café 日本 🙂\""),
        (String(decoding: [0x61, 0xFF, 0x62] as [UInt8], as: UTF8.self), "\"a\u{FFFD}b\""),
    ])
    func jsonString(_ input: String, _ expected: String) throws {
        let encoded = DiagnosticRenderer.jsonString(input)
        #expect(encoded == expected)
        // Whatever the input, the output is one valid JSON value that decodes back to it.
        let decoded = try JSONSerialization.jsonObject(with: Data("[\(encoded)]".utf8)) as? [String]
        #expect(decoded == [input])
    }

    @Test func emptyListIsValidJSON() {
        #expect(DiagnosticRenderer.json([], sources: SourceSet()) == "[]\n")
    }

    /// Compares with the golden file, or rewrites it when `PLAYBOOK_RECORD=1`.
    private func assertGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = Self.fixtures.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["PLAYBOOK_RECORD"] == "1" {
            try FileManager.default.createDirectory(at: Self.fixtures, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            return
        }
        guard let expected = try? Data(contentsOf: url) else {
            Issue.record("missing golden file \(name); run with PLAYBOOK_RECORD=1 to create it", sourceLocation: sourceLocation)
            return
        }
        #expect(actual == String(decoding: expected, as: UTF8.self),
                "output differs from \(name); run with PLAYBOOK_RECORD=1 to re-record", sourceLocation: sourceLocation)
    }
}
