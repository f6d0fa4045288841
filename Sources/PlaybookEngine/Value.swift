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

    var keyText: String { isMissing ? "" : display }

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
    private let fixedKey: String?
    private let keyField: Int
    private let secondKeyField: Int

    public init(fields: [Value], key: String) {
        self.fields = fields
        self.fixedKey = key
        self.keyField = -1
        self.secondKeyField = -1
    }

    /// A record keyed by one of its fields (or two, joined by `/`): the key is only made into
    /// text when asked for, which is rarely (only for records that fire `each` rules).
    public init(fields: [Value], keyField: Int, secondKeyField: Int = -1) {
        self.fields = fields
        self.fixedKey = nil
        self.keyField = keyField
        self.secondKeyField = secondKeyField
    }

    /// Stable key of the record among its siblings (id, name…), used as the item of `each` rules.
    public var key: String {
        if let fixedKey { return fixedKey }
        let first = keyField >= 0 ? fields[keyField].keyText : ""
        return secondKeyField >= 0 ? first + "/" + fields[secondKeyField].keyText : first
    }

    @inline(__always) public subscript(_ i: Int) -> Value { i < fields.count ? fields[i] : .missing }
}
