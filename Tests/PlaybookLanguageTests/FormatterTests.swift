import Foundation
import Testing
@testable import PlaybookLanguage

/// Golden files: `Fixtures/format/NAME.playbook` formats to `NAME.playbook.formatted`.
/// Run with `PLAYBOOK_RECORD=1` to rewrite the golden files from the current formatter.
@Suite struct FormatterTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/format")

    static var goldenNames: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".playbook") }.map { String($0.dropLast(".playbook".count)) }.sorted()
    }

    @Test func thereAreEnoughGoldenFiles() {
        #expect(Self.goldenNames.count >= 6)
    }

    @Test(arguments: goldenNames)
    func golden(_ name: String) throws {
        let input = directory(name + ".playbook")
        let expectedURL = directory(name + ".playbook.formatted")
        let source = SourceFile(path: input.path, bytes: Array(try Data(contentsOf: input)))
        let (ast, diagnostics) = Parse.file(source, id: 0)
        #expect(diagnostics.items.map(\.code) == [], "the golden input must parse cleanly")

        let output = Format.file(ast, source: source)
        if ProcessInfo.processInfo.environment["PLAYBOOK_RECORD"] == "1" {
            try output.write(to: expectedURL, atomically: true, encoding: .utf8)
        } else {
            let expected = try String(contentsOf: expectedURL, encoding: .utf8)
            #expect(output == expected)
        }

        let reparsed = SourceFile(path: "formatted", text: output)
        let (again, againDiagnostics) = Parse.file(reparsed, id: 0)
        #expect(againDiagnostics.items.map(\.code) == [], "the output must parse cleanly")
        #expect(ASTDump.dump(again) == ASTDump.dump(ast), "the output must parse to the same tree")
        #expect(Format.file(again, source: reparsed) == output, "formatting must be idempotent")
        #expect(Self.commentCount(output) == Self.commentCount(source), "every comment must be kept")
    }

    private func directory(_ file: String) -> URL { Self.directory.appendingPathComponent(file) }

    static func commentCount(_ text: String) -> Int { commentCount(SourceFile(path: "x", text: text)) }
    static func commentCount(_ source: SourceFile) -> Int {
        Lexer.tokenize(file: 0, bytes: source.bytes).comments.count
    }

    // MARK: Focused cases

    static func format(_ text: String) -> String {
        let source = SourceFile(path: "t", text: text)
        let (ast, diagnostics) = Parse.file(source, id: 0)
        #expect(diagnostics.items.isEmpty, "\(diagnostics.items.map(\.text))")
        return Format.file(ast, source: source)
    }

    @Test func emptyFileIsOneNewline() {
        #expect(Self.format("") == "\n")
        #expect(Self.format("\n\n  \n") == "\n")
    }

    @Test func commentOnlyFile() {
        #expect(Self.format("\n\n# one   \n\n\n# two") == "# one\n\n# two\n")
    }

    @Test func windowsLineEndingsAndByteOrderMark() {
        let crlf = "playbook \"p\" {\r\n  title \"t\"   # note \t\r\n\r\n\r\n  phase 1\r\n}\r\n"
        #expect(Self.format(crlf) == "playbook \"p\" {\n  title \"t\"  # note\n\n  phase 1\n}\n")
        let bom = SourceFile(path: "t", bytes: [0xEF, 0xBB, 0xBF] + Array("field account.x:number".utf8))
        #expect(Format.file(Parse.file(bom, id: 0).ast, source: bom) == "field account.x: number\n")
    }

    @Test func headerCommentKeepsItsBlankLine() {
        #expect(Self.format("# header\n\n\n\nfield account.x: number") == "# header\n\nfield account.x: number\n")
        #expect(Self.format("# attached\nfield account.x: number") == "# attached\nfield account.x: number\n")
    }

    @Test func singularAndPluralDurations() {
        let out = Self.format("""
        playbook "p" { rule "r" { for 1 days cooldown 2 week task { due in 1 business days } } }
        """)
        #expect(out.contains("for 1 day\n"))
        #expect(out.contains("cooldown 2 weeks\n"))
        #expect(out.contains("due in 1 business day\n"))
    }

    @Test func listBreaksOnlyPastOneHundredColumns() {
        // `      steps ["` + 84 letters + `"]` is exactly 100 columns.
        func task(_ letters: Int) -> String {
            Self.format("playbook \"p\" { rule \"r\" { task { steps [\"\(String(repeating: "a", count: letters))\"] } } }")
        }
        let fits = task(84).split(separator: "\n").first { $0.contains("steps") }!
        #expect(fits.count == 100)
        #expect(task(85).contains("      steps [\n        \"aaa"))
        #expect(task(85).contains("a\",\n      ]\n"))
    }

    @Test func deepTreesFormatWithoutCrashing() {
        // The parser's nesting limit is the formatter's recursion limit: 120 parentheses around
        // a chain of 300 links is about as deep as a tree that parses cleanly can be.
        let chain = Array(repeating: "a", count: 300).joined(separator: " + ")
        let expr = String(repeating: "(", count: 120) + chain + String(repeating: ")", count: 120)
        let text = "playbook \"p\" {\n  rule \"r\" {\n    when \(expr) > 1\n  }\n}\n"
        // Too long for one line, so the chain breaks; the result reads back as the same tree.
        let once = Self.format(text)
        #expect(Self.format(once) == once)
        let dump = { (t: String) in ASTDump.dump(Parse.file(SourceFile(path: "d", text: t), id: 0).ast) }
        #expect(dump(once) == dump(text))
    }

    @Test func taskBlocksAreAlwaysMultiLine() {
        let out = Self.format(#"playbook "p" { change rule "r" { task { priority urgent } } }"#)
        #expect(out == """
        playbook "p" {
          change rule "r" {
            task {
              priority urgent
            }
          }
        }

        """)
    }
}
