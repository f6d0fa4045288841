/// A JSON value with the 1-based line and column (in Unicode scalars) where it starts.
package struct JSONValue: Sendable, Equatable {
    package enum Kind: Sendable, Equatable {
        case string(String)
        /// The literal as written, so `1.50` stays `1.50` and big integers keep every digit.
        case number(String)
        case bool(Bool)
        case null
        case array([JSONValue])
        case object([JSONMember])
    }

    package var kind: Kind
    package var line: Int
    package var column: Int

    package init(_ kind: Kind, line: Int, column: Int) {
        self.kind = kind
        self.line = line
        self.column = column
    }
}

package struct JSONMember: Sendable, Equatable {
    package var key: String
    package var line: Int
    package var column: Int
    package var value: JSONValue
}

/// A strict RFC 8259 parser: no comments, no trailing commas, no single quotes, no NaN. A UTF-8
/// byte-order mark is skipped (Windows tools write one). Nesting is capped so hostile input
/// cannot overflow the stack.
package enum JSONReader {
    package static let maxDepth = 128

    package static func parse(_ bytes: [UInt8]) -> Result<JSONValue, SyntaxError> {
        bytes.withUnsafeBufferPointer { p in
            var parser = JSONParser(p)
            do throws(SyntaxError) {
                return .success(try parser.document())
            } catch {
                return .failure(error)
            }
        }
    }
}

private struct JSONParser {
    let p: UnsafeBufferPointer<UInt8>
    var pos = 0
    var line = 1
    var lineStart = 0
    var lineExtra = 0
    var buffer: [UInt8] = []

    init(_ p: UnsafeBufferPointer<UInt8>) {
        self.p = p
        if p.count >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF { pos = 3; lineStart = 3 }
    }

    var column: Int { pos - lineStart - lineExtra + 1 }

    func error(_ message: ImportMessage) -> SyntaxError {
        SyntaxError(line: line, column: column, reason: message.text)
    }

    /// What is at `pos`, for "expected …, found …".
    func found() -> String {
        guard pos < p.count else { return "the end of the file" }
        let b = p[pos]
        if b >= 0x80 {
            let n = UTF8Check.sequenceLength(p, pos)
            return n == 0 ? "invalid UTF-8" : "`" + String(decoding: p[pos..<pos + n], as: UTF8.self) + "`"
        }
        if b < 0x20 { return "a control character" }
        return "`" + String(UnicodeScalar(b)) + "`"
    }

    mutating func document() throws(SyntaxError) -> JSONValue {
        let value = try self.value(depth: 0)
        skipWhitespace()
        guard pos == p.count else { throw error(.jsonExpected("the end of the file", found: found())) }
        return value
    }

    mutating func skipWhitespace() {
        while pos < p.count {
            switch p[pos] {
            case 0x20, 0x09: pos += 1
            case 0x0A: pos += 1; newLine()
            case 0x0D:
                pos += 1
                if pos < p.count, p[pos] == 0x0A { pos += 1 }
                newLine()
            default: return
            }
        }
    }

    mutating func newLine() { line += 1; lineStart = pos; lineExtra = 0 }

    mutating func value(depth: Int) throws(SyntaxError) -> JSONValue {
        skipWhitespace()
        let l = line, c = column
        guard pos < p.count else { throw error(.jsonExpected("a value", found: found())) }
        switch p[pos] {
        case UInt8(ascii: "{"): return JSONValue(try object(depth: depth + 1), line: l, column: c)
        case UInt8(ascii: "["): return JSONValue(try array(depth: depth + 1), line: l, column: c)
        case UInt8(ascii: "\""): return JSONValue(.string(try string()), line: l, column: c)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return JSONValue(.number(try number()), line: l, column: c)
        case UInt8(ascii: "t"): try literal("true"); return JSONValue(.bool(true), line: l, column: c)
        case UInt8(ascii: "f"): try literal("false"); return JSONValue(.bool(false), line: l, column: c)
        case UInt8(ascii: "n"): try literal("null"); return JSONValue(.null, line: l, column: c)
        default: throw error(.jsonExpected("a value", found: found()))
        }
    }

    mutating func literal(_ word: String) throws(SyntaxError) {
        for (k, b) in word.utf8.enumerated() where pos + k >= p.count || p[pos + k] != b {
            throw error(.jsonExpected("a value", found: found()))
        }
        pos += word.utf8.count
    }

