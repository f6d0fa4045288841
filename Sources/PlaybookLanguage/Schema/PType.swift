/// The types of the language. Records are the entities of the central repository; choices are
/// texts limited to a fixed set of values, so that `light == "redd"` is caught before a run.
public indirect enum PType: Sendable, Hashable, CustomStringConvertible {
    case number, text, boolean, date, duration
    case choice(Choice)
    case record(String)
    case list(PType)
    /// A list literal with no elements: fits any list type.
    case emptyList
    /// The type of an expression that already has an error: never reported again.
    case error

    /// One shared value: each `.record` is boxed, and `account` is named on almost every line.
    static let account = PType.record("account")

    public struct Choice: Sendable, Hashable {
        public var name: String
        public var values: [String]
        public init(_ name: String, _ values: [String]) { self.name = name; self.values = values }
    }

    public var description: String {
        switch self {
        case .number: "a number"
        case .text: "text"
        case .boolean: "true/false"
        case .date: "a date"
        case .duration: "a duration"
        case .choice(let c): "\(c.name) (one of \(c.values.map { "\"\($0)\"" }.joined(separator: ", ")))"
        case .record(let r): "a \(r) record"
        case .list(let e): "a list of \(e.plural)"
        case .emptyList: "an empty list"
        case .error: "an invalid value"
        }
    }

    /// How the type reads in "a list of …".
    var plural: String {
        switch self {
        case .number: "numbers"
        case .text: "texts"
        case .boolean: "true/false values"
        case .date: "dates"
        case .duration: "durations"
        case .choice(let c): "\(c.name) values"
        case .record(let r): "\(r) records"
        case .list(let e): "lists of \(e.plural)"
        case .emptyList, .error: "values"
        }
    }

    /// The spelling used in playbooks (`list of text`, `one of "a", "b"`).
    public var syntax: String {
        switch self {
        case .number: "number"
        case .text: "text"
        case .boolean: "boolean"
        case .date: "date"
        case .duration: "duration"
        case .choice(let c): "one of " + c.values.map { "\"\($0)\"" }.joined(separator: ", ")
        case .record(let r): r
        case .list(let e): "list of \(e.syntax)"
        case .emptyList: "list"
        case .error: "?"
        }
    }

    var isError: Bool { if case .error = self { true } else { false } }

    /// Texts and choices compare with each other: a choice is text with a known set of values.
    var isTextLike: Bool {
        switch self { case .text, .choice: true; default: false }
    }

    var isOrdered: Bool {
        switch self { case .number, .date, .duration, .text: true; default: false }
    }

    var elementType: PType? {
        switch self {
        case .list(let e): e
        case .emptyList: .error
        default: nil
        }
    }

    /// Can a value of type `self` be used where `expected` is wanted?
    func fits(_ expected: PType) -> Bool {
        if self == expected || isError || expected.isError { return true }
        switch (self, expected) {
        case (.choice, .text): return true
        case (.emptyList, .list), (.list, .emptyList): return true
        case (.list(let a), .list(let b)): return a.fits(b)
        default: return false
        }
    }
}
