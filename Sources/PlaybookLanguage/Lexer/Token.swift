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
    var kind: TokenKind
    var start: Int32
    var end: Int32
    /// At least one line break between the previous token and this one.
    var newlineBefore: Bool
    /// At least one empty line between the previous token (or comment) and this one; the
    /// formatter keeps such paragraph breaks.
    var blankLineBefore: Bool
}

/// A `#` comment: kept by the lexer so that the formatter never drops one.
public struct Comment: Sendable, Hashable {
    public var range: SourceRange
    public var text: String
    /// Nothing but whitespace precedes it on its line.
    public var ownLine: Bool
    public var blankLineBefore: Bool
}
