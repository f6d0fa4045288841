import PlaybookLanguage

/// How the checker numbers bound variables, which the frame's `slots` follow. Within a rule it
/// numbers them from 0 in the order it binds them, so the `each` variable comes after the
/// variables of its own list (`each s in filter(x in …: …)`: `x` is 0, `s` is 1); a `change
/// rule` is checked without the list and reads the item from 0. `let`s, parameters and
/// `applies when` are numbered along their playbook, independently of any rule, and may run in
/// the middle of a rule (a `let` is computed where it is first read); a collection operation
/// therefore puts back what its slot held, so nothing it runs inside loses its variable.
enum Slots {
    /// Variables an expression binds itself (not those of the `let`s it reads).
    static func bound(in e: TypedExpr) -> Int {
        var n = 0
        visit(e) { if case .aggregate = $0.kind { n += 1 } }
        return n
    }

    /// One more than the highest slot an expression binds or reads; 0 when none.
    static func needed(by e: TypedExpr) -> Int {
        var n = 0
        visit(e) {
            switch $0.kind {
            case .aggregate(_, let slot, _, _, _), .variable(let slot): n = max(n, slot + 1)
            default: break
            }
        }
        return n
    }

    static func visit(_ e: TypedExpr, _ body: (TypedExpr) -> Void) {
        body(e)
        switch e.kind {
        case .template(let parts): for case .value(let v) in parts { visit(v, body) }
        case .list(let items), .call(_, let items): items.forEach { visit($0, body) }
        case .field(let x, _, _, _), .negate(let x), .not(let x), .presence(let x, _): visit(x, body)
        case .binary(_, let l, let r): visit(l, body); visit(r, body)
        case .aggregate(_, _, let c, let f, let b): visit(c, body); f.map { visit($0, body) }; b.map { visit($0, body) }
        case .number, .text, .boolean, .date, .duration, .account, .variable, .parameter, .letValue, .invalid: break
        }
    }
}
