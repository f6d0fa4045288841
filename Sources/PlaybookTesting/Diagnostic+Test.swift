import PlaybookLanguage

extension Diagnostic {
    /// A problem in a test file: the language's own diagnostic with a PT code, so that it is
    /// collected, sorted and rendered exactly as a playbook's are.
    init(test message: TestMessage, at range: SourceRange, notes: [String] = [], suggestion: String? = nil) {
        self = notes.reduce(Diagnostic(.test(message), at: range, suggestion: suggestion)) { $0.note($1) }
    }
}
