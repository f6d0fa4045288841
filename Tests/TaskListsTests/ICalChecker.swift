/// A strict reader of the iCalendar subset the reports write, independent of the writer: it
/// checks RFC 5545's line rules on the raw bytes (CRLF, at most 75 octets, folds that keep
/// UTF-8 whole), then component nesting, required properties and TEXT escaping.
enum ICalChecker {
    struct Component {
        var name: String
        var properties: [(name: String, params: String, value: String)] = []
        var children: [Component] = []

        func value(_ name: String) -> String? { properties.first { $0.name == name }?.value }
    }

    struct Result {
        var problems: [String]
        var calendar: Component?
    }

    struct BadEscape: Error {}

    static let textProperties: Set<String> = ["SUMMARY", "DESCRIPTION", "X-WR-CALNAME", "COMMENT", "LOCATION"]

    static func check(_ bytes: [UInt8]) -> Result {
        var problems: [String] = []
        // 1. Physical lines.
        guard bytes.count >= 2, bytes.suffix(2) == [0x0D, 0x0A] else { return Result(problems: ["does not end with CRLF"]) }
        var physical: [[UInt8]] = []
        var current: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A {
                physical.append(current); current = []; i += 2; continue
            }
            if bytes[i] == 0x0D || bytes[i] == 0x0A { problems.append("line \(physical.count + 1): bare CR or LF") }
            current.append(bytes[i]); i += 1
        }
        var logical: [String] = []
        for (n, line) in physical.enumerated() {
            if line.count > 75 { problems.append("line \(n + 1): \(line.count) octets (at most 75)") }
            guard let text = String(validating: line, as: UTF8.self) else {
                problems.append("line \(n + 1): not valid UTF-8 on its own (a fold cut a character)")
                continue
            }
            if text.hasPrefix(" ") || text.hasPrefix("\t") {
                if logical.isEmpty { problems.append("line 1 is a continuation") } else { logical[logical.count - 1] += text.dropFirst() }
            } else {
                logical.append(text)
            }
        }
        // 2. Content lines and nesting.
        var stack: [Component] = []
        var top: [Component] = []
        for line in logical {
            guard let colon = colonIndex(line) else { problems.append("no `:` in `\(line)`"); continue }
            let head = line[..<colon]
            let value = String(line[line.index(after: colon)...])
            let name = String(head.prefix { $0 != ";" })
            let params = String(head.dropFirst(name.count))
            guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
                problems.append("bad property name `\(name)`"); continue
            }
            switch name {
            case "BEGIN": stack.append(Component(name: value))
            case "END":
                guard let open = stack.popLast(), open.name == value else { problems.append("END:\(value) does not close the open component"); continue }
                if stack.isEmpty { top.append(open) } else { stack[stack.count - 1].children.append(open) }
            default:
                guard !stack.isEmpty else { problems.append("\(name) outside any component"); continue }
                if textProperties.contains(name) {
                    if (try? unescape(value)) == nil { problems.append("\(name): bad escape or unescaped `;` `,` in `\(value)`") }
                    if value.unicodeScalars.contains(where: { $0 != "\t" && ($0.value < 0x20 || $0.value == 0x7F) }) {
                        problems.append("\(name): control character")
                    }
                }
                stack[stack.count - 1].properties.append((name, params, value))
            }
        }
        if !stack.isEmpty { problems.append("unclosed \(stack.map(\.name))") }
        guard top.count == 1, top[0].name == "VCALENDAR" else {
            return Result(problems: problems + ["expected exactly one VCALENDAR, found \(top.map(\.name))"])
        }
        let calendar = top[0]
        // 3. Required properties.
        if calendar.value("VERSION") != "2.0" { problems.append("VERSION is not 2.0") }
        if calendar.value("PRODID") == nil { problems.append("no PRODID") }
        var uids: Set<String> = []
        for todo in calendar.children where todo.name == "VTODO" {
            for required in ["UID", "DTSTAMP", "SUMMARY", "DUE"] {
                let n = todo.properties.filter { $0.name == required }.count
                if n != 1 { problems.append("VTODO \(todo.value("UID") ?? "?") has \(n) \(required)") }
            }
            if let uid = todo.value("UID"), !uids.insert(uid).inserted { problems.append("UID \(uid) twice") }
            if let stamp = todo.value("DTSTAMP"), !matches(stamp, "dddddddd'T'dddddd'Z'") { problems.append("DTSTAMP `\(stamp)` is not UTC date-time") }
            if let due = todo.properties.first(where: { $0.name == "DUE" }) {
                if due.params != ";VALUE=DATE" || !matches(due.value, "dddddddd") { problems.append("DUE `\(due.params):\(due.value)` is not a DATE") }
            }
        }
        return Result(problems: problems, calendar: calendar)
    }

    /// The first `:` outside a quoted parameter value.
    static func colonIndex(_ line: String) -> String.Index? {
        var quoted = false
        for i in line.indices {
            if line[i] == "\"" { quoted.toggle() } else if line[i] == ":", !quoted { return i }
        }
        return nil
    }

    /// `d` is a digit, text in quotes is literal.
    static func matches(_ s: String, _ pattern: String) -> Bool {
        let expanded = pattern.replacingOccurrences(of: "'", with: "")
        guard s.count == expanded.count else { return false }
        return zip(s, expanded).allSatisfy { c, p in p == "d" ? c.isASCII && c.isNumber : c == p }
    }

    /// TEXT as RFC 5545 3.3.11 defines it: `\\`, `\;`, `\,`, `\n`/`\N`; a bare `;` or `,` is an error.
    static func unescape(_ value: String) throws -> String {
        var out = ""
        var it = value.unicodeScalars.makeIterator()
        while let u = it.next() {
            switch u {
            case "\\":
                switch it.next() {
                case "\\": out += "\\"
                case ";": out += ";"
                case ",": out += ","
                case "n", "N": out += "\n"
                default: throw BadEscape()
                }
            case ";", ",": throw BadEscape()
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
