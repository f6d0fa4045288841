import PlaybookLanguage

/// The checked playbooks compiled once per run. Evaluating an account walks compiled closures
/// and arrays; customisation variants are merged once per combination of layers and cached.
public final class EvaluationPlan {
    public let library: CheckedLibrary
    public let sources: SourceSet
    let bases: [CompiledBase]
    let letEvals: [Eval]
    let defaultParams: [Value]
    let maxSlots: Int
    /// Identities of every rule some variant can run: a task of any other rule is orphaned.
    public let ruleIdentities: Set<String>
    /// Rules whose tasks stay open until a CSM closes them (`resolve manually`).
    let manualRules: Set<String>
    /// The longest `cooldown` of any rule, in days: how far back closed tasks matter.
    public var longestCooldown: Int? { max(declaredCooldown, variantCooldown) }
    /// The longest cooldown written in a rule, or a duration any customisation `set`s.
    private let declaredCooldown: Int?
    /// The longest cooldown of a rule as each customisation chain computes it: a `set` of a
    /// plain number the cooldown is computed from (`cooldown weeks * 7 days`) counts too.
    private lazy var variantCooldown: Int? = {
        var longest: Int?
        for b in bases {
            var masks: [UInt64] = [0]
            for (i, layer) in b.layers.enumerated() {
                let chain = Set(library.playbook(layer.id)?.chain ?? [])
                var mask = UInt64(1) << UInt64(i)
                for (j, other) in b.layers.enumerated() where chain.contains(other.id) { mask |= 1 << UInt64(j) }
                masks.append(mask)
            }
            for mask in masks {
                for r in b.variant(mask, plan: self).rules { if let c = r.cooldownDays { longest = max(longest ?? 0, c) } }
            }
        }
        return longest
    }()
    public let digest: String

    public init(workspace ws: Workspace) {
        library = ws.library
        sources = ws.sources
        letEvals = ws.library.lets.map { Compiler.compile($0.value) }
        var slots = 1
        for p in ws.library.playbooks {
            for r in p.rules + p.changes { slots = max(slots, r.slotCount) }
            // Numbered along the playbook, not within a rule (see `Slots`).
            for e in [p.scope?.value].compactMap({ $0 }) + p.sets.map(\.value.value) { slots = max(slots, Slots.needed(by: e)) }
        }
        for e in ws.library.lets.map(\.value) + ws.library.parameters.map(\.value) { slots = max(slots, Slots.needed(by: e)) }
        slots += 8
        maxSlots = slots
        // Parameter defaults may refer to earlier parameters, so evaluate them in order.
        let frame = Frame(slotCount: slots, params: [], letEvals: [], today: CivilDate(daysSinceEpoch: 0))
        for p in ws.library.parameters { frame.params.append(Compiler.compile(p.value)(frame)) }
        defaultParams = frame.params
        bases = ws.library.bases.map { CompiledBase(base: $0, library: ws.library) }
        var ids: Set<String> = []
        for p in ws.library.playbooks { for r in p.rules { ids.insert(r.identity) } }
        ruleIdentities = ids
        var resolution: [String: Resolution] = [:]
        for p in ws.library.playbooks {
            for r in p.rules { resolution[r.identity] = r.resolution?.value ?? .automatically }
            for c in p.changes { if let v = c.resolution?.value { resolution[c.identity] = v } }
        }
        manualRules = Set(resolution.filter { $0.value == .manually }.keys)
        var longest: Int?
        let constants = Frame(slotCount: slots, params: frame.params, letEvals: [], today: CivilDate(daysSinceEpoch: 0))
        for p in ws.library.playbooks {
            for r in p.rules + p.changes {
                guard let c = r.cooldown, case .duration(let d) = Compiler.compile(c.value)(constants) else { continue }
                guard let days = CivilDate.wholeDays(d) else { continue }
                longest = max(longest ?? 0, days)
            }
        }
        // Customisations may `set` a longer cooldown parameter: allow for the largest value of any.
        for p in ws.library.playbooks {
            for s in p.sets {
                if case .duration(let d) = Compiler.compile(s.value.value)(constants), let days = CivilDate.wholeDays(d) { longest = longest.map { max($0, days) } }
            }
        }
        declaredCooldown = longest
        digest = Digest.fnv1a(ws.sources.files.sorted { $0.path < $1.path }.flatMap { Array($0.path.utf8) + [0] + $0.bytes })
    }

    /// A frame to evaluate with; one per thread.
    public func makeFrame(today: CivilDate) -> Frame {
        Frame(slotCount: maxSlots, params: defaultParams, letEvals: letEvals, today: today)
    }

