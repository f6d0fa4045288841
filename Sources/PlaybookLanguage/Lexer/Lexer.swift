/// Turns a file's bytes into tokens and comments. Works on bytes, not Characters: every token
/// character is ASCII, and non-ASCII text only ever appears inside quotes or comments.
struct Lexer {
    let file: Int32
    let bytes: [UInt8]
    private(set) var tokens: [Token] = []
    private(set) var comments: [Comment] = []
    private(set) var diagnostics = DiagnosticBag()

    /// The part of `bytes` to read: the whole file, or the inside of a `{…}` in quoted text.
    let lower: Int
    let upper: Int

    init(file: Int32, bytes: [UInt8], range: Range<Int>? = nil) {
        self.file = file
        self.bytes = bytes
        self.lower = range?.lowerBound ?? 0
        self.upper = range?.upperBound ?? bytes.count
    }

    static func tokenize(file: Int32, bytes: [UInt8]) -> Lexer {
        var lexer = Lexer(file: file, bytes: bytes)
        lexer.checkUTF8()
        lexer.run()
        return lexer
    }

    /// Tokens of an interpolation inside quoted text; the file was already checked as a whole.
    static func tokenize(file: Int32, bytes: [UInt8], range: Range<Int>) -> Lexer {
        var lexer = Lexer(file: file, bytes: bytes, range: range)
        lexer.run()
        return lexer
    }

    private func range(_ s: Int, _ e: Int) -> SourceRange { SourceRange(file: file, start: s, end: e) }

    private mutating func run() {
        let n = upper
        var i = lower
        // A byte-order mark is allowed at the very start (editors on Windows write one).
        if i == 0, n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        var newlines = 0
        var sawCommentSinceBlank = false
        tokens.reserveCapacity((n - i) / 4)
        while i < n {
            let c = bytes[i]
            switch c {
            case 0x20, 0x09, 0x0D:
                i += 1
                continue
            case 0x0A:
                newlines += 1
                i += 1
                continue
            case UInt8(ascii: "#"):
                let s = i
                while i < n, bytes[i] != 0x0A { i += 1 }
                var e = i
                if e > s, bytes[e - 1] == 0x0D { e -= 1 }
                let ownLine = newlines > 0 || (tokens.isEmpty && comments.isEmpty) || lastTokenEndsBeforeLine(s)
                comments.append(Comment(range: range(s, e), text: String(decoding: bytes[s..<e], as: UTF8.self),
                                        ownLine: ownLine, blankLineBefore: newlines > 1))
                newlines = 0
                // A comment on its own line leads the next statement, which then has no blank
                // line of its own; after a trailing comment a blank line still separates the
                // statements.
                sawCommentSinceBlank = sawCommentSinceBlank || ownLine
                continue
            default:
                break
            }
            let start = i
            let kind = scanToken(&i)
            tokens.append(Token(kind: kind, start: Int32(start), end: Int32(i),
                                newlineBefore: newlines > 0 || tokens.isEmpty,
                                blankLineBefore: newlines > 1 && !sawCommentSinceBlank))
            newlines = 0
            sawCommentSinceBlank = false
        }
        tokens.append(Token(kind: .eof, start: Int32(n), end: Int32(n), newlineBefore: true, blankLineBefore: false))
    }

    private func lastTokenEndsBeforeLine(_ s: Int) -> Bool {
        guard let last = tokens.last else { return true }
        var j = Int(last.end)
        while j < s { if bytes[j] == 0x0A { return true }; j += 1 }
        return false
    }

    private static func isIdentStart(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c == 0x5F
    }
    private static func isIdentChar(_ c: UInt8) -> Bool { isIdentStart(c) || isDigit(c) }
    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    private mutating func scanToken(_ i: inout Int) -> TokenKind {
        let n = upper
        let s = i
        let c = bytes[i]
        if Self.isIdentStart(c) {
            i += 1
            while i < n, Self.isIdentChar(bytes[i]) { i += 1 }
            return .identifier
        }
        if Self.isDigit(c) { return scanNumberOrDate(&i) }
        if c == UInt8(ascii: "\"") { return scanString(&i) }
        i += 1
        let next: UInt8 = i < n ? bytes[i] : 0
        switch c {
        case UInt8(ascii: "{"): return .lbrace
        case UInt8(ascii: "}"): return .rbrace
        case UInt8(ascii: "("): return .lparen
        case UInt8(ascii: ")"): return .rparen
        case UInt8(ascii: "["): return .lbracket
        case UInt8(ascii: "]"): return .rbracket
        case UInt8(ascii: ","): return .comma
        case UInt8(ascii: "."): return .dot
        case UInt8(ascii: ":"): return .colon
        case UInt8(ascii: "+"): return .plus
        case UInt8(ascii: "-"): return .minus
        case UInt8(ascii: "*"): return .star
        case UInt8(ascii: "/"): return .slash
        case UInt8(ascii: "="):
            if next == UInt8(ascii: "=") { i += 1; return .eq }
            return .assign
        case UInt8(ascii: "!"):
            if next == UInt8(ascii: "=") { i += 1; return .ne }
        case UInt8(ascii: "<"):
            if next == UInt8(ascii: "=") { i += 1; return .le }
            return .lt
        case UInt8(ascii: ">"):
            if next == UInt8(ascii: "=") { i += 1; return .ge }
            return .gt
        default:
            break
        }
        // One diagnostic for a whole run of stray bytes, not one per byte.
        while i < upper, !Self.isBoundary(bytes[i]) { i += 1 }
        // Inside `{…}` in quotes, the file's lexer already reported the control character.
        if !isWholeFile, Self.isControlInText(c) { return .invalid }
        diagnostics.add(.unexpectedCharacter(String(decoding: bytes[s..<i], as: UTF8.self)), at: range(s, i))
        return .invalid
    }

