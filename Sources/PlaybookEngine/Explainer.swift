import PlaybookLanguage

/// Writes a condition with the values it saw: `account.health.score (52) < health_floor (60)`.
/// Runs only for tasks being created, so it may compile as it goes.
public enum Explainer {
    public static func explain(_ e: TypedExpr, _ frame: Frame, _ sources: SourceSet) -> String {
        render(e, frame, sources, parentPrecedence: 0)
    }

    static func precedence(_ e: TypedExpr) -> Int {
        switch e.kind {
        case .binary(let op, _, _):
            switch op {
            case .or: 1
            case .and: 2
            case .add, .sub: 5
            case .mul, .div: 6
            default: 4
            }
        case .not: 3
        case .presence: 4
        default: 9
        }
    }

    static func render(_ e: TypedExpr, _ f: Frame, _ s: SourceSet, parentPrecedence: Int) -> String {
        let p = precedence(e)
        let body: String
        switch e.kind {
        case .number, .text, .boolean, .date, .duration, .list, .template:
            body = s.text(e.range)
        case .binary(let op, let l, let r):
            body = render(l, f, s, parentPrecedence: p) + " \(op.rawValue) " + render(r, f, s, parentPrecedence: p + 1)
        case .not(let x):
            body = "not " + render(x, f, s, parentPrecedence: p + 1)
        case .presence(let x, let present):
            body = render(x, f, s, parentPrecedence: p + 1) + (present ? " is present" : " is missing")
        case .negate(let x) where Compiler.isConstant(x):
            body = s.text(e.range)
        default:
            let v = Compiler.compile(e)(f)
            body = "\(s.text(e.range)) (\(v.explained))"
        }
        return p < parentPrecedence ? "(\(body))" : body
    }
}
