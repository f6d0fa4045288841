extension Checker {
    /// Types an expression and resolves its names. Errors are reported once, at the innermost
    /// place they occur; an erroneous subexpression has type `.error`, which fits anywhere, so
    /// one mistake does not cascade into many messages.
    mutating func check(_ e: Expr, _ scope: inout Scope) -> TypedExpr {
        // Each kind with more than a line is checked in a function of its own: this one recurses
        // as deep as the expression is high (up to some 500 levels), so its frame stays small.
        func typed(_ k: TypedExpr.Kind, _ t: PType) -> TypedExpr { TypedExpr(kind: k, type: t, range: e.range) }
        switch e.kind {
        case .number(let v, _):
            let t = typed(.number(v), .number)
            checkLiteralRange(t)
            return t
        case .boolean(let b): return typed(.boolean(b), .boolean)
        case .date(let d): return typed(.date(d), .date)
        case .duration(let amount, _, let unit):
            let t = typed(.duration(unit == .week ? amount * 7 : amount), .duration)
            checkLiteralRange(t)
            return t
        case .text(let t): return checkTemplate(t, &scope)
        case .paren(let inner): return check(inner, &scope)
        case .error: return typed(.invalid, .error)
        case .list(let elements): return checkList(elements, e, &scope)
        case .name(let n): return checkName(n, e, &scope)
        case .member(let base, let name): return checkMember(base, name, e, &scope)
        case .unary(let op, let operand): return checkUnary(op, operand, e, &scope)
        case .presence(let operand, let present):
            let o = check(operand, &scope)
            return typed(.presence(o, present: present), .boolean)
        case .binary(let op, let l, let r):
            return checkBinary(op, l, r, e.range, &scope)
        case .call(let name, let args):
            return checkCall(name, args, e.range, &scope)
        case .aggregate(let op, let variable, let collection, let filterExpr, let bodyExpr):
            return checkAggregate(op, variable, collection, filterExpr, bodyExpr, e, &scope)
        }
    }

    private mutating func checkList(_ elements: [Expr], _ e: Expr, _ scope: inout Scope) -> TypedExpr {
        func typed(_ k: TypedExpr.Kind, _ t: PType) -> TypedExpr { TypedExpr(kind: k, type: t, range: e.range) }
        let items = elements.map { check($0, &scope) }
        guard let first = items.first(where: { !$0.type.isError }) else {
            return typed(.list(items), items.isEmpty ? .emptyList : .list(.error))
        }
        var elementType = first.type
        for item in items where !item.type.fits(elementType) {
            if elementType.isTextLike, item.type.isTextLike { elementType = .text; continue }
            report(.typeMismatch(expected: elementType.description, got: item.type.description, context: "every item of a list"), item.range)
        }
        return typed(.list(items), .list(elementType))
    }

    private mutating func checkName(_ n: Name, _ e: Expr, _ scope: inout Scope) -> TypedExpr {
        func typed(_ k: TypedExpr.Kind, _ t: PType) -> TypedExpr { TypedExpr(kind: k, type: t, range: e.range) }
        if let v = scope.lookupVariable(n.text) { return typed(.variable(v.slot), v.type) }
        if n.text == "account" {
            if !scope.allowsAccountData { report(.notConstant(constantContext), e.range) }
            return typed(.account, PType.account)
        }
        if let p = scope.parameters[n.text] {
            usedParameters.insert(p)
            return typed(.parameter(p), library.parameters[p].type)
        }
        if let l = scope.lets[n.text] {
            if !scope.allowsAccountData { report(.notConstant(constantContext), e.range) }
            usedLets.insert(l)
            return typed(.letValue(l), library.lets[l].value.type)
        }
        var d = Diagnostic(.unknownName(n.text), at: n.range, suggestion: Suggestions.closest(to: n.text, in: scope.visibleNames))
        if Builtin(rawValue: n.text) != nil { d = d.note("`\(n.text)` is a function: write `\(n.text)(…)`") }
        if AggregateOp(rawValue: n.text) != nil { d = d.note("`\(n.text)` goes through a list: write `\(n.text)(x in list: …)`") }
        diagnostics.add(d)
        return typed(.invalid, .error)
    }

    private mutating func checkMember(_ base: Expr, _ name: Name, _ e: Expr, _ scope: inout Scope) -> TypedExpr {
        func typed(_ k: TypedExpr.Kind, _ t: PType) -> TypedExpr { TypedExpr(kind: k, type: t, range: e.range) }
        let b = check(base, &scope)
        switch b.type {
        case .error: return typed(.invalid, .error)
        case .record(let r):
            // Looked up in place: copying the record out would retain its tables per access.
            guard let (index, field) = library.schema.field(name.text, of: r) else {
                let names = library.schema.record(r)?.fields.map(\.name) ?? []
                let d = Diagnostic(.unknownField(name.text, entity: r), at: name.range,
                                   suggestion: Suggestions.closest(to: name.text, in: names))
                diagnostics.add(d.note("declare a custom field with `field \(r).\(name.text): text` (or another type)"))
                return typed(.invalid, .error)
            }
            return typed(.field(b, record: r, index: index, name: field.name), field.type)
        case .list:
            diagnostics.add(Diagnostic(.notAnEntity(b.type.description, member: name.text), at: name.range)
                .note("to look inside each item, write `any(x in \(sources.text(base.range)): x.\(name.text) …)`"))
            return typed(.invalid, .error)
        default:
            report(.notAnEntity(b.type.description, member: name.text), name.range)
            return typed(.invalid, .error)
        }
    }

    private mutating func checkUnary(_ op: UnaryOp, _ operand: Expr, _ e: Expr, _ scope: inout Scope) -> TypedExpr {
        func typed(_ k: TypedExpr.Kind, _ t: PType) -> TypedExpr { TypedExpr(kind: k, type: t, range: e.range) }
        switch op {
        case .not:
            let o = check(operand, &scope)
            expect(o, .boolean, "the value after `not`")
            return typed(.not(o), .boolean)
        case .negate:
            let o = check(operand, &scope)
            switch o.type {
            case .number, .duration, .error: return typed(.negate(o), o.type)
            default:
                report(.typeMismatch(expected: "a number or a duration", got: o.type.description, context: "the value after `-`"), operand.range)
                return typed(.invalid, .error)
            }
        }
    }

    private mutating func checkAggregate(_ op: AggregateOp, _ variable: Name, _ collection: Expr, _ filterExpr: Expr?, _ bodyExpr: Expr?,
                                         _ e: Expr, _ scope: inout Scope) -> TypedExpr {
        func typed(_ k: TypedExpr.Kind, _ t: PType) -> TypedExpr { TypedExpr(kind: k, type: t, range: e.range) }
        let c = check(collection, &scope)
        var elementType = PType.error
        if let el = c.type.elementType { elementType = el } else {
            report(.notAList(c.type.description), collection.range)
        }
        checkDeclaredName(variable, scope)
        let slot = scope.bind(variable.text, elementType)
        let f = filterExpr.map { check($0, &scope) }
        if let f { expect(f, .boolean, "the test after `where`") }
        // Without a body the filter alone decides: count, any, all, none and filter by it.
        let b = bodyExpr.map { check($0, &scope) } ?? TypedExpr(kind: .boolean(true), type: .boolean, range: e.range)
        let bodyRange = bodyExpr?.range ?? e.range
        scope.unbind()
        let result: PType
        switch op {
        case .any, .all, .none:
            expect(b, .boolean, "the test after `:`")
            result = .boolean
        case .count:
            expect(b, .boolean, "the test after `:`")
            result = .number
        case .filter:
            expect(b, .boolean, "the test after `:`")
            result = c.type.isError ? .error : (c.type == .emptyList ? .emptyList : .list(elementType))
        case .sum, .average:
            switch b.type {
            case .number, .duration, .error: result = b.type
            default:
                report(.typeMismatch(expected: "a number or a duration", got: b.type.description, context: "what `\(op.rawValue)` adds up"), bodyRange)
                result = .error
            }
        case .min, .max:
            if b.type.isOrdered || b.type.isError { result = b.type == .text || b.type.isTextLike ? .text : b.type } else {
                report(.typeMismatch(expected: "a number, date, duration or text", got: b.type.description, context: "what `\(op.rawValue)` compares"), bodyRange)
                result = .error
            }
        }
        return typed(.aggregate(op, slot: slot, collection: c, filter: f, body: bodyExpr == nil ? nil : b), result)
    }

    /// A name being bound must not hide another or be a word the parser reserves.
    mutating func checkDeclaredName(_ n: Name, _ scope: Scope) {
        if Parser.reservedWords.contains(n.text) {
            report(.reservedName(n.text), n.range)
        } else if scope.lookupVariable(n.text) != nil || scope.parameters[n.text] != nil || scope.lets[n.text] != nil || n.text == "account" {
            report(.shadowsName(n.text), n.range)
        }
    }

    /// Literals compared with themselves are silly but harmless; only fields are suspicious.
    func Compiler_isLiteral(_ e: TypedExpr) -> Bool {
        switch e.kind {
        case .number, .text, .boolean, .date, .duration: true
        default: false
        }
    }

    var constantContext: String { "a parameter value, `for` or `cooldown`" }

    mutating func checkTemplate(_ t: TextTemplate, _ scope: inout Scope) -> TypedExpr {
        if let plain = t.plain { return TypedExpr(kind: .text(plain), type: .text, range: t.range) }
        var parts: [TypedExpr.TemplatePart] = []
        parts.reserveCapacity(t.parts.count)
        for p in t.parts {
            switch p {
            case .literal(let s): parts.append(.literal(s))
            case .expr(let e):
                let v = check(e, &scope)
                if case .record = v.type {
                    report(.typeMismatch(expected: "a value that can be shown as text", got: v.type.description, context: "a `{…}` in text"), e.range)
                }
                parts.append(.value(v))
            }
        }
        return TypedExpr(kind: .template(parts), type: .text, range: t.range)
    }

    /// Reports a type mismatch unless `e` fits `type`. Returns whether it fits. The context is
    /// only spelled out for a mismatch: most are built by interpolation, on every check.
    @discardableResult
    mutating func expect(_ e: TypedExpr, _ type: PType, _ context: @autoclosure () -> String) -> Bool {
        if e.type.fits(type) { return true }
        report(.typeMismatch(expected: type.description, got: e.type.description, context: context()), e.range)
        return false
    }

    mutating func report(_ m: DiagnosticMessage, _ r: SourceRange, suggestion: String? = nil) {
        diagnostics.add(m, at: r, suggestion: suggestion)
    }

    /// `light == "redd"`: a text literal compared with a choice must be one of its values.
    mutating func checkChoiceLiteral(_ choice: PType, _ literal: TypedExpr) {
        guard case .choice(let c) = choice else { return }
        var literals: [TypedExpr] = []
        if case .text = literal.kind { literals = [literal] }
        if case .list(let items) = literal.kind { literals = items }
        for l in literals {
            if case .text(let s) = l.kind, !c.values.contains(s) {
                report(.unknownEnumValue(s, type: c.name), l.range, suggestion: Suggestions.closest(to: s, in: c.values).map { "\"\($0)\"" })
            }
        }
    }

    mutating func checkBinary(_ op: BinaryOp, _ l: Expr, _ r: Expr, _ range: SourceRange, _ scope: inout Scope) -> TypedExpr {
        let a = check(l, &scope), b = check(r, &scope)
        func typed(_ t: PType) -> TypedExpr { TypedExpr(kind: .binary(op, a, b), type: t, range: range) }
        if op.isComparison, op != .in, !Compiler_isLiteral(a), sources.sameText(l.range, r.range) {
            diagnostics.add(Diagnostic(.neverTrue, at: range).note("a copy-and-paste slip? compare with a parameter or another field"))
        }
        if a.type.isError || b.type.isError {
            let t: PType = op.isComparison || op == .and || op == .or ? .boolean : .error
            return typed(t)
        }
        func mismatch() -> TypedExpr {
            report(.operandTypes(op.rawValue, left: a.type.description, right: b.type.description), range)
            return typed(op.isComparison ? .boolean : .error)
        }
        switch op {
        case .and, .or:
            expect(a, .boolean, "each side of `\(op.rawValue)`")
            expect(b, .boolean, "each side of `\(op.rawValue)`")
            return typed(.boolean)
        case .eq, .ne:
            if a.type.isTextLike, b.type.isTextLike {
                checkChoiceLiteral(a.type, b); checkChoiceLiteral(b.type, a)
                return typed(.boolean)
            }
            if case .record = a.type { return mismatch() }
            if a.type.fits(b.type) || b.type.fits(a.type) { return typed(.boolean) }
            return mismatch()
        case .lt, .le, .gt, .ge:
            // Choices have no order worth trusting (alphabetical is not "red < amber < green").
            if case .choice = a.type { return mismatch() }
            if case .choice = b.type { return mismatch() }
            guard a.type == b.type, a.type.isOrdered else { return mismatch() }
            return typed(.boolean)
        case .in:
            guard let el = b.type.elementType else {
                report(.typeMismatch(expected: "a list", got: b.type.description, context: "the right side of `in`"), b.range)
                return typed(.boolean)
            }
            if el.isError { return typed(.boolean) }
            if a.type.isTextLike, el.isTextLike { checkChoiceLiteral(a.type, b); return typed(.boolean) }
            guard a.type.fits(el) else { return mismatch() }
            return typed(.boolean)
        case .add, .sub:
            switch (a.type, b.type) {
            case (.number, .number): return typed(.number)
            case (.duration, .duration): return typed(.duration)
            case (.date, .duration):
                checkShift(typed(.date), duration: b)
                return typed(.date)
            case (.duration, .date) where op == .add:
                checkShift(typed(.date), duration: a)
                return typed(.date)
            case (.date, .date) where op == .sub: return typed(.duration)
            case (let x, let y) where op == .add && x.isTextLike && y.isTextLike: return typed(.text)
            default: return mismatch()
            }
        case .mul:
            switch (a.type, b.type) {
            case (.number, .number): return typed(.number)
            case (.duration, .number), (.number, .duration): return typed(.duration)
            default: return mismatch()
            }
        case .div:
            switch (a.type, b.type) {
            case (.number, .number): return typed(.number)
            case (.duration, .number): return typed(.duration)
            case (.duration, .duration): return typed(.number)
            default: return mismatch()
            }
        }
    }

    mutating func checkCall(_ name: Name, _ args: [Expr], _ range: SourceRange, _ scope: inout Scope) -> TypedExpr {
        let typedArgs = args.map { check($0, &scope) }
        guard let f = Builtin(rawValue: name.text) else {
            var d = Diagnostic(.unknownFunction(name.text), at: name.range,
                               suggestion: Suggestions.closest(to: name.text, in: Builtin.allCases.map(\.rawValue) + AggregateOp.allCases.map(\.rawValue)))
            if AggregateOp(rawValue: name.text) != nil {
                d = Diagnostic(.expected("`\(name.text)(x in list: …)`", found: "`\(name.text)(…)` without `x in`"), at: range)
            }
            diagnostics.add(d)
            return TypedExpr(kind: .invalid, type: .error, range: range)
        }
        if f == .today, !scope.allowsAccountData { report(.notConstant(constantContext), range) }
        func result(_ t: PType) -> TypedExpr { TypedExpr(kind: .call(f, typedArgs), type: t, range: range) }
        switch f {
        case .length:
            guard typedArgs.count == 1 else {
                report(.wrongArgumentCount(f.rawValue, expected: f.arityText, got: typedArgs.count), range)
                return result(.number)
            }
            let t = typedArgs[0].type
            if !(t.isTextLike || t.elementType != nil || t.isError) {
                report(.typeMismatch(expected: "a list or text", got: t.description, context: "the argument of `length`"), typedArgs[0].range)
            }
            return result(.number)
        case .first_present:
            guard typedArgs.count >= 2 else {
                report(.wrongArgumentCount(f.rawValue, expected: f.arityText, got: typedArgs.count), range)
                return result(.error)
            }
            let t = typedArgs.first(where: { !$0.type.isError })?.type ?? .error
            for a in typedArgs where !a.type.fits(t) && !(a.type.isTextLike && t.isTextLike) {
                report(.typeMismatch(expected: t.description, got: a.type.description, context: "every argument of `first_present`"), a.range)
            }
            return result(t.isTextLike ? (typedArgs.allSatisfy { $0.type == t } ? t : .text) : t)
        default:
            let sig = f.signature!
            guard typedArgs.count == sig.args!.count else {
                report(.wrongArgumentCount(f.rawValue, expected: f.arityText, got: typedArgs.count), range)
                return result(sig.result)
            }
            var fits = true
            for (i, (a, t)) in zip(typedArgs, sig.args!).enumerated() {
                fits = expect(a, t, "\(typedArgs.count == 1 ? "the argument" : ["the first", "the second", "the third"][min(i, 2)] + " argument") of `\(f.rawValue)`") && fits
            }
            if f == .add_business_days, fits { checkBusinessDays(typedArgs[1]) }
            return result(sig.result)
        }
    }
}