    mutating func array(depth: Int) throws(SyntaxError) -> JSONValue.Kind {
        guard depth <= JSONReader.maxDepth else { throw error(.jsonTooDeep(JSONReader.maxDepth)) }
        pos += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if pos < p.count, p[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
        while true {
            items.append(try value(depth: depth))
            skipWhitespace()
            guard pos < p.count else { throw error(.jsonExpected("`,` or `]`", found: found())) }
            if p[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if p[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
            throw error(.jsonExpected("`,` or `]`", found: found()))
        }
    }

    mutating func object(depth: Int) throws(SyntaxError) -> JSONValue.Kind {
        guard depth <= JSONReader.maxDepth else { throw error(.jsonTooDeep(JSONReader.maxDepth)) }
        pos += 1
        var members: [JSONMember] = []
        skipWhitespace()
        if pos < p.count, p[pos] == UInt8(ascii: "}") { pos += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard pos < p.count, p[pos] == UInt8(ascii: "\"") else { throw error(.jsonExpected("a key in quotes", found: found())) }
            let l = line, c = column
            let key = try string()
            skipWhitespace()
            guard pos < p.count, p[pos] == UInt8(ascii: ":") else { throw error(.jsonExpected("`:`", found: found())) }
            pos += 1
            members.append(JSONMember(key: key, line: l, column: c, value: try value(depth: depth)))
            skipWhitespace()
            guard pos < p.count else { throw error(.jsonExpected("`,` or `}`", found: found())) }
            if p[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if p[pos] == UInt8(ascii: "}") { pos += 1; return .object(members) }
            throw error(.jsonExpected("`,` or `}`", found: found()))
        }
    }

    mutating func number() throws(SyntaxError) -> String {
        let start = pos
        func digit(_ i: Int) -> Bool { i < p.count && p[i] >= 0x30 && p[i] <= 0x39 }
        if p[pos] == UInt8(ascii: "-") { pos += 1 }
        guard digit(pos) else { throw error(.jsonExpected("a digit", found: found())) }
        if p[pos] == UInt8(ascii: "0") {
            pos += 1
            if digit(pos) { throw error(.jsonExpected("`.` or the end of the number (no leading zeros)", found: found())) }
        } else {
            while digit(pos) { pos += 1 }
        }
        if pos < p.count, p[pos] == UInt8(ascii: ".") {
            pos += 1
            guard digit(pos) else { throw error(.jsonExpected("a digit after `.`", found: found())) }
            while digit(pos) { pos += 1 }
        }
        if pos < p.count, p[pos] | 0x20 == UInt8(ascii: "e") {
            pos += 1
            if pos < p.count, p[pos] == UInt8(ascii: "+") || p[pos] == UInt8(ascii: "-") { pos += 1 }
            guard digit(pos) else { throw error(.jsonExpected("a digit in the exponent", found: found())) }
            while digit(pos) { pos += 1 }
        }
        return String(decoding: p[start..<pos], as: UTF8.self)
    }

    /// Plain strings (no escapes) are sliced straight out of the buffer; only strings with
    /// escapes are assembled byte by byte.
    mutating func string() throws(SyntaxError) -> String {
        let openLine = line, openColumn = column
        pos += 1
        var segment = pos
        buffer.removeAll(keepingCapacity: true)
        var escaped = false
        while true {
            guard pos < p.count else {
                throw SyntaxError(line: openLine, column: openColumn, reason: ImportMessage.jsonUnterminatedString.text)
            }
            let b = p[pos]
            if b == UInt8(ascii: "\"") {
                let text: String
                if escaped {
                    buffer.append(contentsOf: p[segment..<pos])
                    text = String(decoding: buffer, as: UTF8.self)
                } else {
                    text = String(decoding: p[segment..<pos], as: UTF8.self)
                }
                pos += 1
                return text
            } else if b == UInt8(ascii: "\\") {
                buffer.append(contentsOf: p[segment..<pos])
                escaped = true
                try escape()
                segment = pos
            } else if b < 0x20 {
                throw error(.jsonControlCharacter)
            } else if b >= 0x80 {
                let n = UTF8Check.sequenceLength(p, pos)
                guard n > 0 else { throw error(.invalidUTF8) }
                pos += n
                lineExtra += n - 1
            } else {
                pos += 1
            }
        }
    }

    mutating func escape() throws(SyntaxError) {
        let escapeColumn = column
        pos += 1
        guard pos < p.count else { throw error(.jsonUnterminatedString) }
        let b = p[pos]
        pos += 1
        switch b {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(b)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4(escapeColumn)
            if (0xD800...0xDBFF).contains(scalar) {
                // A high surrogate must be followed by an escaped low one; together they are one scalar.
                guard pos + 1 < p.count, p[pos] == UInt8(ascii: "\\"), p[pos + 1] == UInt8(ascii: "u") else {
                    throw SyntaxError(line: line, column: escapeColumn, reason: ImportMessage.jsonInvalidEscape("unpaired surrogate").text)
                }
                pos += 2
                let low = try hex4(escapeColumn)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw SyntaxError(line: line, column: escapeColumn, reason: ImportMessage.jsonInvalidEscape("unpaired surrogate").text)
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw SyntaxError(line: line, column: escapeColumn, reason: ImportMessage.jsonInvalidEscape("unpaired surrogate").text)
            }
            buffer.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
        default:
            let shown = b < 0x80 && b >= 0x20 ? String(UnicodeScalar(b)) : "?"
            throw SyntaxError(line: line, column: escapeColumn, reason: ImportMessage.jsonInvalidEscape("`\\" + shown + "` is not an escape").text)
        }
    }

    mutating func hex4(_ escapeColumn: Int) throws(SyntaxError) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard pos < p.count else { throw error(.jsonUnterminatedString) }
            let b = p[pos]
            let d: UInt32
            switch b {
            case 0x30...0x39: d = UInt32(b - 0x30)
            case 0x41...0x46: d = UInt32(b - 0x41 + 10)
            case 0x61...0x66: d = UInt32(b - 0x61 + 10)
            default: throw SyntaxError(line: line, column: escapeColumn, reason: ImportMessage.jsonInvalidEscape("`\\u` needs four hex digits").text)
            }
            v = v << 4 | d
            pos += 1
        }
        return v
    }
}
