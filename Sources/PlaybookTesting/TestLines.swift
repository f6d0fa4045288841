import PlaybookLanguage

/// A test file is read line by line: every statement is one line, and an inline table is the
/// block of lines under its `data` line. (The playbook lexer is internal to the language and
/// reads a free-form, brace-delimited grammar; CSV rows need lines, so this reader is separate.)
struct TestLine {
    /// 1-based.
    var number: Int
    /// Byte offsets of the line's first character and of its end (before `\r\n` or `\n`).
    var start: Int
    var end: Int
    /// Bytes of leading spaces and tabs.
    var indent: Int

    var isBlank: Bool { indent == end - start }
}

/// One word of a statement: bare (`health/low-health`) or quoted (`"Acme Corp"`, unescaped).
struct Word: Equatable {
    var text: String
    var quoted: Bool
    var start: Int
    var end: Int

    /// The word as a keyword: quoted text never is one, so `"title"` can name an item.
    func `is`(_ keyword: String) -> Bool { !quoted && text == keyword }
}

enum TestLines {
    static func split(_ bytes: [UInt8]) -> [TestLine] {
        var lines: [TestLine] = []
        var start = 0
        var i = 0
        // A byte-order mark (as Windows editors write) is not part of the first line.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3; i = 3 }
        func finish(_ endIncl: Int) {
            var end = endIncl
            if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            var indent = 0
            while start + indent < end, bytes[start + indent] == 0x20 || bytes[start + indent] == 0x09 { indent += 1 }
            lines.append(TestLine(number: lines.count + 1, start: start, end: end, indent: indent))
        }
        while i < bytes.count {
            if bytes[i] == 0x0A { finish(i); start = i + 1 }
            i += 1
        }
        if start < bytes.count { finish(bytes.count) }
        return lines
    }
}

/// Reads the words of one line, on demand: a statement decides how much of its line is words and
/// how much is raw text (the value of `set` is playbook text, with the playbook's own escapes).
struct WordReader {
    let bytes: [UInt8]
    let file: Int32
    private(set) var position: Int
    let end: Int
    private(set) var diagnostics: [Diagnostic] = []

    init(bytes: [UInt8], file: Int32, line: TestLine) {
        self.bytes = bytes
        self.file = file
        self.position = line.start + line.indent
        self.end = line.end
    }

    func range(_ s: Int, _ e: Int) -> SourceRange { SourceRange(file: file, start: s, end: e) }

    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }

    private mutating func skipSpaces() {
        while position < end, Self.isSpace(bytes[position]) { position += 1 }
        // A comment runs to the end of the line; `#` inside a word or quotes is a character.
        if position < end, bytes[position] == UInt8(ascii: "#") { position = end }
    }

    /// Where the next word would start (the end of the line when there is none).
    mutating func peekStart() -> Int { skipSpaces(); return position }

    var atEnd: Bool { var copy = self; return copy.peek() == nil }

    mutating func peek() -> Word? { var copy = self; return copy.next() }

    mutating func next() -> Word? {
        skipSpaces()
        guard position < end else { return nil }
        let s = position
        if bytes[position] == UInt8(ascii: "\"") { return quoted(from: s) }
        while position < end, !Self.isSpace(bytes[position]), bytes[position] != UInt8(ascii: "\"") { position += 1 }
        return Word(text: String(decoding: bytes[s..<position], as: UTF8.self), quoted: false, start: s, end: position)
    }

    private mutating func quoted(from s: Int) -> Word {
        position += 1
        var out: [UInt8] = []
        while position < end {
            let c = bytes[position]
            if c == UInt8(ascii: "\"") {
                position += 1
                return Word(text: String(decoding: out, as: UTF8.self), quoted: true, start: s, end: position)
            }
            if c == UInt8(ascii: "\\"), position + 1 < end {
                let e = bytes[position + 1]
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(e)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                default:
                    diagnostics.append(Diagnostic(test: .invalidEscape("\\" + String(decoding: [e], as: UTF8.self)),
                                                      at: range(position, position + 2)))
                }
                position += 2
                continue
            }
            out.append(c)
            position += 1
        }
        diagnostics.append(Diagnostic(test: .unterminatedText, at: range(s, end)))
        return Word(text: String(decoding: out, as: UTF8.self), quoted: true, start: s, end: end)
    }

    /// The rest of the line as raw text, without a trailing comment (a `#` outside quotes) or
    /// surrounding spaces.
    mutating func rest() -> (text: String, start: Int, end: Int) {
        skipSpaces()
        let s = position
        var e = s
        var inQuotes = false
        var i = s
        while i < end {
            let c = bytes[i]
            if inQuotes, c == UInt8(ascii: "\\") { i += 2; e = min(i, end); continue }
            if c == UInt8(ascii: "\"") { inQuotes.toggle() }
            if !inQuotes, c == UInt8(ascii: "#"), i == s || Self.isSpace(bytes[i - 1]) { break }
            i += 1
            if !Self.isSpace(c) { e = i }
        }
        position = end
        return (String(decoding: bytes[s..<e], as: UTF8.self), s, e)
    }
}

extension Word {
    /// How a found word reads in "expected …, found …".
    var display: String { quoted ? "\"\(text)\"" : "`\(text)`" }
}
