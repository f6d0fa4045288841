extension Checker {
    /// Two customisations of the same base that change the same setting must not both apply to
    /// one account. Unless one builds on the other, or their scopes provably exclude each other
    /// (`account.segment == "smb"` against `account.segment == "enterprise"`), that is an error
    /// naming both places.
    mutating func checkConflicts() {
        for base in library.bases {
            let layers = library.customisations(of: base.id)
            guard layers.count > 1 else { continue }
            for i in 0..<layers.count {
                for j in (i + 1)..<layers.count {
                    let (a, b) = (layers[i], layers[j])
                    if a.chain.contains(b.id) || b.chain.contains(a.id) { continue }
                    if scopesExclude(a, b) { continue }
                    let sa = settings(of: a), sb = settings(of: b)
                    for (key, at) in sa.sorted(by: { $0.value < $1.value }) {
                        guard let other = sb[key] else { continue }
                        diagnostics.add(Diagnostic(.conflictingCustomisations(key), at: other)
                            .note("`\(a.id)` changes it here", at: at)
                            .note("give the two playbooks `applies when` conditions that cannot both hold, or make one extend the other"))
                    }
                }
            }
        }
    }

    /// What a customisation changes, by a readable key: "parameter `x`", "the owner of rule `r`".
    func settings(of p: CheckedPlaybook) -> [String: SourceRange] {
        var out: [String: SourceRange] = [:]
        for s in p.sets { out["parameter `\(library.parameters[s.parameter].name)`"] = s.value.at }
        for d in p.disabled { out["rule `\(d.value)`"] = d.at }
        for c in p.changes {
            let r = "rule `\(c.id)`"
            func put(_ what: String, _ at: SourceRange?) { if let at { out["the \(what) of \(r)"] = at } }
            put("title", c.title?.at); put("description", c.description?.at); put("condition", c.when?.at)
            put("`for` time", c.forDuration?.at); put("cooldown", c.cooldown?.at); put("resolution", c.resolution?.at)
            put("task title", c.task.title?.at); put("task description", c.task.description?.at); put("owner", c.task.owner?.at)
            put("due date", c.task.due?.at); put("priority", c.task.priority?.at); put("steps", c.task.steps?.at); put("tags", c.task.tags?.at)
        }
        // Disabling a rule conflicts with any change to it.
        for d in p.disabled {
            for c in ["title", "description", "condition", "`for` time", "cooldown", "resolution", "task title", "task description", "owner", "due date", "priority", "steps", "tags"] {
                out["the \(c) of rule `\(d.value)`"] = d.at
            }
        }
        return out
    }

    /// True when some account field is pinned to different values by the two scopes, along
    /// their whole chains (a customisation applies only where its parents apply).
    func scopesExclude(_ a: CheckedPlaybook, _ b: CheckedPlaybook) -> Bool {
        let pa = pins(a), pb = pins(b)
        for (path, va) in pa { if let vb = pb[path], va.isDisjoint(with: vb) { return true } }
        return false
    }

    func pins(_ p: CheckedPlaybook) -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        for id in p.chain {
            guard let scope = library.playbook(id)?.scope?.value else { continue }
            for (path, values) in Self.conjuncts(scope) {
                out[path] = out[path].map { $0.intersection(values) } ?? values
            }
        }
        return out
    }

    /// `account.x == "v"`, `account.x in ["v", "w"]` and their `and` combinations.
    static func conjuncts(_ e: TypedExpr) -> [(String, Set<String>)] {
        switch e.kind {
        case .binary(.and, let l, let r): return conjuncts(l) + conjuncts(r)
        case .binary(.eq, let l, let r):
            if let p = path(l), let v = literal(r) { return [(p, [v])] }
            if let p = path(r), let v = literal(l) { return [(p, [v])] }
            return []
        case .binary(.in, let l, let r):
            guard let p = path(l), case .list(let items) = r.kind else { return [] }
            let values = items.compactMap(literal)
            return values.count == items.count ? [(p, Set(values))] : []
        default: return []
        }
    }

    static func path(_ e: TypedExpr) -> String? {
        switch e.kind {
        case .account: return "account"
        case .field(let b, _, _, let name): return path(b).map { "\($0).\(name)" }
        default: return nil
        }
    }

    static func literal(_ e: TypedExpr) -> String? {
        switch e.kind {
        case .text(let s): return "t:" + s
        case .number(let n): return "n:\(n)"
        case .boolean(let b): return "b:\(b)"
        default: return nil
        }
    }

    mutating func reportUnused() {
        for (i, p) in library.parameters.enumerated() where !usedParameters.contains(i) {
            diagnostics.add(Diagnostic(.unusedParameter(p.name), at: p.declaredAt).note("remove it, or use it in a condition or task"))
        }
        for (i, l) in library.lets.enumerated() where !usedLets.contains(i) {
            report(.unusedLet(l.name), l.declaredAt)
        }
    }
}
