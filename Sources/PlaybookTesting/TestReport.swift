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
        func position(_ range: SourceRange, _ o: inout JSONText.Object) {
            guard let f = r.sources[range.file] else {
                for key in ["file", "line", "column"] { o.add(key, JSONText.Value.null) }
                return
            }
            let (l, c) = f.lineColumn(of: Int(range.start))
            o.add("file", f.path)
            o.add("line", l)
            o.add("column", c)
        }
        func problem(_ d: Diagnostic) -> JSONText.Value {
            var o = JSONText.Object()
            o.add("code", d.code)
            o.add("message", d.text)
            position(d.range, &o)
            o.add("notes", .strings(d.notes.map(\.message)))
            if let s = d.suggestion { o.add("suggestion", s) }
            return o.value
        }
        let cases = r.cases.map { c -> JSONText.Value in
            let failures = c.failures.map { f -> JSONText.Value in
                var o = JSONText.Object()
                position(f.range, &o)
                o.add("date", f.date.description)
                o.add("expected", f.expected)
                o.add("actual", f.actual)
                o.add("explanation", f.explanation)
                return o.value
            }
            var o = JSONText.Object()
            o.add("name", c.name)
            position(c.range, &o)
            o.add("passed", c.passed)
            o.add("notRun", c.notRun)
            o.add("failures", .array(failures))
            o.add("problems", .array(c.diagnostics.map(problem)))
            return o.value
        }
        var o = JSONText.Object()
        o.add("passed", r.passed)
        o.add("failed", r.failed)
        o.lineBreak()
        o.add("cases", .array(cases, layout: .block))
        o.lineBreak()
        o.add("problems", .array(r.diagnostics.map(problem), layout: .lines))
        if let c = r.coverage {
            let gaps = c.gaps.map { g -> JSONText.Value in
                var o = JSONText.Object()
                o.add("rule", g.rule)
                o.add("location", g.location)
                o.add("branch", g.branch)
                o.add("missing", g.missing)
                return o.value
            }
            var co = JSONText.Object()
            co.add("rules", c.rules)
            co.add("coveredRules", c.coveredRules)
            co.add("branches", c.branches)
            co.add("coveredBranches", c.coveredBranches)
            co.add("gaps", .array(gaps, layout: .lines))
            o.lineBreak()
            o.add("coverage", co)
        }
        return o.text() + "\n"
    }
}
