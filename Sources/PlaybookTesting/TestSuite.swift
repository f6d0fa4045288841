import Foundation
import PlaybookEngine
import PlaybookLanguage

/// Everything `playbook test` found and ran.
package struct TestSuiteResult: Sendable {
    /// The test files, so that diagnostics and failures can be placed.
    package var sources = SourceSet()
    package var cases: [CaseResult] = []
    /// Problems of whole files: unreadable, not parsing, or testing playbooks that have errors.
    package var diagnostics: [Diagnostic] = []
    /// The playbooks' own problems, rendered by the language, once per set of playbooks.
    package var playbookProblems: [String] = []
    package var coverage: CoverageReport?

    package var passed: Int { cases.filter(\.passed).count }
    package var failed: Int { cases.count - passed }
    package var succeeded: Bool { failed == 0 && diagnostics.isEmpty }
}

/// Front door: find the test files under the paths, run every case, optionally measure coverage.
package enum PlaybookTests {
    package static let defaultPath = "Playbooks/"

    package static func run(paths: [String], coverage: Bool) -> TestSuiteResult {
        var suite = Suite(coverage: coverage)
        let (files, missing) = TestPaths.find(paths)
        for m in missing {
            let id = suite.result.sources.add(SourceFile(path: m.path, bytes: []))
            suite.result.diagnostics.append(Diagnostic(test: m.message, at: SourceRange(file: id, start: 0, end: 0)))
        }
        for path in files { suite.runFile(path) }
        if coverage { suite.finishCoverage() }
        return suite.result
    }
}

private struct Suite {
    let coverage: Bool
    var result = TestSuiteResult()
    let variants = PlaybookVariants()
    var reportedPlaybooks: Set<[String]> = []
    var hits: Set<CoverageHit> = []
    var catalogue: [CoverageSite: (info: SiteInfo, sources: SourceSet)] = [:]
    var coverageProblems: [String] = []

    init(coverage: Bool) { self.coverage = coverage }

    mutating func runFile(_ path: String) {
        guard let data = FileManager.default.contents(atPath: path) else {
            let id = result.sources.add(SourceFile(path: path, bytes: []))
            result.diagnostics.append(Diagnostic(test: .cannotRead("permission denied or not a regular file"), at: SourceRange(file: id, start: 0, end: 0)))
            return
        }
        let source = SourceFile(path: path, bytes: [UInt8](data))
        let id = result.sources.add(source)
        let (file, problems) = TestParser.parse(source, id: id)
        result.diagnostics += problems
        guard problems.isEmpty else {
            result.cases += file.cases.map { CaseResult(file: path, name: $0.name, range: $0.range, notRun: "the test file has errors") }
            return
        }
        let paths = TestPaths.playbooks(of: file)
        let workspace = variants.workspace(paths: paths)
        if workspace.hasErrors {
            let at = file.playbooks.first?.range ?? SourceRange(file: id, start: 0, end: 0)
            result.diagnostics.append(Diagnostic(test: .playbooksHaveErrors(workspace.diagnostics.errorCount), at: at,
                                                     notes: ["playbooks read from \(paths.joined(separator: ", "))"]))
            if reportedPlaybooks.insert(paths).inserted {
                result.playbookProblems.append(DiagnosticRenderer.text(workspace.diagnostics.sorted, sources: workspace.sources))
            }
            result.cases += file.cases.map { CaseResult(file: path, name: $0.name, range: $0.range, notRun: "the playbooks it tests have errors") }
            return
        }
        if coverage, case .success(let plain) = variants.variant(paths: paths, overrides: []) { catalogue(plain) }
        for c in file.cases {
            switch variants.variant(paths: paths, overrides: c.overrides) {
            case .failure(let f):
                var r = CaseResult(file: path, name: c.name, range: c.range)
                r.diagnostics = f.diagnostics
                result.cases.append(r)
            case .success(let variant):
                let runner = CaseRunner(file: file, directory: TestPaths.directory(of: path), variant: variant,
                                        coverage: coverage ? variant.coverage : nil)
                result.cases.append(runner.run(c, hits: &hits))
            }
        }
    }

    /// Sites are listed from the playbooks as written (no overrides), so every place is named
    /// by its line in the real file.
    private mutating func catalogue(_ v: PlaybookVariant) {
        guard let probes = v.coverage else { return }
        if let p = probes.problem, !coverageProblems.contains(p) { coverageProblems.append(p) }
        for s in probes.sites where catalogue[s.site] == nil { catalogue[s.site] = (s, v.workspace.sources) }
    }

    mutating func finishCoverage() {
        result.coverage = CoverageReport(sites: catalogue, hits: hits, problems: coverageProblems)
    }
}
