import PlaybookLanguage

/// A value during evaluation. `missing` is a value, not an error: reading a field of something
/// missing gives missing, so playbooks never fail on incomplete data.
public enum Value: Sendable {
    case missing
    case number(Double)
    case text(String)
    case bool(Bool)
    case date(CivilDate)
    /// In days.
    case duration(Double)
    case list([Value])
    case record(Record)

    public var isMissing: Bool { if case .missing = self { true } else { false } }

    /// Only `true` is true: missing and anything else count as false in conditions.
    @inline(__always) public var isTrue: Bool { if case .bool(true) = self { true } else { false } }

    public var asList: [Value] {
        switch self {
        case .list(let l): l
        default: []
        }
    }
}

/// One record of the central repository in evaluation form: field values in the order of the
/// record's schema, so a field is read by index, never by name.
public final class Record: Sendable {
    public let fields: [Value]
    /// Stable key of the record among its siblings (id, name…), used as the item of `each` rules.
    public let key: String

    public init(fields: [Value], key: String) {
        self.fields = fields
        self.key = key
    }

    @inline(__always) public subscript(_ i: Int) -> Value { i < fields.count ? fields[i] : .missing }
}