    /// Every rule that fires for the account, with the item it fires for, and every rule that
    /// could not be evaluated for it (a value out of range: `Firing.problem`).
    public func evaluate(_ account: Record, frame: Frame, into firings: inout [Firing]) {
        let accountValue = Value.record(account)
        for base in bases {
            let variant: CompiledVariant
            switch applicability(of: base, for: accountValue, frame: frame) {
            case .excluded: continue
            case .applies(let v): variant = v
            case .unknown(let fault):
                // Which rules apply is unknown: none of them is evaluated for the account.
                for (rule, variant) in base.everyRule(plan: self) {
                    firings.append(Firing(rule: rule, variant: variant, item: .missing, problem: "applies when: " + fault))
                }
                continue
            }
            for rule in variant.rules {
                frame.fault = nil
                if let each = rule.each {
                    let items = each(frame).asList
                    if let fault = frame.fault {
                        firings.append(Firing(rule: rule, variant: variant, item: .missing, problem: fault))
                        continue
                    }
                    for item in items {
                        rule.bind(item, in: frame)
                        let fires = rule.when(frame).isTrue
                        if let fault = frame.fault {
                            firings.append(Firing(rule: rule, variant: variant, item: item, problem: fault))
                            frame.fault = nil
                        } else if fires {
                            firings.append(Firing(rule: rule, variant: variant, item: item))
                        }
                    }
                } else {
                    let fires = rule.when(frame).isTrue
                    if let fault = frame.fault {
                        firings.append(Firing(rule: rule, variant: variant, item: .missing, problem: fault))
                    } else if fires {
                        firings.append(Firing(rule: rule, variant: variant, item: .missing))
                    }
                }
            }
        }
    }

    private enum Applicability {
        case excluded
        /// With the frame set up to evaluate the variant.
        case applies(CompiledVariant)
        /// A value out of range in an `applies when`: whether the base applies is unknown.
        case unknown(fault: String)
    }

    /// Whether a base playbook applies to the account, and with which customisations.
    private func applicability(of base: CompiledBase, for account: Value, frame: Frame) -> Applicability {
        frame.params = defaultParams
        frame.reset(account: account)
        let inScope = base.scope.map { $0(frame).isTrue } ?? true
        var mask: UInt64 = 0
        if inScope {
            for (i, layer) in base.layers.enumerated() where layer.applies(frame) { mask |= 1 << UInt64(i) }
        } else if base.hasUnseenLayers, frame.fault == nil {
            // Only to tell a customisation that matches no account at all (`idleCustomisations`):
            // a fault here says nothing about this account's evaluation.
            var seen: UInt64 = 0
            for (i, layer) in base.layers.enumerated() where layer.applies(frame) { seen |= 1 << UInt64(i) }
            frame.fault = nil
            base.noteLayers(seen)
        }
        if let fault = frame.fault { return .unknown(fault: fault) }
        guard inScope else { return .excluded }
        let variant = base.variant(forAccount: mask, plan: self)
        if mask != 0 {
            frame.params = variant.params
            frame.reset(account: account)
        }
        return .applies(variant)
    }

    /// Customisations whose `applies when` matched none of the accounts evaluated so far:
    /// usually a value spelt one way in the playbook and another in the data (a segment, an
    /// owner). With where each is declared. Empty before any account was evaluated.
    public func idleCustomisations() -> [(id: String, base: String, location: String)] {
        bases.flatMap { b in
            b.idleLayers.map { layer in
                (layer.id, b.base.id, library.playbook(layer.id).map { sources.location($0.range) } ?? layer.id)
            }
        }
    }

