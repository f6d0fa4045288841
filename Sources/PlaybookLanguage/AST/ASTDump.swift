/// A range-free, comment-free S-expression rendering of a tree. Two sources "parse to the same
/// tree" exactly when their dumps are equal, so tests compare dumps rather than `FileAST`
/// values, whose ranges differ whenever the layout does.
///
/// Declarations come one per line, indented by nesting; an expression is always one line.
package enum ASTDump {
    package static func dump(_ file: FileAST) -> String {
        var out = Lines()
        out.open("(file")
        for item in file.items {
            switch item.kind {
            case .playbook(let p): playbook(p, &out)
            case .field(let f): out.leaf(field(f))
            case .source(let s): source(s, &out)
            }
        }
        out.close()
        return out.text
    }

    package static func dump(_ expr: Expr) -> String {
        var s = ""
        write(expr, to: &s)
        return s
    }

    // MARK: Declarations

    private static func playbook(_ p: PlaybookDecl, _ out: inout Lines) {
        out.open("(playbook \(quoted(p.id.text))" + (p.extends.map { " (extends \(quoted($0.text)))" } ?? ""))
        for item in p.items {
            switch item.kind {
            case .title(let t): out.leaf("(title \(text(t)))")
            case .description(let t): out.leaf("(description \(text(t)))")
            case .phase(let e): out.leaf("(phase \(dump(e)))")
            case .stage(let n): out.leaf("(stage \(n.text))")
            case .appliesWhen(let e): out.leaf("(applies-when \(dump(e)))")
            case .param(let d):
                out.leaf("(param \(d.name.text)" + (d.type.map { " " + type($0) } ?? "") + " \(dump(d.value)))")
            case .set(let n, let e): out.leaf("(set \(n.text) \(dump(e)))")
            case .let(let n, let e): out.leaf("(let \(n.text) \(dump(e)))")
            case .rule(let r): rule("rule", r, &out)
            case .changeRule(let r): rule("change-rule", r, &out)
            case .disableRule(let n): out.leaf("(disable-rule \(quoted(n.text)))")
            case .field(let f): out.leaf(field(f))
            }
        }
        out.close()
    }

    private static func source(_ s: SourceDecl, _ out: inout Lines) {
        out.open("(source \(quoted(s.name.text))")
        for item in s.items {
            guard case .file(let f) = item.kind else { continue }
            out.open("(file \(quoted(f.file.text)) \(f.entity.text)")
            for c in f.block?.items ?? [] {
                let m = c.kind
                let values = m.values.map { " (with" + $0.entries.map { " (\(quoted($0.kind.spelling.text)) \(dump($0.kind.value)))" }.joined() + ")" }
                out.leaf("(column \(quoted(m.header.text)) \(m.target.text)" + (values ?? "") + ")")
            }
            out.close()
        }
        out.close()
    }

    private static func field(_ f: FieldDecl) -> String {
        "(field \(f.entity.text) \(f.name.text) \(type(f.type)))"
    }

    private static func type(_ t: TypeRef) -> String {
        switch t.kind {
        case .named(let n): "(type \(n.text))"
        case .oneOf(let values): "(type one-of" + values.map { " " + quoted($0.text) }.joined() + ")"
        case .list(let inner): "(type list-of \(type(inner)))"
        }
    }

    private static func rule(_ head: String, _ r: RuleDecl, _ out: inout Lines) {
        out.open("(\(head) \(quoted(r.id.text))")
        for item in r.items {
            switch item.kind {
            case .title(let t): out.leaf("(title \(text(t)))")
            case .description(let t): out.leaf("(description \(text(t)))")
            case .each(let n, let e): out.leaf("(each \(n.text) \(dump(e)))")
            case .when(let e): out.leaf("(when \(dump(e)))")
            case .for(let e): out.leaf("(for \(dump(e)))")
            case .task(let t): task(t, &out)
            case .resolve(let r, _): out.leaf("(resolve \(r.rawValue))")
            case .cooldown(let e): out.leaf("(cooldown \(dump(e)))")
            }
        }
        out.close()
    }

    private static func task(_ t: TaskDecl, _ out: inout Lines) {
        out.open("(task")
        for item in t.items {
            switch item.kind {
            case .title(let t): out.leaf("(title \(text(t)))")
            case .description(let t): out.leaf("(description \(text(t)))")
            case .owner(let chain): out.leaf("(owner" + chain.map { " " + dump($0) }.joined() + ")")
            case .due(.after(let e, businessDays: false)): out.leaf("(due-in \(dump(e)))")
            case .due(.after(let e, businessDays: true)): out.leaf("(due-in-business-days \(dump(e)))")
            case .due(.on(let e)): out.leaf("(due-on \(dump(e)))")
            case .priority(let n): out.leaf("(priority \(n.text))")
            case .steps(let e): out.leaf("(steps \(dump(e)))")
            case .tags(let e): out.leaf("(tags \(dump(e)))")
            }
        }
        out.close()
    }

    // MARK: Expressions

    private static func text(_ t: TextTemplate) -> String {
        var s = ""
        writeText(t, to: &s)
        return s
    }

    private static func writeText(_ t: TextTemplate, to s: inout String) {
        s += "(text"
        for part in t.parts {
            switch part {
            case .literal(let l): s += " " + quoted(l)
            case .expr(let e): s += " "; write(e, to: &s)
            }
        }
        s += ")"
    }

    /// Appends to one buffer rather than concatenating returned strings, so dumping a deep tree
    /// is linear in its size.
    private static func write(_ e: Expr, to s: inout String) {
        switch e.kind {
        case .number(_, let text): s += "(number \(text))"
        case .text(let t): writeText(t, to: &s)
        case .boolean(let b): s += "(boolean \(b))"
        case .date(let d): s += "(date \(d))"
        case .duration(_, let amount, let unit): s += "(duration \(amount) \(unit.rawValue))"
        case .list(let elements):
            s += "(list"
            for x in elements { s += " "; write(x, to: &s) }
            s += ")"
        case .name(let n): s += "(name \(n.text))"
        case .member(let base, let n):
            s += "(member "; write(base, to: &s); s += " \(n.text))"
        case .unary(let op, let x):
            s += "(unary \(op.rawValue) "; write(x, to: &s); s += ")"
        case .binary(let op, let l, let r):
            s += "(binary \(op.rawValue) "; write(l, to: &s); s += " "; write(r, to: &s); s += ")"
        case .presence(let x, let present):
            s += present ? "(present " : "(missing "; write(x, to: &s); s += ")"
        case .call(let f, let args):
            s += "(call \(f.text)"
            for a in args { s += " "; write(a, to: &s) }
            s += ")"
        case .aggregate(let op, let v, let collection, let filter, let body):
            s += "(aggregate \(op.rawValue) \(v.text) "; write(collection, to: &s)
            if let filter { s += " (where "; write(filter, to: &s); s += ")" }
            if let body { s += " "; write(body, to: &s) }
            s += ")"
        case .paren(let x):
            s += "(paren "; write(x, to: &s); s += ")"
        case .error: s += "(error)"
        }
    }

    /// Quoted with the escapes of the language, so a dump line reads like the source.
    private static func quoted(_ s: String) -> String {
        "\"" + TextEscaping.escape(s) + "\""
    }
}

/// Lines of a dump under construction: `open` starts a nested list, `close` ends the innermost.
private struct Lines {
    private var lines: [String] = []
    private var level = 0

    mutating func open(_ head: String) {
        lines.append(String(repeating: "  ", count: level) + head)
        level += 1
    }

    mutating func leaf(_ s: String) { lines.append(String(repeating: "  ", count: level) + s) }

    /// Lisp style: the closing parenthesis ends the last line instead of taking its own.
    mutating func close() {
        level -= 1
        lines[lines.count - 1] += ")"
    }

    var text: String { lines.joined(separator: "\n") }
}
