extension Checker {
    mutating func checkPlaybook(_ d: PlaybookDecl) {
        let parentIndex = brokenExtends.contains(d.id.text) ? nil : d.extends.flatMap { library.index(of: $0.text) }
        let parent = parentIndex.map { library.playbooks[$0] }
        var pb = CheckedPlaybook(id: d.id.text, extends: parent?.id, chain: (parent?.chain ?? []) + [d.id.text], range: d.range)
        // Sized once: growing a dictionary rehashes it, and there is one per playbook.
        var ownRules = 0, ownNames = 0
        for item in d.items {
            switch item.kind {
            case .rule: ownRules += 1
            case .param, .let: ownNames += 1
            default: break
            }
        }
        // What the chain above declares, as the parent left it: walking every ancestor again
        // for each playbook would make a long `extends` chain quadratic.
        let inherited = parent.flatMap { chainViews[$0.id] } ?? ChainView()
        var scope = Scope()
        scope.parameters = inherited.parameters
        scope.lets = inherited.lets
        scope.parameters.reserveCapacity(scope.parameters.count + ownNames)
        scope.lets.reserveCapacity(scope.lets.count + ownNames)
        pb.rules.reserveCapacity(ownRules)
        let isCustomisation = d.extends != nil
        // With an unknown base or a cycle, what the customisation names cannot be checked;
        // PB401/PB402 already said why.
        let baseUnknown = isCustomisation && parent == nil
        // Rule ids seen so far along the chain: a library may hold thousands of rules.
        var rulesById = inherited.rules
        rulesById.reserveCapacity(rulesById.count + ownRules)
        let inheritedById = inherited.rules
        var changedIds: [String: SourceRange] = [:]
        var setIds: [String: SourceRange] = [:]
        var disabledIds = inherited.disabled
        let baseId = pb.chain.first!

        for item in d.items {
            switch item.kind {
            case .title(let t):
                if let s = plainText(t, "a playbook title") { pb.title = Sourced(value: s, at: item.range) }
            case .description(let t):
                if let s = plainText(t, "a playbook description") { pb.description = Sourced(value: s, at: item.range) }
            case .phase(let e):
                if isCustomisation { report(.notAllowedInCustomisation("phase"), item.range); continue }
                guard case .number(let v, let text) = e.kind, v == v.rounded() else {
                    report(.typeMismatch(expected: "a whole number from 1 to 7", got: "`\(sources.text(e.range))`", context: "`phase`"), e.range)
                    continue
                }
                // Compared before converting: `Int(v)` traps on a number past Int.
                guard v >= 1, v <= 7 else { report(.phaseOutOfRange(text), e.range); continue }
                pb.phase = Sourced(value: Int(v), at: item.range)
            case .stage(let n):
                if isCustomisation { report(.notAllowedInCustomisation("stage"), item.range); continue }
                guard let s = Stage(rawValue: n.text) else {
                    report(.unknownStage(n.text), n.range, suggestion: Suggestions.closest(to: n.text, in: Stage.allCases.map(\.rawValue)))
                    continue
                }
                pb.stage = Sourced(value: s, at: item.range)
            case .appliesWhen(let e):
                let t = check(e, &scope)
                expect(t, .boolean, "the `applies when` condition")
                pb.scope = Sourced(value: t, at: item.range)
            case .param(let p):
                if Parser.reservedWords.contains(p.name.text) || scope.lets[p.name.text] != nil {
                    checkDeclaredName(p.name, scope)
                    continue
                }
                if let existing = scope.parameters[p.name.text] {
                    let owner = library.parameters[existing].playbook
                    let d = owner == pb.id
                        ? Diagnostic(.duplicateParameter(p.name.text), at: p.name.range)
                        : Diagnostic(.parameterAlreadyInBase(p.name.text, base: owner), at: p.name.range)
                    diagnostics.add(d.note("declared here", at: library.parameters[existing].declaredAt)
                        .note(owner == pb.id ? "rename one of them" : "to change its value, write `set \(p.name.text) = …`"))
                    continue
                }
                let value = checkConstant(p.value, &scope, "a parameter value")
                var type = value.type
                if let tr = p.type {
                    type = resolveType(tr, name: "parameter \(p.name.text)")
                    if case .choice = type, value.type.isTextLike {
                        checkChoiceLiteral(type, value)
                    } else if expect(value, type, "the value of parameter `\(p.name.text)`") {
                        checkChoiceLiteral(type, value)
                    }
                } else if type == .emptyList {
                    report(.emptyListType, p.value.range)
                    type = .error
                }
                library.parameters.append(CheckedParameter(name: p.name.text, playbook: pb.id, type: type, value: value, declaredAt: p.name.range))
                // A value reported too long here is not reported again where it is used.
                parameterConstants.append(type != .duration || checkDays(value) ? constantValue(value) : .nan)
                let index = library.parameters.count - 1
                scope.parameters[p.name.text] = index
                pb.parameters.append(index)
            case .set(let name, let e):
                guard isCustomisation else { report(.notAllowedInBase("set"), item.range); continue }
                let value = checkConstant(e, &scope, "a parameter value")
                if baseUnknown { continue }
                if let own = scope.parameters[name.text], library.parameters[own].playbook == pb.id {
                    diagnostics.add(Diagnostic(.setOwnParameter(name.text), at: name.range).note("declared here", at: library.parameters[own].declaredAt))
                    continue
                }
                if let earlier = setIds[name.text] {
                    diagnostics.add(Diagnostic(.duplicateSetting("set \(name.text)"), at: name.range).note("first set here", at: earlier))
                    continue
                }
                setIds[name.text] = item.range
                guard let index = scope.parameters[name.text], library.parameters[index].playbook != pb.id else {
                    report(.unknownParameterInCustomisation(name.text, base: d.extends!.text), name.range,
                           suggestion: Suggestions.closest(to: name.text, in: inherited.parameters.keys))
                    continue
                }
                let type = library.parameters[index].type
                if value.type.fits(type) || (value.type.isTextLike && type.isTextLike) {
                    checkChoiceLiteral(type, value)
                    if type == .duration { checkDays(value) }
                } else {
                    diagnostics.add(Diagnostic(.typeMismatch(expected: type.description, got: value.type.description,
                                                             context: "the value of parameter `\(name.text)`"), at: e.range)
                        .note("`\(name.text)` is declared here", at: library.parameters[index].declaredAt))
                }
                pb.sets.append((index, Sourced(value: value, at: item.range)))
            case .let(let name, let e):
                if Parser.reservedWords.contains(name.text) || scope.lets[name.text] != nil || scope.parameters[name.text] != nil || name.text == "account" {
                    checkDeclaredName(name, scope)
                    continue
                }
                let value = check(e, &scope)
                library.lets.append(CheckedLet(name: name.text, playbook: pb.id, value: value, declaredAt: name.range))
                scope.lets[name.text] = library.lets.count - 1
                pb.lets.append(library.lets.count - 1)
            case .rule(let r):
                if let first = rulesById[r.id.text] {
                    let d = first.playbook == pb.id
                        ? Diagnostic(.duplicateRule(r.id.text, playbook: pb.id), at: r.id.range).note("first defined here", at: first.range)
                        : Diagnostic(.ruleAlreadyInBase(r.id.text, base: first.playbook), at: r.id.range)
                            .note("defined here", at: first.range).note("to change it, write `change rule \"\(r.id.text)\" { … }`")
                    diagnostics.add(d)
                    continue
                }
                var rule = checkRule(r, base: nil, scope: scope, playbook: pb.id, basePlaybook: baseId)
                rule.basePlaybook = isCustomisation ? pb.id : baseId
                rulesById[rule.id] = RuleSite(playbook: rule.playbook, range: rule.range, inherited: nil)
                pb.rules.append(rule)
            case .changeRule(let r):
                guard isCustomisation else { report(.notAllowedInBase("change rule"), item.range); continue }
                if baseUnknown { continue }
                if let earlier = changedIds[r.id.text] {
                    diagnostics.add(Diagnostic(.duplicateSetting("change rule \"\(r.id.text)\""), at: r.id.range).note("first changed here", at: earlier))
                    continue
                }
                if let off = disabledIds[r.id.text] {
                    diagnostics.add(Diagnostic(.changesDisabledRule(r.id.text), at: r.id.range).note("switched off here", at: off))
                    continue
                }
                guard let (a, i) = inheritedById[r.id.text]?.inherited else {
                    report(.unknownRuleInCustomisation(r.id.text, base: d.extends!.text), r.id.range,
                           suggestion: Suggestions.closest(to: r.id.text, in: inheritedById.keys).map { "\"\($0)\"" })
                    continue
                }
                let base = library.playbooks[a].rules[i]
                var change = checkRule(r, base: base, scope: scope, playbook: pb.id, basePlaybook: base.basePlaybook)
                change.basePlaybook = base.basePlaybook
                pb.changes.append(change)
                changedIds[r.id.text] = r.range
            case .disableRule(let id):
                guard isCustomisation else { report(.notAllowedInBase("disable rule"), item.range); continue }
                if baseUnknown { continue }
                if let off = disabledIds[id.text] {
                    diagnostics.add(Diagnostic(.duplicateSetting("disable rule \"\(id.text)\""), at: id.range).note("already switched off here", at: off))
                    continue
                }
                if let changed = changedIds[id.text] {
                    diagnostics.add(Diagnostic(.changesDisabledRule(id.text), at: id.range).note("changed here", at: changed))
                    continue
                }
                guard inheritedById[id.text] != nil else {
                    report(.unknownRuleInCustomisation(id.text, base: d.extends!.text), id.range,
                           suggestion: Suggestions.closest(to: id.text, in: inheritedById.keys).map { "\"\($0)\"" })
                    continue
                }
                pb.disabled.append(Sourced(value: id.text, at: item.range))
                disabledIds[id.text] = item.range
            case .field:
                break // declared before any playbook was checked
            }
        }
        if !isCustomisation, !d.items.contains(where: { if case .title = $0.kind { true } else { false } }) {
            report(.missingSetting("title", block: "playbook `\(pb.id)`"), d.id.range)
        }
        // What this playbook's customisations inherit: the first definition of each rule id
        // along the chain (so inherited rules stay where they are), and every switched-off rule.
        var view = ChainView(parameters: scope.parameters, lets: scope.lets, rules: inheritedById, disabled: disabledIds)
        let index = library.playbooks.count
        for i in pb.rules.indices where view.rules[pb.rules[i].id] == nil {
            view.rules[pb.rules[i].id] = RuleSite(playbook: pb.rules[i].playbook, range: pb.rules[i].range, inherited: (index, i))
        }
        chainViews[pb.id] = view
        library.append(pb)
    }

    /// The names a playbook's chain declares, from its base down to it.
    struct ChainView {
        var parameters: [String: Int] = [:]
        var lets: [String: Int] = [:]
        var rules: [String: RuleSite] = [:]
        var disabled: [String: SourceRange] = [:]
    }

    /// Where a rule id was first defined along the chain; `inherited` locates a rule of an
    /// ancestor in `library.playbooks`, which a customisation can change or disable.
    struct RuleSite {
        var playbook: String
        var range: SourceRange
        var inherited: (playbook: Int, rule: Int)?
    }

    mutating func plainText(_ t: TextTemplate, _ what: String) -> String? {
        if let s = t.plain { return s }
        report(.expected("\(what) without `{…}`", found: "text with `{…}`"), t.range)
        return nil
    }

    /// Parameter values, `for` and `cooldown`: fixed for the whole run, never read from accounts.
    mutating func checkConstant(_ e: Expr, _ scope: inout Scope, _ what: String) -> TypedExpr {
        var constantScope = scope
        constantScope.allowsAccountData = false
        let t = check(e, &constantScope)
        scope.nextSlot = constantScope.nextSlot
        return t
    }
}
