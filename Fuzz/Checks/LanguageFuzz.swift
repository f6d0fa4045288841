import PlaybookLanguage

/// What the language fuzz target (Fuzz/language.swift) asks of one input, and what the
/// regression test asks of every input a campaign found: `playbook check` and `playbook fmt`
/// on a file holding exactly these bytes.
package enum LanguageFuzz {
    /// Check returns (whatever the bytes) with diagnostics that render; a file that parses
    /// cleanly formats to text that parses to the same tree and formats to itself.
    package static func run(_ bytes: [UInt8]) -> FuzzOutcome {
        let source = SourceFile(path: "fuzz.playbook", bytes: bytes)
        var sources = SourceSet()
        sources.add(source)
        let workspace = Workspace.check(sources)
        let sorted = workspace.diagnostics.sorted
        _ = DiagnosticRenderer.text(sorted, sources: workspace.sources)
        _ = DiagnosticRenderer.json(sorted, sources: workspace.sources)
        var outcome = FuzzOutcome(diagnostics: sorted.map { "\($0.code) \($0.text)" })

        // The formatter only ever sees files that parse without errors (`playbook fmt` refuses
        // the others), so the round trip starts from the parser's own view, as `fmt` does.
        let (ast, parsed) = Parse.file(source, id: 0)
        guard !parsed.hasErrors else { return outcome }
        let formatted = Format.file(ast, source: source)
        let again = SourceFile(path: "formatted.playbook", text: formatted)
        let (reparsed, reparsedDiagnostics) = Parse.file(again, id: 0)
        if reparsedDiagnostics.hasErrors {
            let first = reparsedDiagnostics.sorted.first.map { "\($0.code) \($0.text)" } ?? ""
            outcome.violations.append("formatted text does not parse: \(first)\n--- formatted\n\(formatted)")
            return outcome
        }
        if ASTDump.dump(reparsed) != ASTDump.dump(ast) {
            outcome.violations.append("formatted text parses to another tree\n--- formatted\n\(formatted)")
        }
        let twice = Format.file(reparsed, source: again)
        if twice != formatted {
            outcome.violations.append("formatting is not idempotent\n--- once\n\(formatted)--- twice\n\(twice)")
        }
        return outcome
    }
}

/// What one input gave: the problems reported to the user (diagnostics, import problems) and
/// the properties it broke. A fuzz target traps on the first violation; a test expects none.
package struct FuzzOutcome: Sendable {
    package var diagnostics: [String]
    package var violations: [String] = []

    package init(diagnostics: [String], violations: [String] = []) {
        self.diagnostics = diagnostics
        self.violations = violations
    }
}
