/// A name as written, with where it was written.
public struct Name: Sendable, Hashable {
    public var text: String
    public var range: SourceRange
    public init(_ text: String, _ range: SourceRange) { self.text = text; self.range = range }
}

/// Text in quotes, split into literal pieces and `{expression}` interpolations.
public struct TextTemplate: Sendable, Hashable {
    public enum Part: Sendable, Hashable {
        case literal(String)
        case expr(Expr)
    }
    public var parts: [Part]
    public var range: SourceRange

    /// The text when it has no interpolation.
    public var plain: String? {
        if parts.isEmpty { return "" }
        if parts.count == 1, case .literal(let s) = parts[0] { return s }
        return nil
    }
}

public enum DurationUnit: String, Sendable, Hashable { case day, week }

public enum UnaryOp: String, Sendable, Hashable { case negate = "-", not = "not" }

public enum BinaryOp: String, Sendable, Hashable, CaseIterable {
    case or, and
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    case `in`
    case add = "+", sub = "-", mul = "*", div = "/"

    /// Higher binds tighter.
    var precedence: Int {
        switch self {
        case .or: 1
        case .and: 2
        case .eq, .ne, .lt, .le, .gt, .ge, .in: 4
        case .add, .sub: 5
        case .mul, .div: 6
        }
    }
    var isComparison: Bool { precedence == 4 }
}

/// Collection operations that bind a variable: `any(s in account.stakeholders: s.is_spl)`.
public enum AggregateOp: String, Sendable, Hashable, CaseIterable {
    case any, all, none, count, filter, sum, min, max, average
}

public struct Expr: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        case number(Double, text: String)
        case text(TextTemplate)
        case boolean(Bool)
        case date(CivilDate)
        case duration(amount: Double, amountText: String, unit: DurationUnit)
        case list([Expr])
        case name(Name)
        case member(Expr, Name)
        case unary(UnaryOp, Expr)
        case binary(BinaryOp, Expr, Expr)
        /// `x is missing` (present == false) or `x is present`.
        case presence(Expr, present: Bool)
        case call(Name, [Expr])
        /// `max(m in account.meetings where m.kind == "qbr": m.date)`; `where` and the body after
        /// `:` are each optional, but not both (and sum/min/max/average need a body).
        case aggregate(AggregateOp, variable: Name, collection: Expr, filter: Expr?, body: Expr?)
        case paren(Expr)
        /// Stands in for an expression that failed to parse, so checking can go on.
        case error
    }
    public var kind: Kind
    public var range: SourceRange
    public init(_ kind: Kind, _ range: SourceRange) { self.kind = kind; self.range = range }
}
