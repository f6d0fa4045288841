/// Statements: one per line, blocks opened at the end of their first line and closed by `}` on
/// a line of its own. Statements keep their source order; the formatter never sorts settings.
extension Printer {
    func field(_ f: FieldDecl) -> String {
        "field \(f.entity.text).\(f.name.text): \(type(f.type))"
    }

    func type(_ t: TypeRef) -> String {
        switch t.kind {
        case .named(let n): n.text
        case .oneOf(let values): "one of " + values.map { ExprPrinter.quoted($0.text) }.joined(separator: ", ")
        case .list(let inner): "list of " + type(inner)
        }
    }

    mutating func playbook(_ p: PlaybookDecl, trailing: String) {
        var head = "playbook \(ExprPrinter.quoted(p.id.text))"
        if let base = p.extends { head += " extends \(ExprPrinter.quoted(base.text))" }
        emit(0, head + " {")
        block(p.items, closing: p.closingTrivia, indent: Self.step) { pr, item, indent, trailing in
            pr.playbookItem(item, indent: indent, trailing: trailing)
        }
        emit(0, "}" + trailing)
    }

    mutating func playbookItem(_ item: PlaybookItem, indent: Int, trailing: String) {
        let line: String
        switch item {
        case .title(let t): line = "title " + text(t)
        case .description(let t): line = "description " + text(t)
        case .phase(let e): line = simple("phase", e, indent: indent)
        case .stage(let n): line = "stage " + n.text
        case .appliesWhen(let e): line = simple("applies when", e, indent: indent)
        case .param(let d):
            let head = "param " + d.name.text + (d.type.map { ": " + type($0) } ?? "") + " ="
            line = simple(head, d.value, indent: indent)
        case .set(let n, let e): line = simple("set \(n.text) =", e, indent: indent)
        case .let(let n, let e): line = simple("let \(n.text) =", e, indent: indent)
        case .rule(let r):
            rule("rule", r, indent: indent, trailing: trailing)
            return
        case .changeRule(let r):
            rule("change rule", r, indent: indent, trailing: trailing)
            return
        case .disableRule(let n): line = "disable rule " + ExprPrinter.quoted(n.text)
        case .field(let f): line = field(f)
        }
        emit(indent, line + trailing)
    }

    mutating func rule(_ keyword: String, _ r: RuleDecl, indent: Int, trailing: String) {
        emit(indent, "\(keyword) \(ExprPrinter.quoted(r.id.text)) {")
        block(r.items, closing: r.closingTrivia, indent: indent + Self.step) { pr, item, indent, trailing in
            pr.ruleItem(item, indent: indent, trailing: trailing)
        }
        emit(indent, "}" + trailing)
    }

    mutating func ruleItem(_ item: RuleItem, indent: Int, trailing: String) {
        let line: String
        switch item {
        case .title(let t): line = "title " + text(t)
        case .description(let t): line = "description " + text(t)
        case .each(let n, let e): line = simple("each \(n.text) in", e, indent: indent)
        case .when(let e): line = simple("when", e, indent: indent)
        case .for(let e): line = simple("for", e, indent: indent)
        case .cooldown(let e): line = simple("cooldown", e, indent: indent)
        case .resolve(let r, _): line = "resolve " + r.rawValue
        case .task(let t):
            // Always multi-line, even when it would fit: tasks are what readers scan for.
            emit(indent, "task {")
            block(t.items, closing: t.closingTrivia, indent: indent + Self.step) { pr, item, indent, trailing in
                pr.taskItem(item, indent: indent, trailing: trailing)
            }
            emit(indent, "}" + trailing)
            return
        }
        emit(indent, line + trailing)
    }

    mutating func taskItem(_ item: TaskItem, indent: Int, trailing: String) {
        let line: String
        switch item {
        case .title(let t): line = "title " + text(t)
        case .description(let t): line = "description " + text(t)
        case .owner(let chain):
            line = fit(indent: indent) { mode in
                "owner " + chain.map { exprs.render($0, mode) }.joined(separator: " else ")
            }
        case .due(.on(let e)): line = simple("due on", e, indent: indent)
        case .due(.after(let e, businessDays: false)): line = simple("due in", e, indent: indent)
        case .due(.after(let e, businessDays: true)):
            // The parser takes a single number or name here, so there is nothing to break.
            let amount = exprs.flat(e)
            line = "due in \(amount) business \(amount == "1" ? "day" : "days")"
        case .priority(let n): line = "priority " + n.text
        case .steps(let e): line = simple("steps", e, indent: indent)
        case .tags(let e): line = simple("tags", e, indent: indent)
        }
        emit(indent, line + trailing)
    }
}