    /// Task fields for a firing: evaluated only for tasks being created or re-checked.
    public func draft(_ firing: Firing, account: Record, frame: Frame, fallbackOwner: String) -> TaskDraft {
        let rule = firing.rule
        frame.params = firing.variant.params
        frame.reset(account: .record(account))
        rule.bind(firing.item, in: frame)
        frame.fault = nil
        let owner = self.owner(firing, account: account, frame: frame)
        var due: CivilDate?
        switch rule.due {
        case .afterDays(let e)?:
            if case .duration(let d) = e(frame), case .date(let r) = Compiler.shift(frame.today, by: d, frame, "today() + \(Compiler.daysText(d))") { due = r }
        case .afterBusinessDays(let e)?:
            if case .number(let n) = e(frame) {
                if let count = CivilDate.wholeDays(n), let r = frame.today.checkedAdding(businessDays: count) { due = r } else {
                    _ = frame.outOfRange("due date out of range (today() + \(Value.format(n)) business days)")
                }
            }
        case .on(let e)?: if case .date(let d) = e(frame) { due = d }
        case nil: due = nil
        }
        let title = rule.title(frame).display
        let description = rule.description.map { $0(frame).display }
        let steps = rule.steps.map { $0(frame).asList.map(\.display) } ?? []
        let tags = rule.tags.map { $0(frame).asList.map(\.display) } ?? []
        let problem = frame.fault
        // The condition held, so the explanation's parts did too; one it did not need (the right
        // of an `or` already true) may not, and says "missing" without being a problem.
        let explanation = rule.whenExpr.map { Explainer.explain($0, frame, sources) } ?? ""
        frame.fault = nil
        return TaskDraft(
            rule: rule.identity, itemKey: firing.itemKey, title: title, description: description,
            owner: owner ?? fallbackOwner, ownerIsFallback: owner == nil,
            due: due, priority: rule.priority, steps: steps, tags: tags,
            explanation: explanation, source: rule.source, phase: rule.phase, problem: problem)
    }

    /// The first owner expression that yields a name; nil when none does.
    public func owner(_ firing: Firing, account: Record, frame: Frame) -> String? {
        frame.params = firing.variant.params
        frame.reset(account: .record(account))
        firing.rule.bind(firing.item, in: frame)
        for o in firing.rule.owners {
            if case .text(let s) = o(frame), !s.isEmpty { return s }
        }
        return nil
    }
}

/// One rule firing for one account (and item), or one that could not be evaluated.
public struct Firing {
    public let rule: CompiledRule
    let variant: CompiledVariant
    public let item: Value
    /// What went out of range when the rule could not be evaluated; nil when it fired. Such a
    /// firing is for the item it names, or for every item when `item` is missing.
    public var problem: String?

    init(rule: CompiledRule, variant: CompiledVariant, item: Value, problem: String? = nil) {
        self.rule = rule; self.variant = variant; self.item = item; self.problem = problem
    }

    public var itemKey: String { Self.key(of: item) }

    static func key(of item: Value) -> String {
        switch item {
        case .missing: ""
        case .record(let r): r.key
        default: item.display
        }
    }
}

/// What a new task will say.
public struct TaskDraft: Sendable, Equatable {
    public var rule: String
    public var itemKey: String
    public var title: String
    public var description: String?
    public var owner: String
    public var ownerIsFallback: Bool
    public var due: CivilDate?
    public var priority: Priority
    public var steps: [String]
    public var tags: [String]
    /// The condition with the values that made it true.
    public var explanation: String
    /// `file:line` of the rule.
    public var source: String
    public var phase: Int?
    /// A value out of range while writing the task (a due date past 9999-12-31): that part
    /// is left out of the task, and the run reports it.
    public var problem: String? = nil
}

enum Digest {
    static func fnv1a(_ bytes: [UInt8]) -> String {
        var h: UInt64 = 0xcbf29ce484222325
        for b in bytes { h ^= UInt64(b); h = h &* 0x100000001b3 }
        let s = String(h, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}

extension EvaluationPlan {
    /// Whether tasks of a rule resolve themselves when the condition clears; nil when no
    /// playbook has the rule any more.
    public func resolution(of identity: String) -> Bool? {
        guard ruleIdentities.contains(identity) else { return nil }
        return !manualRules.contains(identity)
    }
}

extension EvaluationPlan {
    /// What a run knows of a rule for one account: whether it ran (and resolves its tasks by
    /// itself), or is absent from the playbooks, or switched off for this account, or no longer
    /// finds the task's `item` among the account's rows it iterates.
    public func ruleState(_ identity: String, item: String = "", account: Record, frame: Frame) -> RuleState {
        guard let automatic = resolution(of: identity) else { return .absent }
        let accountValue = Value.record(account)
        for base in bases {
            guard case .applies(let v) = applicability(of: base, for: accountValue, frame: frame) else { continue }
            if let by = v.disabled[identity] { return .disabled(by: by) }
            if !item.isEmpty, let rule = v.rules.first(where: { $0.identity == identity }), rule.lacks(item: item, in: frame) {
                return .itemRemoved
            }
        }
        return automatic ? .automatic : .manual
    }
}

/// The larger of two optional day counts; nil when neither is known.
private func max(_ a: Int?, _ b: Int?) -> Int? {
    switch (a, b) {
    case let (x?, y?): Swift.max(x, y)
    case let (x?, nil), let (nil, x?): x
    case (nil, nil): nil
    }
}
