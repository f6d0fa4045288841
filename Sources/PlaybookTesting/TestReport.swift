import PlaybookLanguage

/// The one place test results become text: a line per case, a diff per failure, the coverage
/// gaps and a closing count; or all of it as one JSON object. Pure functions of the result.
package enum TestReport {
    /// What goes to standard output: the results. Problems in the files go to standard error (`problems`).
    package static func text(_ r: TestSuiteResult) -> String {
        var out = ""
        for c in r.cases {
            out += (c.passed ? "ok    " : "FAIL  ") + location(c.range, r.sources, column: false) + "  " + c.name + "\n"
            if let why = c.notRun { out += "      not run: \(why)\n" }
            for d in c.diagnostics { out += indent(diagnostics([d], r.sources)) }
            var lastLine: String?
            for f in c.failures {
                let at = location(f.range, r.sources, column: true)
                if at != lastLine { out += "      \(at): after the run on \(f.date)\n" }
                lastLine = at
                out += "      - \(f.expected)\n      + \(f.actual)\n"
                if let e = f.explanation { out += "          because: \(e)\n" }
            }
        }
        if let cov = r.coverage { out += coverage(cov) }
        out += "\(r.passed) passed, \(r.failed) failed\n"
        return out
    }

    /// Problems in test files and in the playbooks they test, for standard error.
    package static func problems(_ r: TestSuiteResult) -> String {
        diagnostics(r.diagnostics, r.sources) + r.playbookProblems.joined()
    }

    static func coverage(_ c: CoverageReport) -> String {
        var out = "\ncoverage: \(c.coveredRules) of \(c.rules) rules and \(c.coveredBranches) of \(c.branches) branches exercised both ways\n"
        for g in c.gaps {
            out += "  \(g.location): \(g.rule)" + (g.branch.map { ": `\($0)`" } ?? "") + " \(g.missing)\n"
        }
        for p in c.problems { out += "  coverage probes did not check: \(p)\n" }
        return out + "\n"
    }

    /// `path:line` (or `path:line:column`) of a range in a test file.
    static func location(_ range: SourceRange, _ sources: SourceSet, column: Bool) -> String {
        guard let f = sources[range.file] else { return "?" }
        let (l, c) = f.lineColumn(of: Int(range.start))
        return column ? "\(f.path):\(l):\(c)" : "\(f.path):\(l)"
    }

    private static func indent(_ s: String) -> String {
        s.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { "      " + $0 + "\n" }.joined()
    }

    /// Rendered by the language, so a test file's problems look exactly like a playbook's.
    static func diagnostics(_ ds: [Diagnostic], _ sources: SourceSet) -> String {
        DiagnosticRenderer.text(ds, sources: sources)
    }

    // MARK: JSON

    package static func json(_ r: TestSuiteResult) -> String {
        func q(_ s: String) -> String { JSONText.quote(s) }
        func position(_ range: SourceRange) -> String {
            guard let f = r.sources[range.file] else { return "\"file\":null,\"line\":null,\"column\":null" }
            let (l, c) = f.lineColumn(of: Int(range.start))
            return "\"file\":\(q(f.path)),\"line\":\(l),\"column\":\(c)"
        }
        func problem(_ d: Diagnostic) -> String {
            "{\"code\":\(q(d.code)),\"message\":\(q(d.text)),\(position(d.range)),\"notes\":[\(d.notes.map { q($0.message) }.joined(separator: ","))]"
                + (d.suggestion.map { ",\"suggestion\":\(q($0))" } ?? "") + "}"
        }
        var cases: [String] = []
        for c in r.cases {
            let failures = c.failures.map { f in
                "{\(position(f.range)),\"date\":\(q(f.date.description)),\"expected\":\(q(f.expected)),\"actual\":\(q(f.actual)),\"explanation\":\(f.explanation.map(q) ?? "null")}"
            }
            cases.append("{\"name\":\(q(c.name)),\(position(c.range)),\"passed\":\(c.passed),\"notRun\":\(c.notRun.map(q) ?? "null"),"
                         + "\"failures\":[\(failures.joined(separator: ","))],\"problems\":[\(c.diagnostics.map(problem).joined(separator: ","))]}")
        }
        var out = "{\"passed\":\(r.passed),\"failed\":\(r.failed),\n\"cases\":[\n" + cases.joined(separator: ",\n") + "\n],\n"
        out += "\"problems\":[\(r.diagnostics.map(problem).joined(separator: ",\n"))]"
        if let c = r.coverage {
            let gaps = c.gaps.map { g in
                "{\"rule\":\(q(g.rule)),\"location\":\(q(g.location)),\"branch\":\(g.branch.map(q) ?? "null"),\"missing\":\(q(g.missing))}"
            }
            out += ",\n\"coverage\":{\"rules\":\(c.rules),\"coveredRules\":\(c.coveredRules),\"branches\":\(c.branches),"
                + "\"coveredBranches\":\(c.coveredBranches),\"gaps\":[\(gaps.joined(separator: ",\n"))]}"
        }
        return out + "}\n"
    }
}
