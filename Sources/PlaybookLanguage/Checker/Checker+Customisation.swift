extension Checker {
    /// Two customisations of the same base that change the same setting must not both apply to
    /// one account. Unless one builds on the other, or their scopes provably exclude each other
    /// (`account.segment == "smb"` against `account.segment == "enterprise"`), that is an error
    /// naming both places.
    ///
    /// Only layers that change the same setting are compared; a setting changed along one line
    /// of descent (each layer building on the previous) needs no comparison at all, and layers
    /// for different values of one field are not compared with each other. So 1,600 chained
    /// customisations, or 1,600 side by side for 1,600 segments, cost about their number
    /// rather than its square or cube.
    mutating func checkConflicts() {
        for base in library.bases {
            let layers = library.customisations(of: base.id)
            guard layers.count > 1 else { continue }
            let changes = layers.map { settings(of: $0) }
            var changers: [Setting: [Int]] = [:]
            for (i, c) in changes.enumerated() { for key in c.keys { changers[key, default: []].append(i) } }
            let pins = pinsAlongChains(layers)
            // Pairs of layers in conflict, as `i * layers.count + j` with i < j.
            var conflicts: Set<Int> = []
            for (_, who) in changers where who.count > 1 {
                // Layers come parents first, so one line of descent is each an ancestor of the next.
                if zip(who, who.dropFirst()).allSatisfy({ Self.isAncestor(layers[$0], of: layers[$1]) }) { continue }
                for (i, j) in Self.mayMeet(who, pins) where !conflicts.contains(i * layers.count + j) {
                    let (a, b) = (layers[i], layers[j])
                    if !Self.isAncestor(a, of: b), !Self.isAncestor(b, of: a), !Self.exclude(pins[i], pins[j]) {
                        conflicts.insert(i * layers.count + j)
                    }
                }
            }
            for pair in conflicts.sorted() {
                let (i, j) = pair.quotientAndRemainder(dividingBy: layers.count)
                let (sa, sb) = (changes[i], changes[j])
                let (offA, offB) = (Set(layers[i].disabled.map(\.value)), Set(layers[j].disabled.map(\.value)))
                var reported: Set<String> = []
                for (key, at) in sa.sorted(by: { $0.value < $1.value }) {
                    guard var other = sb[key] else { continue }
                    var what = key.text
                    if let rule = key.rule, offA.contains(rule) || offB.contains(rule) {
                        // Both switch it off: the same either way. One switches it off and the
                        // other changes it: one error for the rule, at the first change of it.
                        if offA.contains(rule), offB.contains(rule) { continue }
                        guard reported.insert(rule).inserted else { continue }
                        what = "rule `\(rule)` (one switches it off)"
                        other = sb.filter { $0.key.rule == rule }.map(\.value).min() ?? other
                    }
                    diagnostics.add(Diagnostic(.conflictingCustomisations(what), at: other)
                        .note("`\(layers[i].id)` changes it here", at: at)
                        .note("give the two playbooks `applies when` conditions that cannot both hold, or make one extend the other"))
                }
            }
        }
    }

    /// The pairs (i < j) of `who` whose scopes might overlap. Layers that pin one field to one
    /// value each (`applies when account.segment == "smb"`) only meet layers pinned to the same
    /// value, so they are grouped by the field most of them pin rather than compared all with
    /// all; the others are compared with every layer.
    static func mayMeet(_ who: [Int], _ pins: [[String: Set<String>]]) -> [(Int, Int)] {
        var counts: [String: Int] = [:]
        for i in who { for (path, values) in pins[i] where values.count == 1 { counts[path, default: 0] += 1 } }
        let field = counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
        var groups: [String: [Int]] = [:]
        var others: [Int] = []
        for i in who {
            if let field, let values = pins[i][field], values.count == 1 { groups[values.first!, default: []].append(i) } else { others.append(i) }
        }
        var out: [(Int, Int)] = []
        for group in groups.values {
            for x in group.indices { for y in group.indices where y > x { out.append((group[x], group[y])) } }
        }
        let otherSet = Set(others)
        for o in others {
            for i in who where i != o && !(otherSet.contains(i) && i < o) { out.append((min(i, o), max(i, o))) }
        }
        return out
    }

    /// Whether `a` is on `b`'s chain above it; chains list ids from the base down.
    static func isAncestor(_ a: CheckedPlaybook, of b: CheckedPlaybook) -> Bool {
        a.chain.count < b.chain.count && b.chain[a.chain.count - 1] == a.id
    }

    /// One thing a customisation may change: how messages name it, and the rule it belongs to.
    struct Setting: Hashable {
        var rule: String?
        var text: String
    }

    /// What a customisation changes: "parameter `x`", "the owner of rule `r`".
    func settings(of p: CheckedPlaybook) -> [Setting: SourceRange] {
        var out: [Setting: SourceRange] = [:]
        for s in p.sets { out[Setting(text: "parameter `\(library.parameters[s.parameter].name)`")] = s.value.at }
        for d in p.disabled { out[Setting(rule: d.value, text: "rule `\(d.value)`")] = d.at }
        for c in p.changes {
            func put(_ what: String, _ at: SourceRange?) { if let at { out[Setting(rule: c.id, text: "the \(what) of rule `\(c.id)`")] = at } }
            put("title", c.title?.at); put("description", c.description?.at); put("condition", c.when?.at)
            put("`for` time", c.forDuration?.at); put("cooldown", c.cooldown?.at); put("resolution", c.resolution?.at)
            put("task title", c.task.title?.at); put("task description", c.task.description?.at); put("owner", c.task.owner?.at)
            put("due date", c.task.due?.at); put("priority", c.task.priority?.at); put("steps", c.task.steps?.at); put("tags", c.task.tags?.at)
        }
        // Disabling a rule conflicts with any change to it.
        for d in p.disabled {
            for c in ["title", "description", "condition", "`for` time", "cooldown", "resolution", "task title", "task description", "owner", "due date", "priority", "steps", "tags"] {
                out[Setting(rule: d.value, text: "the \(c) of rule `\(d.value)`")] = d.at
            }
        }
        return out
    }

    /// True when some account field is pinned to different values by the two scopes, along
    /// their whole chains (a customisation applies only where its parents apply).
    static func exclude(_ pa: [String: Set<String>], _ pb: [String: Set<String>]) -> Bool {
        for (path, va) in pa { if let vb = pb[path], va.isDisjoint(with: vb) { return true } }
        return false
    }

    /// The values each layer's chain pins account fields to, built from the parent's (layers
    /// come parents first) instead of walking every chain again.
    func pinsAlongChains(_ layers: [CheckedPlaybook]) -> [[String: Set<String>]] {
        var index: [String: Int] = [:]
        var out: [[String: Set<String>]] = []
        out.reserveCapacity(layers.count)
        for (i, p) in layers.enumerated() {
            index[p.id] = i
            var pins: [String: Set<String>]
            if let parent = p.extends, let k = index[parent] {
                pins = out[k]
            } else {
                pins = [:]
                for id in p.chain.dropLast() { pins = Self.narrow(pins, library.playbook(id)?.scope?.value) }
            }
            out.append(Self.narrow(pins, p.scope?.value))
        }
        return out
    }

    static func narrow(_ pins: [String: Set<String>], _ scope: TypedExpr?) -> [String: Set<String>] {
        guard let scope else { return pins }
        var out = pins
        for (path, values) in conjuncts(scope) { out[path] = out[path].map { $0.intersection(values) } ?? values }
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
