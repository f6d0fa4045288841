public enum Severity: String, Sendable, Comparable {
    case error, warning, note

    public static func < (a: Severity, b: Severity) -> Bool {
        let order: [Severity] = [.error, .warning, .note]
        return order.firstIndex(of: a)! < order.firstIndex(of: b)!
    }
}

/// A problem found in a playbook: a value, never a print or a throw, so that every problem in
/// every file can be collected, sorted and rendered once.
public struct Diagnostic: Sendable, Hashable {
    public struct Note: Sendable, Hashable {
        public var message: String
        public var range: SourceRange?
    }

    public let message: DiagnosticMessage
    public let range: SourceRange
    public var notes: [Note]
    /// A replacement for the text under `range` ("did you mean `account.health`?").
    public var suggestion: String?

    public init(_ message: DiagnosticMessage, at range: SourceRange, notes: [Note] = [], suggestion: String? = nil) {
        self.message = message
        self.range = range
        self.notes = notes
        self.suggestion = suggestion
    }

    public var code: String { message.code }
    public var severity: Severity { message.severity }
    public var text: String { message.text }

    public func note(_ message: String, at range: SourceRange? = nil) -> Diagnostic {
        var copy = self
        copy.notes.append(Note(message: message, range: range))
        return copy
    }
}

/// Collects diagnostics from every phase; sorted by file and position when read.
public struct DiagnosticBag: Sendable {
    public private(set) var items: [Diagnostic] = []
    /// Past this many errors in one run more are counted but not kept: a binary file fed to the
    /// checker would otherwise produce a diagnostic per byte.
    public static let cap = 200
    public private(set) var dropped = 0

    public init() {}

    public mutating func add(_ d: Diagnostic) {
        if items.count >= Self.cap { dropped += 1; return }
        items.append(d)
    }

    public mutating func add(_ message: DiagnosticMessage, at range: SourceRange, suggestion: String? = nil, notes: [Diagnostic.Note] = []) {
        add(Diagnostic(message, at: range, notes: notes, suggestion: suggestion))
    }

    public mutating func append(contentsOf other: DiagnosticBag) {
        for d in other.items { add(d) }
        dropped += other.dropped
    }

    public var sorted: [Diagnostic] {
        items.sorted { a, b in
            if a.range != b.range { return a.range < b.range }
            return a.code < b.code
        }
    }

    public var hasErrors: Bool { items.contains { $0.severity == .error } }
    public var errorCount: Int { items.filter { $0.severity == .error }.count + dropped }
    public var warningCount: Int { items.filter { $0.severity == .warning }.count }
}
