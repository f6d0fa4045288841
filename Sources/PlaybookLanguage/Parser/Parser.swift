/// A recursive-descent parser with error recovery: a mistake in one statement is reported and
/// the parser skips to the next statement, so one run reports every problem in the file.
struct Parser {
    let file: Int32
    let bytes: [UInt8]
    let tokens: [Token]
    let comments: [Comment]
    var pos = 0
    var commentIndex = 0
    var diagnostics = DiagnosticBag()
    /// Expression nesting: bounded so that hostile input cannot overflow the stack here or in
    /// any later phase that walks the tree recursively.
    var depth = 0
    static let maxDepth = 128
    /// Height of the tree the last expression parse returned. `depth` counts the nesting being
    /// parsed, which does not see the chain links already built below an operand, as in
    /// `((a + a + …) + a + …) + …`; chains check this instead, so the tree stays shallow.
    var height = 0

    init(file: Int32, bytes: [UInt8], lexer: Lexer) {
        self.file = file
        self.bytes = bytes
        self.tokens = lexer.tokens
        self.comments = lexer.comments
        self.diagnostics = lexer.diagnostics
    }

    // MARK: Tokens

    var current: Token { tokens[pos] }
    var previous: Token { tokens[max(0, pos - 1)] }

    func peek(_ k: Int = 1) -> Token { tokens[min(pos + k, tokens.count - 1)] }

    func text(_ t: Token) -> String { String(decoding: bytes[Int(t.start)..<Int(t.end)], as: UTF8.self) }

    func range(_ t: Token) -> SourceRange { SourceRange(file: file, start: Int(t.start), end: Int(t.end)) }

    func range(from start: Token) -> SourceRange {
        SourceRange(file: file, start: Int(start.start), end: Int(max(previous.end, start.end)))
    }

    /// Compares an identifier token with a keyword without allocating a String.
    func isWord(_ t: Token, _ word: StaticString) -> Bool {
        guard t.kind == .identifier, Int(t.end - t.start) == word.utf8CodeUnitCount else { return false }
        let p = word.utf8Start
        var i = 0
        var j = Int(t.start)
        while j < Int(t.end) { if bytes[j] != p[i] { return false }; i += 1; j += 1 }
        return true
    }

    func at(_ word: StaticString) -> Bool { isWord(current, word) }

    mutating func advance() -> Token {
        let t = tokens[pos]
        if pos < tokens.count - 1 { pos += 1 }
        return t
    }

    mutating func accept(_ kind: TokenKind) -> Bool {
        if current.kind == kind { _ = advance(); return true }
        return false
    }

    mutating func accept(_ word: StaticString) -> Bool {
        if at(word) { _ = advance(); return true }
        return false
    }

    func describe(_ t: Token) -> String {
        switch t.kind {
        case .identifier: "`\(text(t))`"
        case .number, .date: "`\(text(t))`"
        case .string: "text \(text(t).prefix(40))"
        case .eof: "the end of the file"
        default: t.kind.display
        }
    }

    /// Reports "expected X, found Y" at the current token. Returns false so callers can bail out.
    @discardableResult
    mutating func expect(_ kind: TokenKind, _ what: String? = nil) -> Bool {
        if accept(kind) { return true }
        error(.expected(what ?? kind.display, found: describe(current)), at: range(current))
        return false
    }

    @discardableResult
    mutating func expect(_ word: StaticString) -> Bool {
        if accept(word) { return true }
        error(.expected("`\(word)`", found: describe(current)), at: range(current))
        return false
    }

    mutating func error(_ m: DiagnosticMessage, at r: SourceRange, suggestion: String? = nil, notes: [Diagnostic.Note] = []) {
        // After an error the parser may look at the same token again: report a place once.
        if let last = diagnostics.items.last, last.range == r, last.code == m.code { return }
        // The lexer already reported an invalid token ("unexpected character", "3days"):
        // "expected …, found an invalid character" at the same place would say it twice.
        if current.kind == .invalid, r == range(current) { return }
        diagnostics.add(m, at: r, suggestion: suggestion, notes: notes)
    }

    // MARK: Comments

    /// Comments that come before `offset` and were not yet given to a statement.
    mutating func takeComments(before offset: Int32) -> [Comment] {
        var out: [Comment] = []
        while commentIndex < comments.count, comments[commentIndex].range.start < offset {
            out.append(comments[commentIndex])
            commentIndex += 1
        }
        return out
    }

    /// A comment on the same line, right after the statement that just ended.
    mutating func takeTrailingComment() -> Comment? {
        guard commentIndex < comments.count else { return nil }
        let c = comments[commentIndex]
        guard !c.ownLine, c.range.start >= previous.end, c.range.start < current.start || current.kind == .eof else { return nil }
        commentIndex += 1
        return c
    }

    mutating func leadingTrivia() -> Trivia {
        var t = Trivia()
        t.leading = takeComments(before: current.start)
        t.blankLineBefore = t.leading.first?.blankLineBefore ?? current.blankLineBefore
        return t
    }

    // MARK: Recovery

    /// Skips to the next line that starts with one of `keywords` or a `}` (or the end), jumping
    /// over balanced blocks so that a broken statement does not take the rest of the file with it.
    mutating func recover(to keywords: [StaticString]) {
        var first = true
        while current.kind != .eof {
            if !first, current.newlineBefore {
                if current.kind == .rbrace { return }
                if current.kind == .identifier, keywords.contains(where: { isWord(current, $0) }) { return }
            }
            // One-line blocks (`rule "r" { when … task { … } }`): a setting word followed by
            // `{` or quoted text starts the next setting even in mid-line.
            if !first, current.kind == .identifier, peek().kind == .lbrace || peek().kind == .string,
               keywords.contains(where: { isWord(current, $0) }) { return }
            first = false
            if current.kind == .rbrace { return }
            if current.kind == .lbrace { skipBalanced(); continue }
            _ = advance()
        }
    }

    /// From a `{`, `(` or `[`, skips past its partner without recursion.
    mutating func skipBalanced() {
        var level = 0
        repeat {
            switch current.kind {
            case .lbrace, .lparen, .lbracket: level += 1
            case .rbrace, .rparen, .rbracket: level -= 1
            case .eof: return
            default: break
            }
            _ = advance()
        } while level > 0
    }
}
