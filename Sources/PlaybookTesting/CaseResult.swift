import PlaybookLanguage

/// How one case went.
package struct CaseResult: Sendable {
    package var file: String
    package var name: String
    /// The `case "…"` line.
    package var range: SourceRange
    package var failures: [Failure] = []
    /// Problems in the test file that kept the case from running (or running to the end).
    package var diagnostics: [Diagnostic] = []
    /// Why the case did not run at all (its file or its playbooks have errors), if so.
    package var notRun: String?

    package init(file: String, name: String, range: SourceRange, notRun: String? = nil) {
        self.file = file
        self.name = name
        self.range = range
        self.notRun = notRun
    }

    package var passed: Bool { failures.isEmpty && diagnostics.isEmpty && notRun == nil }
}

/// One expectation or task change that did not hold: what the file says against what the run
/// left in the repository.
package struct Failure: Sendable, Equatable {
    /// The `expect`, `done`, `dismiss` or `snooze` line.
    package var range: SourceRange
    /// The run before it.
    package var date: CivilDate
    package var expected: String
    package var actual: String
    /// For a task that should not be there: the stored explanation of why it was created.
    package var explanation: String?
}
