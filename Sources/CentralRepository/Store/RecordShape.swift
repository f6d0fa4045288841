import PlaybookEngine
import PlaybookLanguage

/// Builds records of one schema type by field index. Indexes are looked up once per run, by
/// name, here; filling a record is then array stores.
struct RecordShape {
    let name: String
    let width: Int
    private let indexes: [String: Int]
    /// Custom fields declared by the playbooks: name → (index, type).
    let custom: [String: (index: Int, type: PType)]

    init(_ schema: Schema, _ record: String) {
        let r = schema.record(record)!
        name = record
        width = r.fields.count
        indexes = Dictionary(r.fields.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        var custom: [String: (Int, PType)] = [:]
        for (i, f) in r.fields.enumerated() where f.isCustom { custom[f.name] = (i, f.type) }
        self.custom = custom
    }

    func index(_ field: String) -> Int {
        guard let i = indexes[field] else { preconditionFailure("schema has no \(name).\(field)") }
        return i
    }

    func empty() -> [Value] { Array(repeating: .missing, count: width) }

    /// Custom values are stored typed when a playbook declared the field at import, as text
    /// otherwise (see docs/import.md); either way they are read with the type declared now.
    /// - Parameter base: where the record's fields start in `fields` (a block of rows).
    func applyCustom(_ json: String?, to fields: inout [Value], at base: Int = 0) {
        guard let json, !custom.isEmpty else { return }
        for (name, stored) in FlatJSON.decode(json) {
            guard let (i, type) = custom[name] else { continue }
            fields[base + i] = Self.typed(stored, type)
        }
    }

    /// A stored value as the declared type; a value of another type (the declaration changed
    /// since the import) is missing, except that anything reads as text.
    static func typed(_ stored: FlatJSON.Value, _ type: PType) -> Value {
        switch (stored, type) {
        case (.text(let t), _): typed(t, type)
        case (.number(let d), .number): .number(d)
        case (.number(let d), .duration): .duration(d)
        case (.number(let d), .text): .text(FlatJSON.number(d))
        case (.bool(let b), .boolean): .bool(b)
        case (.bool(let b), .text): .text(b ? "true" : "false")
        case (.list(let items), .list(let e)): .list(items.map { typed($0, e) })
        default: .missing
        }
    }

    static func typed(_ text: String, _ type: PType) -> Value {
        if text.isEmpty { return .missing }
        switch type {
        case .number: return Double(text).map(Value.number) ?? .missing
        case .boolean:
            switch text.lowercased() {
            case "yes", "true", "y", "1": return .bool(true)
            case "no", "false", "n", "0": return .bool(false)
            default: return .missing
            }
        case .date: return CivilDate.parse(text).map(Value.date) ?? .missing
        case .duration: return Double(text).map(Value.duration) ?? .missing
        case .list(let e): return .list(text.split(separator: ";").map { typed($0.trimmingCharactersInSpaces, e) })
        default: return .text(text)
        }
    }
}

extension Substring {
    var trimmingCharactersInSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
