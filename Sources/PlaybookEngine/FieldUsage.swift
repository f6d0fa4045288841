import PlaybookLanguage

/// The fields expressions read, by record type. The repository loads only these, which is most
/// of what makes a run fast (a book has far more data than any playbook looks at).
struct FieldUsage {
    private(set) var fields: [String: Set<String>] = [:]
    private let library: CheckedLibrary
    private var walkedLets: Set<Int> = []

    init(_ library: CheckedLibrary) { self.library = library }

    mutating func walk(_ e: TypedExpr) {
        switch e.kind {
        case .field(let base, let record, _, let name):
            fields[record, default: []].insert(name)
            walk(base)
        // A `let` is evaluated where it is used: what it reads counts there.
        case .letValue(let i):
            if walkedLets.insert(i).inserted { walk(library.lets[i].value) }
        case .template(let parts): for case .value(let v) in parts { walk(v) }
        case .list(let items): items.forEach { walk($0) }
        case .negate(let x), .not(let x), .presence(let x, _): walk(x)
        case .binary(_, let l, let r): walk(l); walk(r)
        case .call(_, let args): args.forEach { walk($0) }
        case .aggregate(_, _, let c, let f, let b): walk(c); f.map { walk($0) }; b.map { walk($0) }
        default: break
        }
    }

    mutating func walk(_ r: CheckedRule) {
        [r.when?.value, r.forDuration?.value, r.cooldown?.value, r.each?.value.collection, r.task.title?.value,
         r.task.description?.value, r.task.steps?.value, r.task.tags?.value].compactMap { $0 }.forEach { walk($0) }
        r.task.owner?.value.forEach { walk($0) }
        switch r.task.due?.value {
        case .afterDays(let e)?, .afterBusinessDays(let e)?, .on(let e)?: walk(e)
        case nil: break
        }
        // A task with no owner goes to the account's CSM.
        if r.task.owner == nil { fields["account", default: []].insert("csm") }
    }

    /// Everything a playbook evaluates: its scope, rules, changes and parameter values.
    mutating func walk(_ p: CheckedPlaybook) {
        p.scope.map { walk($0.value) }
        p.rules.forEach { walk($0) }
        p.changes.forEach { walk($0) }
        p.sets.forEach { walk($0.value.value) }
    }
}

extension EvaluationPlan {
    /// The fields the playbooks read, by record type.
    public static func fieldUsage(_ library: CheckedLibrary) -> [String: Set<String>] {
        var usage = FieldUsage(library)
        library.playbooks.forEach { usage.walk($0) }
        library.parameters.forEach { usage.walk($0.value) }
        library.lets.forEach { usage.walk($0.value) }
        var fields = usage.fields
        fields["account", default: []].formUnion(["id", "csm"])
        return fields
    }

    /// What one base playbook, with its customisations, reads: an account its `applies when`
    /// excludes needs none of it loaded.
    public struct BaseDemand: Sendable {
        /// What its `applies when` reads; nil when it has none (it applies to every account).
        public let scope: [String: Set<String>]?
        /// What everything it evaluates reads, the scope included.
        public let fields: [String: Set<String>]
    }

    /// Per base playbook, in the order `applies(base:to:frame:)` takes them.
    public var baseDemands: [BaseDemand] {
        bases.map { b in
            var scope = FieldUsage(library)
            b.base.scope.map { scope.walk($0.value) }
            var all = FieldUsage(library)
            all.walk(b.base)
            library.customisations(of: b.base.id).forEach { all.walk($0) }
            return BaseDemand(scope: b.scope == nil ? nil : scope.fields, fields: all.fields)
        }
    }

    /// Whether a base playbook applies to an account, decided as `evaluate` decides it. The
    /// account needs to hold only the fields its `BaseDemand.scope` names.
    public func applies(base: Int, to account: Record, frame: Frame) -> Bool {
        guard let scope = bases[base].scope else { return true }
        frame.params = defaultParams
        frame.reset(account: .record(account))
        return scope(frame).isTrue
    }
}

extension EvaluationPlan {
    /// Every rule of these base playbooks (by index, as in `baseDemands`) and of their
    /// customisations.
    public func ruleIdentities(ofBases indexes: [Int]) -> Set<String> {
        var out: Set<String> = []
        for b in indexes {
            let base = bases[b].base
            for p in [base] + library.customisations(of: base.id) { for r in p.rules { out.insert(r.identity) } }
        }
        return out
    }
}
