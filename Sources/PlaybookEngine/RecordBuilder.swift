import PlaybookLanguage

/// Builds a record by field name: for tests and fixtures, not for the hot path (the
/// repository fills records by index).
public struct RecordBuilder {
    let record: Schema.Record
    var fields: [Value]

    public init(_ schema: Schema, _ record: String) {
        self.record = schema.record(record)!
        fields = Array(repeating: .missing, count: self.record.fields.count)
    }

    /// Unknown field names are a programming error in the caller.
    public func with(_ name: String, _ value: Value) -> RecordBuilder {
        guard let (i, _) = record.field(name) else { preconditionFailure("\(record.name) has no field \(name)") }
        var copy = self
        copy.fields[i] = value
        return copy
    }

    public func build(key: String) -> Record { Record(fields: fields, key: key) }
}
