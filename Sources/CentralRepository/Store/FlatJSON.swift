import Import
import PlaybookLanguage

/// Custom fields are stored as one flat JSON object per row, typed as declared at import:
/// `{"crm_tier":"gold","seats":40,"renewed":true,"since":"2026-01-05","reviewers":["Ana","Ben"]}`.
/// Dates and choices are strings; undeclared columns (and values stored before custom fields
/// were typed) are strings as written.
enum FlatJSON {
    indirect enum Value: Equatable {
        case text(String), number(Double), bool(Bool), list([Value])
    }

    /// The object for `pairs`, nil when there is nothing to store. A missing value is left out,
    /// or, in a patch (`nulls`), written as null: `json_patch` then removes the stored key.
    static func encode(_ pairs: [(name: String, value: CustomValue)], nulls: Bool) -> String? {
        var out = "{"
        for (name, value) in pairs {
            if case .missing = value, !nulls { continue }
            if out.utf8.count > 1 { out += "," }
            out += JSONText.quote(name) + ":" + encode(value)
        }
        return out.utf8.count > 1 ? out + "}" : nil
    }

    private static func encode(_ v: CustomValue) -> String {
        switch v {
        case .missing: "null"
        case .text(let t): JSONText.quote(t)
        case .number(let d): number(d)
        case .bool(let b): b ? "true" : "false"
        case .date(let d): JSONText.quote(d.description)
        case .list(let items): "[" + items.map(encode).joined(separator: ",") + "]"
        }
    }

    /// One spelling per number, so that importing the same value again changes nothing.
    static func number(_ d: Double) -> String {
        d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : String(d)
    }

    /// Reads what `encode` wrote (and the strings-only objects written before); anything else
    /// yields what was read up to it rather than a crash. Nulls are skipped.
    static func decode(_ s: String) -> [(String, Value)] {
        var reader = Reader(scalars: Array(s.unicodeScalars)[...])
        return reader.object()
    }

    private struct Reader {
        var scalars: ArraySlice<Unicode.Scalar>

        mutating func skipSpace() {
            while let c = scalars.first, c == " " || c == "\n" || c == "\t" || c == "\r" { scalars = scalars.dropFirst() }
        }

        mutating func take(_ c: Unicode.Scalar) -> Bool {
            skipSpace()
            guard scalars.first == c else { return false }
            scalars = scalars.dropFirst()
            return true
        }

        mutating func object() -> [(String, Value)] {
            var out: [(String, Value)] = []
            guard take("{") else { return [] }
            while !take("}") {
                guard let k = string(), take(":") else { return out }
                let v = value()
                switch v {
                case .some(.some(let v)): out.append((k, v))
                case .some(.none): break // null
                case .none: return out
                }
                _ = take(",")
            }
            return out
        }

        /// nil: unreadable; .some(nil): null.
        mutating func value() -> Value?? {
            skipSpace()
            guard let c = scalars.first else { return nil }
            switch c {
            case "\"": return string().map { .text($0) }
            case "[":
                scalars = scalars.dropFirst()
                var items: [Value] = []
                while !take("]") {
                    guard case .some(.some(let item)) = value() else { return nil }
                    items.append(item)
                    _ = take(",")
                }
                return .list(items)
            case "t", "f", "n":
                let word = String(String.UnicodeScalarView(scalars.prefix { $0.properties.isAlphabetic }))
                scalars = scalars.dropFirst(word.unicodeScalars.count)
                switch word {
                case "true": return .bool(true)
                case "false": return .bool(false)
                case "null": return .some(nil)
                default: return nil
                }
            default:
                let token = String(String.UnicodeScalarView(scalars.prefix { "+-.eE0123456789".unicodeScalars.contains($0) }))
                scalars = scalars.dropFirst(token.unicodeScalars.count)
                return Double(token).map { .number($0) }
            }
        }

        mutating func string() -> String? {
            guard take("\"") else { return nil }
            var r = String.UnicodeScalarView()
            while let c = scalars.first {
                scalars = scalars.dropFirst()
                if c == "\"" { return String(r) }
                guard c == "\\", let e = scalars.first else { r.append(c); continue }
                scalars = scalars.dropFirst()
                switch e {
                case "n": r.append("\n")
                case "r": r.append("\r")
                case "t": r.append("\t")
                case "u":
                    let hex = String(String.UnicodeScalarView(scalars.prefix(4)))
                    scalars = scalars.dropFirst(4)
                    if let v = UInt32(hex, radix: 16), let u = Unicode.Scalar(v) { r.append(u) }
                default: r.append(e)
                }
            }
            return nil
        }
    }
}
