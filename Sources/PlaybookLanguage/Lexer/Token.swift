enum TokenKind: UInt8, Sendable {
    case identifier, number, date, string
    case lbrace, rbrace, lparen, rparen, lbracket, rbracket
    case comma, dot, colon, assign
    case plus, minus, star, slash
    case eq, ne, lt, le, gt, ge
    case invalid, eof

    var display: String {
        switch self {
        case .identifier: "a name"
        case .number: "a number"
        case .date: "a date"
        case .string: "a text in quotes"
        case .lbrace: "`{`"
        case .rbrace: "`}`"
        case .lparen: "`(`"
        case .rparen: "`)`"
        case .lbracket: "`[`"
        case .rbracket: "`]`"
        case .comma: "`,`"
        case .dot: "`.`"
        case .colon: "`:`"
        case .assign: "`=`"
        case .plus: "`+`"
        case .minus: "`-`"
        case .star: "`*`"
        case .slash: "`/`"
        case .eq: "`==`"
        case .ne: "`!=`"
        case .lt: "`<`"
        case .le: "`<=`"
        case .gt: "`>`"
        case .ge: "`>=`"
        case .invalid: "an invalid character"
        case .eof: "the end of the file"
        }
    }
}

struct Token: Sendable {
    // The offsets come first so that the one-byte fields pack behind them: 12 bytes a token,
    // not 16, and a large file has millions of tokens.
    var start: Int32
    var end: Int32
    var kind: TokenKind
    /// At least one line break between the previous token and this one.
    var newlineBefore: Bool
    /// At least one empty line between the previous token (or comment) and this one; the
    /// formatter keeps such paragraph breaks.
    var blankLineBefore: Bool

    init(kind: TokenKind, start: Int32, end: Int32, newlineBefore: Bool, blankLineBefore: Bool) {
        self.start = start
        self.end = end
        self.kind = kind
        self.newlineBefore = newlineBefore
        self.blankLineBefore = blankLineBefore
    }
}

/// A `#` comment: kept by the lexer so that the formatter never drops one.
public struct Comment: Sendable, Hashable {
    public var range: SourceRange
    public var text: String
    /// Nothing but whitespace precedes it on its line.
    public var ownLine: Bool
    public var blankLineBefore: Bool
}
