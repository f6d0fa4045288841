/// Canonical text of expressions. The tree keeps the source's parentheses as `.paren` nodes, so
/// printing each node in source order with fixed spacing reads back to the same tree: no
/// precedence reasoning is needed here.
struct ExprPrinter {
    /// Lines longer than this get their lists broken, one element per line. A trailing comment
    /// does not count: it is the statement that has to fit.
    static let width = 100

    /// How lists are laid out. Only lists ever break: a line with no list that is too long
    /// stays one line, since breaking anywhere else would need a rule the parser does not have.
    enum Mode {
        case flat
        /// Lists open on the current line, hold one element per line at `indent + 2`, and close
        /// on their own line at `indent`.
        case broken(indent: Int)
    }

    /// Source text for `.error` nodes, so a tree with a hole still prints something readable.
    let source: SourceFile

    func flat(_ e: Expr) -> String {
        var s = ""
        write(e, .flat, to: &s)
        return s
    }

    func render(_ e: Expr, _ mode: Mode) -> String {
        var s = ""
        write(e, mode, to: &s)
        return s
    }

    /// Flat when `column` plus the flat text plus `suffix` fits the width, broken otherwise. The
    /// choice depends only on the tree and the indentation, never on the input's layout, which
    /// is what makes formatting idempotent.
    func fit(_ e: Expr, indent: Int, column: Int, suffix: Int = 0) -> String {
        let f = flat(e)
        if column + f.count + suffix <= Self.width { return f }
        let step = indent + 2
        let pad = String(repeating: " ", count: step)
        switch e.kind {
        // A long chain breaks before each operator (`or`, `and`, `+`/`-`), continuation lines
        // indented one step: statements do not end at line breaks, so the parser reads the
        // result back as the same tree.
        case .binary(let op, _, _) where op == .or || op == .and || op == .add || op == .sub:
            let links = chain(e, precedence: op.precedence)
            var out = fit(links[0].operand, indent: indent, column: column)
            for link in links.dropFirst() {
                out += "\n" + pad + link.op.rawValue + " "
                out += fit(link.operand, indent: step, column: step + link.op.rawValue.count + 1)
            }
            return out
        case .binary(let op, let l, let r):
            let left = fit(l, indent: indent, column: column)
            let rest = " \(op.rawValue) "
            return left + rest + fit(r, indent: indent, column: Self.lastLineColumn(left, start: column) + rest.count, suffix: suffix)
        case .paren(let inner):
            return "(" + fit(inner, indent: indent, column: column + 1, suffix: suffix + 1) + ")"
        case .call(let name, let args) where !args.isEmpty:
            // Arguments one per line, one step in; the `)` ends the last one.
            var out = name.text + "("
            for (n, a) in args.enumerated() {
                out += "\n" + pad + fit(a, indent: step, column: step, suffix: n == args.count - 1 ? suffix + 1 : 1)
                out += n == args.count - 1 ? ")" : ","
            }
            return out
        default:
            return render(e, .broken(indent: indent))
        }
    }

    /// The column where `text` ends, given that its first line started at `start`.
    static func lastLineColumn(_ text: String, start: Int) -> Int {
        guard let nl = text.lastIndex(of: "\n") else { return start + text.count }
        return text[text.index(after: nl)...].count
    }

    /// `a - b + c` as [(_, a), (-, b), (+, c)]: operators of one precedence, left to right.
    func chain(_ e: Expr, precedence: Int) -> [(op: BinaryOp, operand: Expr)] {
        if case .binary(let op, let l, let r) = e.kind, op.precedence == precedence {
            return chain(l, precedence: precedence) + [(op, r)]
        }
        return [(.or, e)]
    }

    func write(_ e: Expr, _ mode: Mode, to s: inout String) {
        switch e.kind {
        case .number(_, let text): s += text
        case .text(let t): s += text(t)
        case .boolean(let b): s += b ? "true" : "false"
        case .date(let d): s += d.description
        case .duration(_, let amount, let unit): s += Self.duration(amount, unit)
        case .list(let elements): list(elements, mode, to: &s)
        case .name(let n): s += n.text
        case .member(let base, let n):
            write(base, mode, to: &s)
            s += "." + n.text
        case .unary(.not, let x):
            s += "not "
            write(x, mode, to: &s)
        case .unary(.negate, let x):
            s += "-"
            write(x, mode, to: &s)
        case .binary(let op, let l, let r):
            write(l, mode, to: &s)
            s += " \(op.rawValue) "
            write(r, mode, to: &s)
        case .presence(let x, let present):
            write(x, mode, to: &s)
            s += present ? " is present" : " is missing"
        case .call(let f, let args):
            s += f.text + "("
            for (i, a) in args.enumerated() {
                if i > 0 { s += ", " }
                write(a, mode, to: &s)
            }
            s += ")"
        case .aggregate(let op, let v, let collection, let filter, let body):
            s += "\(op.rawValue)(\(v.text) in "
            write(collection, mode, to: &s)
            if let filter {
                s += " where "
                write(filter, mode, to: &s)
            }
            if let body {
                s += ": "
                write(body, mode, to: &s)
            }
            s += ")"
        case .paren(let x):
            s += "("
            write(x, mode, to: &s)
            s += ")"
        case .error:
            s += source.text(e.range)
        }
    }

    private func list(_ elements: [Expr], _ mode: Mode, to s: inout String) {
        guard case .broken(let indent) = mode, !elements.isEmpty else {
            s += "["
            for (i, x) in elements.enumerated() {
                if i > 0 { s += ", " }
                write(x, .flat, to: &s)
            }
            s += "]"
            return
        }
        let inner = indent + 2
        let pad = String(repeating: " ", count: inner)
        s += "["
        for x in elements {
            // Each element line decides for itself, so a long nested list breaks only where needed.
            s += "\n" + pad + fit(x, indent: inner, column: inner, suffix: 1) + ","
        }
        s += "\n" + String(repeating: " ", count: indent) + "]"
    }

    /// Quoted text; interpolations are always flat because text cannot span lines.
    func text(_ t: TextTemplate) -> String {
        var s = "\""
        for part in t.parts {
            switch part {
            case .literal(let l): s += TextEscaping.escape(l)
            case .expr(let e):
                s += "{"
                write(e, .flat, to: &s)
                s += "}"
            }
        }
        return s + "\""
    }

    static func quoted(_ s: String) -> String { "\"" + TextEscaping.escape(s) + "\"" }

    static func duration(_ amount: String, _ unit: DurationUnit) -> String {
        let word = unit == .day ? "day" : "week"
        return amount == "1" ? "1 \(word)" : "\(amount) \(word)s"
    }
}
