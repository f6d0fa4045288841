/// JSON text for every part of the project that writes JSON by hand (no encoder needed for
/// flat, ordered output).
public enum JSONText {
    /// A JSON string literal. Swift strings are already valid Unicode (bytes that were not
    /// UTF-8 became U+FFFD when decoded), so only quoting and escaping remain.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            // U+2028 and U+2029 are valid JSON but end a line in JavaScript source.
            case _ where u.value < 0x20 || u.value == 0x7F || u.value == 0x2028 || u.value == 0x2029:
                let hex = String(u.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    /// `["a","b"]`.
    public static func array(_ items: [String]) -> String { Value.strings(items).text() }
}
