extension Checker {
    /// Checks a rule, or with `base` a `change rule` of it: a change may name any setting except
    /// `each`, which is part of the rule's identity (its tasks are one per item).
    mutating func checkRule(_ r: RuleDecl, base: CheckedRule?, scope outer: Scope, playbook: String, basePlaybook: String) -> CheckedRule {
        var scope = outer
        scope.nextSlot = 0
        var rule = CheckedRule(id: r.id.text, basePlaybook: basePlaybook, playbook: playbook, range: r.range)
        if let each = base?.each {
            _ = scope.bind(each.value.name, each.value.collection.type.elementType ?? .error)
        }
        // `each` binds its variable for every other setting, wherever it is written.
        for item in r.items {
            guard case .each(let name, let collection) = item.kind else { continue }
            if base != nil { report(.notAllowedInCustomisation("each"), item.range); continue }
            let c = check(collection, &scope)
            var elementType = PType.error
            if let el = c.type.elementType { elementType = el } else { report(.notAList(c.type.description), collection.range) }
            checkDeclaredName(name, scope)
            _ = scope.bind(name.text, elementType)
            rule.each = Sourced(value: (name.text, c), at: item.range)
        }
        for item in r.items {
            switch item.kind {
            case .each: break
            case .title(let t):
                if let s = plainText(t, "a rule title") { rule.title = Sourced(value: s, at: item.range) }
            case .description(let t):
                if let s = plainText(t, "a rule description") { rule.description = Sourced(value: s, at: item.range) }
            case .when(let e):
                let t = check(e, &scope)
                expect(t, .boolean, "the `when` condition")
                rule.when = Sourced(value: t, at: item.range)
            case .for(let e):
                let t = checkConstant(e, &scope, "`for`")
                if expect(t, .duration, "the time after `for`") { checkNotNegative(t, "the time after `for`"); checkDays(t) }
                rule.forDuration = Sourced(value: t, at: item.range)
            case .cooldown(let e):
                let t = checkConstant(e, &scope, "`cooldown`")
                if expect(t, .duration, "the `cooldown`") { checkNotNegative(t, "the `cooldown`"); checkDays(t) }
                rule.cooldown = Sourced(value: t, at: item.range)
            case .resolve(let how, _):
                rule.resolution = Sourced(value: how, at: item.range)
            case .task(let t):
                rule.task = checkTask(t, &scope)
            }
        }
        if base == nil {
            if rule.when == nil { report(.missingSetting("when", block: "rule `\(r.id.text)`"), r.id.range) }
            if r.items.contains(where: { if case .task = $0.kind { true } else { false } }) == false {
                report(.missingSetting("task", block: "rule `\(r.id.text)`"), r.id.range)
            } else if rule.task.title == nil {
                report(.missingSetting("title", block: "the task of rule `\(r.id.text)`"), r.id.range)
            }
        }
        rule.slotCount = scope.nextSlot
        return rule
    }

    mutating func checkNotNegative(_ t: TypedExpr, _ what: String) {
        if case .negate = t.kind { report(.negativeDuration(what), t.range) }
        if case .duration(let d) = t.kind, d < 0 { report(.negativeDuration(what), t.range) }
    }

    mutating func checkTask(_ t: TaskDecl, _ scope: inout Scope) -> CheckedTask {
        var task = CheckedTask()
        for item in t.items {
            switch item.kind {
            case .title(let tt):
                task.title = Sourced(value: checkTemplate(tt, &scope), at: item.range)
            case .description(let tt):
                task.description = Sourced(value: checkTemplate(tt, &scope), at: item.range)
            case .owner(let exprs):
                var owners: [TypedExpr] = []
                for e in exprs {
                    let o = check(e, &scope)
                    if !o.type.isTextLike, !o.type.isError {
                        report(.typeMismatch(expected: "text (a person's name or address)", got: o.type.description, context: "an owner"), e.range)
                    }
                    owners.append(o)
                }
                task.owner = Sourced(value: owners, at: item.range)
            case .due(.after(let e, let business)):
                let v = check(e, &scope)
                if business {
                    if expect(v, .number, "the number of business days") { checkBusinessDays(v) }
                    task.due = Sourced(value: .afterBusinessDays(v), at: item.range)
                } else {
                    if v.type == .number {
                        let n = sources.text(e.range)
                        let fix = if case .number = e.kind { "write `\(n) days` or `\(n) business days`" } else { "write `in \(n) business days`, or give `\(n)` as a duration such as `5 days`" }
                        diagnostics.add(Diagnostic(.typeMismatch(expected: PType.duration.description, got: v.type.description, context: "the time after `due in`"), at: v.range)
                            .note(fix))
                    } else if expect(v, .duration, "the time after `due in`") {
                        checkDays(v)
                    }
                    task.due = Sourced(value: .afterDays(v), at: item.range)
                }
            case .due(.on(let e)):
                let v = check(e, &scope)
                expect(v, .date, "the date after `due on`")
                task.due = Sourced(value: .on(v), at: item.range)
            case .priority(let n):
                guard let p = Priority(rawValue: n.text) else {
                    report(.unknownPriority(n.text), n.range, suggestion: Suggestions.closest(to: n.text, in: Priority.allCases.map(\.rawValue)))
                    continue
                }
                task.priority = Sourced(value: p, at: item.range)
            case .steps(let e):
                let v = check(e, &scope)
                if !(v.type.elementType?.isTextLike ?? false), !(v.type.elementType?.isError ?? false), !v.type.isError {
                    report(.typeMismatch(expected: "a list of texts", got: v.type.description, context: "`steps`"), e.range)
                }
                task.steps = Sourced(value: v, at: item.range)
            case .tags(let e):
                let v = check(e, &scope)
                if !(v.type.elementType?.isTextLike ?? false), !(v.type.elementType?.isError ?? false), !v.type.isError {
                    report(.typeMismatch(expected: "a list of texts", got: v.type.description, context: "`tags`"), e.range)
                }
                task.tags = Sourced(value: v, at: item.range)
            }
        }
        return task
    }
}
