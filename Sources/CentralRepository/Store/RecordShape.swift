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

    /// Custom values arrive as text (see docs/import.md) and are read with the declared type.
    /// - Parameter base: where the record's fields start in `fields` (a block of rows).
    func applyCustom(_ json: String?, to fields: inout [Value], at base: Int = 0) {
        guard let json, !custom.isEmpty else { return }
        for (name, text) in FlatJSON.decode(json) {
            guard let (i, type) = custom[name] else { continue }
            fields[base + i] = Self.typed(text, type)
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

/// Custom fields are stored as a flat JSON object of strings: `{"crm_tier":"gold"}`.
enum FlatJSON {
    static func encode(_ pairs: [(String, String)]) -> String? {
        guard !pairs.isEmpty else { return nil }
        return "{" + pairs.map { JSONText.quote($0.0) + ":" + JSONText.quote($0.1) }.joined(separator: ",") + "}"
    }

    /// Reads what `encode` wrote; anything else yields no pairs rather than a crash.
    static func decode(_ s: String) -> [(String, String)] {
        var out: [(String, String)] = []
        var it = Array(s.unicodeScalars)[...]
        func skipSpace() { while let c = it.first, c == " " || c == "\n" || c == "\t" || c == "\r" { it = it.dropFirst() } }
        func string() -> String? {
            skipSpace()
            guard it.first == "\"" else { return nil }
            it = it.dropFirst()
            var r = String.UnicodeScalarView()
            while let c = it.first {
                it = it.dropFirst()
                if c == "\"" { return String(r) }
                if c == "\\", let e = it.first {
                    it = it.dropFirst()
                    switch e {
                    case "n": r.append("\n")
                    case "r": r.append("\r")
                    case "t": r.append("\t")
                    case "u":
                        let hex = String(String.UnicodeScalarView(it.prefix(4)))
                        it = it.dropFirst(4)
                        if let v = UInt32(hex, radix: 16), let u = Unicode.Scalar(v) { r.append(u) }
                    default: r.append(e)
                    }
                } else {
                    r.append(c)
                }
            }
            return nil
        }
        skipSpace()
        guard it.first == "{" else { return [] }
        it = it.dropFirst()
        while true {
            skipSpace()
            if it.first == "}" { break }
            guard let k = string() else { return out }
            skipSpace()
            guard it.first == ":" else { return out }
            it = it.dropFirst()
            guard let v = string() else { return out }
            out.append((k, v))
            skipSpace()
            if it.first == "," { it = it.dropFirst() }
        }
        return out
    }
}
