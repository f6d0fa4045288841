import Foundation
import Testing
import FuzzChecks

/// Every input a fuzz campaign found (docs/fuzzing.md) goes through the checks its fuzz target
/// runs: `Inputs/language/NAME` through `LanguageFuzz`, `Inputs/import/NAME` through
/// `ImportFuzz`. A crash fails the whole test run; a broken property fails the case. Beside an
/// input, `NAME.expect` lists text its diagnostics must contain, one per line: a crash input is
/// malformed, and the fix is a message, not silence. `Inputs/pending` holds crashes whose fix
/// is on another branch; they move up here once it is merged.
@Suite struct FuzzRegressionTests {
    static let inputs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Inputs")

    static func names(_ target: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: inputs.appendingPathComponent(target).path)) ?? []
        return files.filter { !$0.hasPrefix(".") && !$0.hasSuffix(".expect") && !$0.hasSuffix(".md") }.sorted()
    }

    static func load(_ target: String, _ name: String) throws -> (input: [UInt8], expected: [String]) {
        let dir = inputs.appendingPathComponent(target)
        let input = Array(try Data(contentsOf: dir.appendingPathComponent(name)))
        let expectURL = dir.appendingPathComponent(name + ".expect")
        let expected = (try? String(contentsOf: expectURL, encoding: .utf8))?
            .split(separator: "\n").map(String.init).filter { !$0.isEmpty } ?? []
        return (input, expected)
    }

    static func verify(_ outcome: FuzzOutcome, expected: [String], noneUnlessExpected: Bool = false,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(outcome.violations == [], sourceLocation: sourceLocation)
        if noneUnlessExpected {
            #expect(outcome.diagnostics.isEmpty == expected.isEmpty, "\(outcome.diagnostics)", sourceLocation: sourceLocation)
        }
        for text in expected {
            #expect(outcome.diagnostics.contains { $0.contains(text) }, "no diagnostic contains \"\(text)\": \(outcome.diagnostics)",
                    sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: names("language"))
    func language(_ name: String) throws {
        let (input, expected) = try Self.load("language", name)
        Self.verify(LanguageFuzz.run(input), expected: expected)
    }

    @Test(arguments: names("import"))
    func importFile(_ name: String) throws {
        let (input, expected) = try Self.load("import", name)
        Self.verify(ImportFuzz.run(input), expected: expected)
    }

    /// The checks must see what they are meant to see, or a campaign finds nothing by design.
    @Test(arguments: [
        ("playbook \"p\" {\n  title \"P\"\n}\n", [String]()),
        ("playbook \"p\" {\n  title 3\n}\n", ["PB"]),
        ("playbook \"p\" {", ["PB"]),
    ])
    func languageChecksSeeTheirInput(_ text: String, _ expected: [String]) {
        Self.verify(LanguageFuzz.run(Array(text.utf8)), expected: expected, noneUnlessExpected: true)
    }

    @Test(arguments: [
        ("accounts.csv\nid,name,phase\na1,Acme,2\n", [String]()),
        ("accounts.json\n[{\"id\": \"a1\", \"name\": \"Acme\", \"phase\": 2}]", []),
        ("accounts.csv\nid,name,phase\na1,\"Acme,2\n", ["never closed"]),
        ("accounts.json\n[{\"id\": \"a1\", \"name\": \"Acme\", \"phase\": 9}]", ["accounts.json:1:40: `phase`"]),
        ("health.txt\nanything", ["health.txt:1:1:"]),
    ])
    func importChecksSeeTheirInput(_ text: String, _ expected: [String]) {
        Self.verify(ImportFuzz.run(Array(text.utf8)), expected: expected, noneUnlessExpected: true)
    }
}
