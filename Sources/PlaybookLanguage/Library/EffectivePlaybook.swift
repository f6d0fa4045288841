/// A base playbook with a chain of customisations applied: what an account in the scope of
/// every layer of the chain is evaluated against. Every setting keeps where it came from.
public struct EffectivePlaybook: Sendable {
    public var base: String
    /// Customisations applied, base first (empty for the base alone).
    public var layers: [String]
    public var title: Sourced<String>?
    public var description: Sourced<String>?
    public var phase: Sourced<Int>?
    public var stage: Sourced<Stage>?
    /// Every `applies when` along the chain; all must hold.
    public var scopes: [Sourced<TypedExpr>]
    /// Parameter index → its value here (the default, or a customisation's `set`).
    public var parameters: [(index: Int, value: Sourced<TypedExpr>)]
    public var lets: [Int]
    /// Rules after changes, in declaration order; a changed rule keeps its identity.
    public var rules: [EffectiveRule]
    /// Rules switched off along the chain: the rule's id and identity (whose tasks they were), and where.
    public var disabled: [(rule: String, identity: String, by: String, at: SourceRange)]
}

public struct EffectiveRule: Sendable {
    public var rule: CheckedRule
    /// Customisations that changed this rule, in order.
    public var changedBy: [String]
}

extension CheckedLibrary {
    /// The chains worth showing for a base: the base alone, then each customisation with the
    /// customisations it builds on.
    public func variants(of base: String) -> [[String]] {
        [[base]] + customisations(of: base).map(\.chain)
    }

    /// Merges a chain (`[base, layer, sublayer]`) into one playbook.
    public func effective(chain: [String]) -> EffectivePlaybook? {
        let books = chain.compactMap { playbook($0) }
        guard let base = books.first, books.count == chain.count else { return nil }
        var e = EffectivePlaybook(base: base.id, layers: Array(chain.dropFirst()), title: base.title, description: base.description,
                                  phase: base.phase, stage: base.stage, scopes: [], parameters: [], lets: [], rules: [], disabled: [])
        var values: [Int: Sourced<TypedExpr>] = [:]
        var order: [Int] = []
        for book in books {
            if book.isCustomisation {
                if let t = book.title { e.title = t }
                if let d = book.description { e.description = d }
            }
            if let s = book.scope { e.scopes.append(s) }
            for p in book.parameters {
                values[p] = Sourced(value: parameters[p].value, at: parameters[p].value.range)
                order.append(p)
            }
            for s in book.sets { values[s.parameter] = s.value }
            e.lets += book.lets
            for c in book.changes {
                guard let i = e.rules.firstIndex(where: { $0.rule.id == c.id }) else { continue }
                e.rules[i].rule.apply(c)
                e.rules[i].changedBy.append(book.id)
            }
            for d in book.disabled {
                let identity = e.rules.first { $0.rule.id == d.value }?.rule.identity ?? "\(base.id)/\(d.value)"
                e.rules.removeAll { $0.rule.id == d.value }
                e.disabled.append((d.value, identity, book.id, d.at))
            }
            e.rules += book.rules.map { EffectiveRule(rule: $0, changedBy: []) }
        }
        e.parameters = order.map { ($0, values[$0]!) }
        return e
    }
}

extension CheckedRule {
    /// Takes every setting the change names; keeps the rest (and the rule's identity).
    mutating func apply(_ c: RuleChange) {
        if let v = c.title { title = v }
        if let v = c.description { description = v }
        if let v = c.when { when = v }
        if let v = c.forDuration { forDuration = v }
        if let v = c.cooldown { cooldown = v }
        if let v = c.resolution { resolution = v }
        if let v = c.task.title { task.title = v }
        if let v = c.task.description { task.description = v }
        if let v = c.task.owner { task.owner = v }
        if let v = c.task.due { task.due = v }
        if let v = c.task.priority { task.priority = v }
        if let v = c.task.steps { task.steps = v }
        if let v = c.task.tags { task.tags = v }
        slotCount = max(slotCount, c.slotCount)
    }
}
