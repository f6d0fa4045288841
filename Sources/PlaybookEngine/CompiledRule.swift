import Synchronization
import Foundation
import PlaybookLanguage

/// A rule ready to run: every expression compiled, every option resolved to a plain value.
public final class CompiledRule {
    public let identity: String
    public let id: String
    public let title: Eval
    public let ruleTitle: String
    let each: Eval?
    /// The account's rows that `each` reads, before any `filter`: where a task's item is
    /// looked for when the rule did not fire for it. Nil when `each` reads anything else.
    let eachRows: Eval?
    /// Where the rule's own settings read the `each` item (see `Slots`).
    let eachSlot: Int
    let when: Eval
    let whenExpr: TypedExpr?
    /// Days the condition must hold before a task appears (0: at once).
    public let forDays: Int
    /// Days after a task was closed before it may come back while the condition holds.
    public let cooldownDays: Int?
    let description: Eval?
    let owners: [Eval]
    let due: CompiledDue?
    public let priority: Priority
    let steps: Eval?
    let tags: Eval?
    public let source: String
    public let phase: Int?

    enum CompiledDue {
        case afterDays(Eval), afterBusinessDays(Eval), on(Eval)
    }

    init(_ r: CheckedRule, params: [Value], sources: SourceSet, phase: Int?) {
        identity = r.identity
        id = r.id
        ruleTitle = r.title?.value ?? r.id
        each = r.each.map { Compiler.compile($0.value.collection) }
        eachRows = r.each.flatMap { Self.accountRows($0.value.collection) }.map { Compiler.compile($0) }
        eachSlot = r.each.map { Slots.bound(in: $0.value.collection) } ?? 0
        when = r.when.map { Compiler.compile($0.value) } ?? { _ in .bool(false) }
        whenExpr = r.when?.value
        let constantFrame = Frame(slotCount: max(r.slotCount, 1), params: params, letEvals: [], today: CivilDate(daysSinceEpoch: 0))
        func days(_ e: Sourced<TypedExpr>?) -> Int? {
            guard let e else { return nil }
            // Cut to just past the calendar, so `for 99999999999 days` means never, not a trap.
            if case .duration(let d) = Compiler.compile(e.value)(constantFrame) { return CivilDate.wholeDays(d) }
            return nil
        }
        forDays = days(r.forDuration) ?? 0
        cooldownDays = days(r.cooldown)
        title = r.task.title.map { Compiler.compile($0.value) } ?? { _ in .text(r.title?.value ?? r.id) }
        description = r.task.description.map { Compiler.compile($0.value) }
        owners = r.task.owner.map { $0.value.map(Compiler.compile) } ?? [Compiler.defaultOwner]
        switch r.task.due?.value {
        case .afterDays(let e)?: due = .afterDays(Compiler.compile(e))
        case .afterBusinessDays(let e)?: due = .afterBusinessDays(Compiler.compile(e))
        case .on(let e)?: due = .on(Compiler.compile(e))
        case nil: due = nil
        }
        priority = r.task.priority?.value ?? .normal
        steps = r.task.steps.map { Compiler.compile($0.value) }
        tags = r.task.tags.map { Compiler.compile($0.value) }
        if let f = sources[r.range.file] {
            source = "\(f.path):\(f.lineColumn(of: Int(r.range.start)).line)"
        } else {
            source = "?"
        }
        self.phase = phase
    }
}

extension CompiledRule {
    /// `account.<list of records>`, under any number of `filter`s.
    static func accountRows(_ e: TypedExpr) -> TypedExpr? {
        switch e.kind {
        case .field(let base, _, _, _):
            guard case .account = base.kind, case .list(.record) = e.type else { return nil }
            return e
        case .aggregate(.filter, _, let collection, _, _): return accountRows(collection)
        default: return nil
        }
    }

    /// Whether the account's rows that `each` reads no longer hold the item (false when unknown).
    func lacks(item: String, in frame: Frame) -> Bool {
        guard let eachRows else { return false }
        let saved = frame.fault
        defer { frame.fault = saved }
        frame.fault = nil
        let rows = eachRows(frame).asList
        return frame.fault == nil && !rows.contains { Firing.key(of: $0) == item }
    }

    /// Binds the `each` item for the rule's settings: where the rule's own settings read it, and
    /// slot 0, where those of a `change rule` read it.
    @inline(__always) func bind(_ item: Value, in f: Frame) {
        f.slots[0] = item
        f.slots[eachSlot] = item
    }
}

extension Compiler {
    /// A task with no `owner` goes to the account's CSM.
    static var defaultOwner: Eval { { f in
        guard case .record(let a) = f.account, let i = Schema.builtin.record("account")?.field("csm")?.index else { return .missing }
        return a[i]
    } }
}

