import PlaybookLanguage

/// Every message about a test file, in one place, each with a stable code (docs/testing.md).
/// The language's own catalogue (`DiagnosticMessage`, PB codes) is for playbooks; test files get
/// their own PT codes so that neither catalogue has to know about the other. Never renumber.
///
/// PT0xx files, PT1xx syntax of a test file, PT2xx references to playbooks and data.
package enum TestMessage: Sendable, Hashable {
    case cannotRead(String)                          // PT001
    case noTestFiles                                 // PT002
    case unterminatedText                            // PT101
    case invalidEscape(String)                       // PT102
    case unknownStatement(String)                    // PT103
    case expected(String, found: String)             // PT104
    case invalidDate(String)                         // PT105
    case outsideCase(String)                         // PT106
    case beforeFirstRun(String)                      // PT107
    case datesNotIncreasing(String, previous: String) // PT108
    case duplicateCase(String)                       // PT109
    case caseWithoutRun(String)                      // PT110
    case attributeWithoutExpectation(String)         // PT111
    case duplicateAttribute(String)                  // PT112
    case emptyTable(String)                          // PT113
    case setAfterRun                                 // PT114
    case misplacedPlaybooks                          // PT115
    case unknownEntity(String)                       // PT201
    case dataProblem(String)                         // PT202
    case unknownRule(String)                         // PT203
    case unknownAccount(String)                      // PT204
    case unknownParameter(String, playbook: String)  // PT205
    case unknownPlaybook(String)                     // PT206
    case invalidOverride(String)                     // PT207
    case playbooksHaveErrors(Int)                    // PT208

    package var code: String {
        switch self {
        case .cannotRead: "PT001"
        case .noTestFiles: "PT002"
        case .unterminatedText: "PT101"
        case .invalidEscape: "PT102"
        case .unknownStatement: "PT103"
        case .expected: "PT104"
        case .invalidDate: "PT105"
        case .outsideCase: "PT106"
        case .beforeFirstRun: "PT107"
        case .datesNotIncreasing: "PT108"
        case .duplicateCase: "PT109"
        case .caseWithoutRun: "PT110"
        case .attributeWithoutExpectation: "PT111"
        case .duplicateAttribute: "PT112"
        case .emptyTable: "PT113"
        case .setAfterRun: "PT114"
        case .misplacedPlaybooks: "PT115"
        case .unknownEntity: "PT201"
        case .dataProblem: "PT202"
        case .unknownRule: "PT203"
        case .unknownAccount: "PT204"
        case .unknownParameter: "PT205"
        case .unknownPlaybook: "PT206"
        case .invalidOverride: "PT207"
        case .playbooksHaveErrors: "PT208"
        }
    }

    /// One phrase, no trailing period, naming the thing (the style of the language's messages).
    package var text: String {
        switch self {
        case .cannotRead(let why): "cannot read test file: \(why)"
        case .noTestFiles: "no `.test` files found"
        case .unterminatedText: "text is missing its closing quote"
        case .invalidEscape(let e): "unknown escape `\(e)` in text"
        case .unknownStatement(let w): "unknown statement `\(w)`"
        case .expected(let what, let found): "expected \(what), found \(found)"
        case .invalidDate(let d): "`\(d)` is not a valid date"
        case .outsideCase(let w): "`\(w)` must be inside a case"
        case .beforeFirstRun(let w): "`\(w)` needs an `on` line before it"
        case .datesNotIncreasing(let d, let p): "`on \(d)` is not after the previous run, on \(p)"
        case .duplicateCase(let n): "case \"\(n)\" is defined more than once in this file"
        case .caseWithoutRun(let n): "case \"\(n)\" has no `on` line, so nothing runs"
        case .attributeWithoutExpectation(let a): "`\(a)` must follow an `expect task` line"
        case .duplicateAttribute(let a): "`\(a)` is given twice for the same task"
        case .emptyTable(let e): "`data \(e)` has no table under it"
        case .setAfterRun: "`set` must come before the case's first `on`"
        case .misplacedPlaybooks: "`playbooks` must come once, before the first case"
        case .unknownEntity(let e): "unknown record type `\(e)`"
        case .dataProblem(let reason): "data: \(reason)"
        case .unknownRule(let r): "no rule `\(r)` in the playbooks under test"
        case .unknownAccount(let a): "no account `\(a)` in this case's data"
        case .unknownParameter(let p, let b): "playbook `\(b)` has no parameter `\(p)`"
        case .unknownPlaybook(let p): "no playbook `\(p)` in the playbooks under test"
        case .invalidOverride(let why): "the value does not fit the playbook: \(why)"
        case .playbooksHaveErrors(let n): "the playbooks under test have \(n) \(n == 1 ? "error" : "errors"); no case of this file ran"
        }
    }
}

/// A problem in a test file: a value with a code, a range in the file, notes and an optional
/// "did you mean"; collected, sorted and rendered once, like the language's `Diagnostic`.
package struct TestDiagnostic: Sendable, Hashable {
    package var message: TestMessage
    package var range: SourceRange
    package var notes: [String]
    package var suggestion: String?

    package init(_ message: TestMessage, at range: SourceRange, notes: [String] = [], suggestion: String? = nil) {
        self.message = message
        self.range = range
        self.notes = notes
        self.suggestion = suggestion
    }

    package var code: String { message.code }
    package var text: String { message.text }
}
