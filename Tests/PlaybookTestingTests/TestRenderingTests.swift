import Testing
import PlaybookLanguage
@testable import PlaybookTesting

/// Problems in test files are printed by the language's renderer, so a test file's line looks
/// exactly as a playbook's would: tabs, control characters, wide characters and long lines
/// included. Each case puts an unknown statement after something the renderer must handle.
@Suite struct TestRenderingTests {
    static let lines: [(name: String, line: String)] = [
        ("tab", "\texpext task a/b acme"),
        ("tab inside the line", "case \"c\"\n  on 2026-03-01\n  expect task a/b acme\ttitle \"x\" hihg"),
        ("control character", "\u{1B}[31mexpext task a/b acme"),
        ("wide characters", "case \"日本語🙂\" hihg"),
        ("long line", "case \"" + String(repeating: "a", count: 300) + "\" on"),
    ]

    @Test(arguments: lines.indices)
    func rendersLikeAPlaybookDiagnostic(_ i: Int) throws {
        let source = SourceFile(path: "t.test", text: Self.lines[i].line)
        var sources = SourceSet()
        sources.add(source)
        let (_, diagnostics) = TestParser.parse(source, id: 0)
        let d = try #require(diagnostics.first)
        let rendered = TestReport.diagnostics([d], sources)
        // The same place as a playbook's diagnostic, rendered by the language.
        let language = DiagnosticRenderer.text([Diagnostic(.unknownName("x"), at: d.range)], sources: sources)
        let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false)
        let want = language.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.dropFirst().prefix(2) == want.dropFirst().prefix(2), "\(Self.lines[i].name):\n\(rendered)")
        #expect(!rendered.unicodeScalars.contains { $0.value == 0x1B }, "\(rendered)")
        #expect(rendered.utf8.count < 600, "\(rendered)")
    }

    @Test func tabsAreFourColumnsWide() {
        let source = SourceFile(path: "t.test", text: "\texpext task a/b acme\n")
        var sources = SourceSet()
        sources.add(source)
        let (_, diagnostics) = TestParser.parse(source, id: 0)
        #expect(TestReport.diagnostics(diagnostics, sources) == """
            t.test:1:2: error: unknown statement `expext` [PT103]
                expext task a/b acme
                ^~~~~~
            help: did you mean `expect`?

            """)
    }
}