    private static func isBoundary(_ c: UInt8) -> Bool {
        c < 0x80 && (c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || isIdentChar(c) || c == UInt8(ascii: "\"")
            || c == UInt8(ascii: "{") || c == UInt8(ascii: "}") || c == UInt8(ascii: "(") || c == UInt8(ascii: ")")
            || c == UInt8(ascii: "#"))
    }

    private mutating func scanNumberOrDate(_ i: inout Int) -> TokenKind {
        let n = upper
        let s = i
        while i < n, Self.isDigit(bytes[i]) { i += 1 }
        // YYYY-MM-DD is a date literal; subtraction of numbers needs spaces ("2026 - 11").
        if i - s == 4, i + 6 <= n, bytes[i] == UInt8(ascii: "-"), Self.isDigit(bytes[i + 1]), Self.isDigit(bytes[i + 2]),
           bytes[i + 3] == UInt8(ascii: "-"), Self.isDigit(bytes[i + 4]), Self.isDigit(bytes[i + 5]) {
            i += 6
            if i < n, Self.isIdentChar(bytes[i]) {
                while i < n, Self.isIdentChar(bytes[i]) { i += 1 }
                diagnostics.add(.invalidDate(String(decoding: bytes[s..<i], as: UTF8.self)), at: range(s, i))
                return .invalid
            }
            if CivilDate.parse(bytes[s..<i]) == nil {
                diagnostics.add(.invalidDate(String(decoding: bytes[s..<i], as: UTF8.self)), at: range(s, i))
            }
            return .date
        }
        if i + 1 < n, bytes[i] == UInt8(ascii: "."), Self.isDigit(bytes[i + 1]) {
            i += 1
            while i < n, Self.isDigit(bytes[i]) { i += 1 }
        }
        if i < n, Self.isIdentStart(bytes[i]) {
            // "3days" or "12abc": a number glued to a word is almost always a missing space.
            let e0 = i
            while i < n, Self.isIdentChar(bytes[i]) { i += 1 }
            diagnostics.add(.numberFollowedByLetters(String(decoding: bytes[s..<i], as: UTF8.self)), at: range(e0, i))
            return .invalid
        }
        return .number
    }

    /// A quoted text on one line. Escapes and `{…}` interpolations are checked by the parser,
    /// which needs their positions; here we only find the closing quote.
    private mutating func scanString(_ i: inout Int) -> TokenKind {
        let n = upper
        let s = i
        i += 1
        while i < n {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") { i += 1; return .string }
            if c == UInt8(ascii: "\\"), i + 1 < n, bytes[i + 1] != 0x0A, !Self.isControlInText(bytes[i + 1]) { i += 2; continue }
            if c == 0x0A || c == 0x0D { break }
            if Self.isControlInText(c) { reportControl(at: i) }
            i += 1
        }
        diagnostics.add(.unterminatedText, at: range(s, i))
        return .string
    }

    /// Control characters other than tab cannot be written inside quotes: a NUL cuts the text
    /// short in C tools and databases, and ESC or BEL in a task title would reach a CSM's
    /// terminal or a cron log as commands. (CR and LF end the text instead: PB103.) A line
    /// break or tab is written `\n` or `\t`.
    static func isControlInText(_ c: UInt8) -> Bool { (c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0D) || c == 0x7F }

    /// The whole file's lexer reports these; an interpolation's lexer sees the same bytes again
    /// and only marks them invalid, so each is reported once.
    private mutating func reportControl(at i: Int) {
        guard isWholeFile else { return }
        diagnostics.add(.controlCharacterInText(Self.codePoint(bytes[i])), at: range(i, i + 1))
    }

    private var isWholeFile: Bool { lower == 0 && upper == bytes.count }

    /// `U+001B`, as the Unicode charts name a character.
    static func codePoint(_ c: UInt8) -> String {
        let hex = String(c, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: 4 - hex.count) + hex
    }

    mutating func checkUTF8() {
        var i = 0
        let n = bytes.count
        while i < n {
            // Eight ASCII bytes at a time: playbooks are nearly all ASCII.
            while i + 8 <= n, bytes.withUnsafeBytes({ $0.loadUnaligned(fromByteOffset: i, as: UInt64.self) }) & 0x8080_8080_8080_8080 == 0 {
                i += 8
            }
            guard i < n else { return }
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let len: Int
            if b & 0xE0 == 0xC0, b >= 0xC2 { len = 2 }
            else if b & 0xF0 == 0xE0 { len = 3 }
            else if b & 0xF8 == 0xF0, b <= 0xF4 { len = 4 }
            else { len = 0 }
            var ok = len > 0 && i + len <= n
            if ok { for k in 1..<len where bytes[i + k] & 0xC0 != 0x80 { ok = false } }
            if ok, len == 3 {
                let v = (UInt32(b & 0x0F) << 12) | (UInt32(bytes[i + 1] & 0x3F) << 6)
                if v < 0x800 || (v >= 0xD800 && v <= 0xDFFF) { ok = false }
            }
            if ok, len == 4 {
                let v = (UInt32(b & 0x07) << 18) | (UInt32(bytes[i + 1] & 0x3F) << 12)
                if v < 0x10000 || v > 0x10FFFF { ok = false }
            }
            if !ok {
                diagnostics.add(.invalidUTF8, at: range(i, i + 1))
                return
            }
            i += len
        }
    }
}
