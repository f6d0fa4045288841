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

/// Field values of many records of one type, row after row: the repository loads a whole
/// table's rows for a batch of accounts into one block, so a record costs no allocation of
/// its own (a row used to be an object and an array; freeing them was a fifth of a run).
public final class RecordBlock: Sendable {
    /// Row `r`'s field `i` is `values[r * width + i]`.
    public let values: [Value]
    public let width: Int
    let keys: Keys

    /// How a record's key (its identity among its siblings, the item of `each` rules) is found.
    public enum Keys: Sendable {
        /// One key per row.
        case fixed([String])
        /// Every row has the same key.
        case constant(String)
        /// The text of one field, or two joined by `/`; made only when asked for, which is
        /// rarely (only for records that fire `each` rules).
        case fields(Int, Int)
    }

    public init(values: [Value], width: Int, keys: Keys) {
        precondition(width > 0 ? values.count % width == 0 : values.isEmpty, "a block holds whole rows")
        self.values = values
        self.width = width
        self.keys = keys
    }

    public var count: Int { width > 0 ? values.count / width : 0 }
}

/// One record of the central repository in evaluation form: field values in the order of the
/// record's schema, so a field is read by index, never by name.
public struct Record: Sendable {
    public let block: RecordBlock
    public let row: Int

    public init(block: RecordBlock, row: Int) {
        self.block = block
        self.row = row
    }

    public init(fields: [Value], key: String) {
        block = RecordBlock(values: fields, width: fields.count, keys: .constant(key))
        row = 0
    }

    public init(fields: [Value], keyField: Int, secondKeyField: Int = -1) {
        block = RecordBlock(values: fields, width: fields.count, keys: .fields(keyField, secondKeyField))
        row = 0
    }

    /// The record's own fields, indexed from 0.
    public var fields: [Value] { Array(block.values[row * block.width ..< (row + 1) * block.width]) }

    /// Stable key of the record among its siblings (id, name…), used as the item of `each` rules.
    public var key: String {
        switch block.keys {
        case .fixed(let keys): return keys[row]
        case .constant(let key): return key
        case .fields(let first, let second):
            let a = first >= 0 ? self[first].keyText : ""
            return second >= 0 ? a + "/" + self[second].keyText : a
        }
    }

    @inline(__always) public subscript(_ i: Int) -> Value {
        i < block.width ? block.values[row &* block.width &+ i] : .missing
    }
}
