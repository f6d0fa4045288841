extension Parser {
    /// Splits quoted text into literal pieces and `{expression}` interpolations. The expression
    /// inside braces is lexed and parsed in place, so its positions are positions in the file.
    mutating func parseText(_ t: Token) -> TextTemplate {
        let end = Int(t.end)
        // Without its closing quote the token runs to the end of the line.
        let close = (end - Int(t.start) >= 2 && bytes[end - 1] == UInt8(ascii: "\"")) ? end - 1 : end
        var i = Int(t.start) + 1
        // Each `{` may start an interpolation with a literal after it: room for all of them at
        // once instead of growing the array part by part.
        var braces = 0
        for k in i..<max(i, close) where bytes[k] == UInt8(ascii: "{") { braces += 1 }
        var parts: [TextTemplate.Part] = []
        parts.reserveCapacity(2 * braces + 1)
        var h = 0
        // The literal piece being read is `unescaped` followed by the file's bytes from
        // `runStart` to `i`: most texts have no escape, and their Strings are made straight
        // from the file instead of through a buffer grown a byte at a time.
        var unescaped: [UInt8] = []
        var runStart = i
        func flush() {
            if unescaped.isEmpty {
                if runStart < i { parts.append(.literal(String(decoding: bytes[runStart..<i], as: UTF8.self))) }
            } else {
                unescaped.append(contentsOf: bytes[runStart..<i])
                parts.append(.literal(String(decoding: unescaped, as: UTF8.self)))
                unescaped.removeAll(keepingCapacity: true)
            }
        }
        while i < close {
            let c = bytes[i]
            if c == UInt8(ascii: "\\"), i + 1 < close {
                unescaped.append(contentsOf: bytes[runStart..<i])
                let e = bytes[i + 1]
                switch e {
                case UInt8(ascii: "n"): unescaped.append(0x0A)
                case UInt8(ascii: "t"): unescaped.append(0x09)
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "{"), UInt8(ascii: "}"): unescaped.append(e)
                case _ where Lexer.isControlInText(e): break // the lexer reported it (PB119)
                default:
                    error(.invalidEscape("\\" + String(decoding: [e], as: UTF8.self)), at: SourceRange(file: file, start: i, end: i + 2),
                          notes: [.init(message: "text understands \\\", \\\\, \\n, \\t, \\{ and \\}", range: nil)])
                }
                i += 2
                runStart = i
                continue
            }
            if c == UInt8(ascii: "{") {
                var j = i + 1
                while j < close, bytes[j] != UInt8(ascii: "}") {
                    if bytes[j] == UInt8(ascii: "\"") { break }
                    j += 1
                }
                if j >= close || bytes[j] != UInt8(ascii: "}") {
                    if quoteEndsInsideInterpolation(t, close) {
                        error(.textInsideInterpolation, at: SourceRange(file: file, start: close, end: close + 1),
                              notes: [.init(message: "compute the value with `let` above the rule and put the `let` name in `{…}`", range: nil)])
                        i = close
                        break
                    }
                    error(.unterminatedInterpolation, at: SourceRange(file: file, start: i, end: i + 1),
                          notes: [.init(message: "write `\\{` for a literal brace", range: nil)])
                    i = close
                    break
                }
                flush()
                parts.append(.expr(parseInterpolation(i + 1, j)))
                h = max(h, height)
                i = j + 1
                runStart = i
                continue
            }
            i += 1
        }
        flush()
        height = h + 1
        return TextTemplate(parts: parts, range: range(t))
    }

    private mutating func parseInterpolation(_ lo: Int, _ hi: Int) -> Expr {
        let r = SourceRange(file: file, start: lo - 1, end: hi + 1)
        if bytes[lo..<hi].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
            error(.emptyInterpolation, at: r)
            height = 1
            return Expr(.error, r)
        }
        let lexer = Lexer.tokenize(file: file, bytes: bytes, range: lo..<hi)
        // `#` starts a comment in a file; here it would silently drop the rest of the expression.
        if let c = lexer.comments.first {
            error(.unexpectedCharacter("#"), at: SourceRange(file: file, start: Int(c.range.start), end: Int(c.range.start) + 1))
        }
        var sub = Parser(file: file, bytes: bytes, lexer: lexer)
        sub.depth = depth
        let e = sub.parseExpr()
        if sub.current.kind != .eof {
            sub.error(.expected("`}` to end the expression in text", found: sub.describe(sub.current)), at: sub.range(sub.current))
        }
        diagnostics.append(contentsOf: sub.diagnostics)
        height = sub.height
        return e
    }

    /// `"Status {first_present(x, "none")}"`: the quote inside the braces ended the text early;
    /// the giveaway is a `}` later on the same line.
    func quoteEndsInsideInterpolation(_ t: Token, _ close: Int) -> Bool {
        guard close == Int(t.end) - 1 else { return false }
        var k = Int(t.end)
        while k < bytes.count, bytes[k] != 0x0A {
            if bytes[k] == UInt8(ascii: "}") { return true }
            k += 1
        }
        return false
    }
}