/// A base playbook and its customisations, compiled.
final class CompiledBase {
    let base: CheckedPlaybook
    let library: CheckedLibrary
    let scope: Eval?
    let layers: [CompiledLayer]
    private var variants: [UInt64: CompiledVariant] = [:]
    /// The layers whose own `applies when` matched some account (a bit per layer): a
    /// customisation that matches none is said out loud (`idleLayers`).
    private var seenLayers: UInt64 = 0
    /// Whether some layer has not matched an account yet; read without the lock on the hot path,
    /// so accounts outside the base's scope are looked at only until every layer was seen.
    private let unseen: Atomic<Bool>
    /// Accounts may be evaluated on several threads at once; the cache and the tallies above
    /// are the only shared state.
    private let lock = NSLock()

    init(base: CheckedPlaybook, library: CheckedLibrary) {
        self.base = base
        self.library = library
        scope = base.scope.map { Compiler.compile($0.value) }
        let customisations = library.customisations(of: base.id).prefix(64)
        layers = customisations.map { c in
            CompiledLayer(id: c.id, scopes: c.chain.dropFirst().compactMap { library.playbook($0)?.scope.map { Compiler.compile($0.value) } })
        }
        unseen = Atomic(!layers.isEmpty)
    }

    var hasUnseenLayers: Bool { unseen.load(ordering: .relaxed) }

    /// Notes the layers that matched an account outside the base's scope.
    func noteLayers(_ mask: UInt64) {
        guard mask != 0 else { return }
        lock.lock()
        defer { lock.unlock() }
        note(mask)
    }

    /// Under the lock.
    private func note(_ mask: UInt64) {
        seenLayers |= mask
        let all: UInt64 = layers.count >= 64 ? .max : (1 << UInt64(layers.count)) - 1
        if seenLayers & all == all { unseen.store(false, ordering: .relaxed) }
    }

    /// The variant for an account the base applies to, with `mask` its applying layers: noted
    /// for `idleLayers` under the lock the cache takes anyway.
    func variant(forAccount mask: UInt64, plan: EvaluationPlan) -> CompiledVariant {
        lock.lock()
        defer { lock.unlock() }
        if mask != 0 { note(mask) }
        return cachedVariant(mask, plan: plan)
    }

    /// The layers whose `applies when` matched none of the accounts evaluated.
    var idleLayers: [CompiledLayer] {
        lock.lock()
        defer { lock.unlock() }
        return layers.enumerated().filter { seenLayers & (1 << UInt64($0.offset)) == 0 }.map(\.element)
    }

    /// The merged rules and parameter values for one combination of applying layers.
    func variant(_ mask: UInt64, plan: EvaluationPlan) -> CompiledVariant {
        lock.lock()
        defer { lock.unlock() }
        return cachedVariant(mask, plan: plan)
    }

    private func cachedVariant(_ mask: UInt64, plan: EvaluationPlan) -> CompiledVariant {
        if let v = variants[mask] { return v }
        var chain = [base.id]
        for (i, l) in layers.enumerated() where mask & (1 << UInt64(i)) != 0 { chain.append(l.id) }
        let e = library.effective(chain: chain)!
        var params = plan.defaultParams
        let frame = Frame(slotCount: plan.maxSlots, params: params, letEvals: [], today: CivilDate(daysSinceEpoch: 0))
        for (index, value) in e.parameters {
            frame.params = params
            params[index] = Compiler.compile(value.value)(frame)
        }
        let rules = e.rules.map { CompiledRule($0.rule, params: params, sources: plan.sources, phase: e.phase?.value) }
        var disabled: [String: String] = [:]
        for d in e.disabled {
            let file = plan.sources[d.at.file].map { " (\($0.path):\($0.lineColumn(of: Int(d.at.start)).line))" } ?? ""
            disabled[d.identity] = "`\(d.by)`\(file)"
        }
        let v = CompiledVariant(params: params, rules: rules, chain: chain, disabled: disabled)
        variants[mask] = v
        return v
    }
}

extension CompiledBase {
    /// Every rule some combination of layers runs, once per identity: the base's own (which a
    /// layer may disable) and those every layer adds.
    func everyRule(plan: EvaluationPlan) -> [(CompiledRule, CompiledVariant)] {
        let all: UInt64 = layers.isEmpty ? 0 : UInt64.max >> UInt64(64 - layers.count)
        var seen: Set<String> = []
        var out: [(CompiledRule, CompiledVariant)] = []
        for v in [variant(0, plan: plan), variant(all, plan: plan)] {
            for r in v.rules where seen.insert(r.identity).inserted { out.append((r, v)) }
        }
        return out
    }
}

struct CompiledLayer {
    let id: String
    /// The `applies when` of this customisation and of each customisation it builds on.
    let scopes: [Eval]

    func applies(_ f: Frame) -> Bool { scopes.allSatisfy { $0(f).isTrue } }
}

final class CompiledVariant {
    let params: [Value]
    let rules: [CompiledRule]
    let chain: [String]
    /// Rule identity → the customisation that switches it off here, with its file and line.
    let disabled: [String: String]
    init(params: [Value], rules: [CompiledRule], chain: [String], disabled: [String: String]) {
        self.params = params; self.rules = rules; self.chain = chain; self.disabled = disabled
    }
}
