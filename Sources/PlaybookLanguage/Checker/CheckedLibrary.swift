/// The checked playbooks: what `show --effective` prints and what the engine compiles into an
/// evaluation plan. Customisations are kept as layers over their base rather than merged, because
/// which layers apply depends on each account; `EffectivePlaybook` merges one combination.
public struct CheckedLibrary: Sendable {
    public var schema: Schema = .builtin
    /// Every playbook, bases and customisations, in the order they were checked (bases first).
    public private(set) var playbooks: [CheckedPlaybook] = []
    private var indexById: [String: Int] = [:]
    private var customisationsByBase: [String: [Int]] = [:]
    /// Parameters of all playbooks; `TypedExpr.parameter(i)` indexes this.
    public var parameters: [CheckedParameter] = []
    /// `let` values of all playbooks; `TypedExpr.letValue(i)` indexes this.
    public var lets: [CheckedLet] = []
    /// Column mappings (`source` declarations), in file order; runs never read them.
    public var sources: [CheckedSource] = []

    public init() {}

    public func playbook(_ id: String) -> CheckedPlaybook? { indexById[id].map { playbooks[$0] } }

    func index(of id: String) -> Int? { indexById[id] }

    public var bases: [CheckedPlaybook] { playbooks.filter { $0.extends == nil } }

    /// Customisations of a base, parents before children.
    public func customisations(of base: String) -> [CheckedPlaybook] {
        (customisationsByBase[base] ?? []).map { playbooks[$0] }.sorted { $0.chain.count < $1.chain.count }
    }

    mutating func append(_ p: CheckedPlaybook) {
        indexById[p.id] = playbooks.count
        if p.extends != nil, let base = p.chain.first { customisationsByBase[base, default: []].append(playbooks.count) }
        playbooks.append(p)
    }
}

public struct CheckedParameter: Sendable {
    public var name: String
    public var playbook: String
    public var type: PType
    public var value: TypedExpr
    public var declaredAt: SourceRange
}

public struct CheckedLet: Sendable {
    public var name: String
    public var playbook: String
    public var value: TypedExpr
    public var declaredAt: SourceRange
}

/// A setting together with the place it was written, so that merged playbooks can say where
/// each of their settings came from.
public struct Sourced<T: Sendable>: Sendable {
    public var value: T
    public var at: SourceRange
}

public struct CheckedPlaybook: Sendable {
    public var id: String
    public var extends: String?
    /// Ids from the base down to this playbook (a base's chain is itself).
    public var chain: [String]
    public var title: Sourced<String>?
    public var description: Sourced<String>?
    public var phase: Sourced<Int>?
    public var stage: Sourced<Stage>?
    /// This playbook's own `applies when`; for a customisation, the accounts it is for.
    public var scope: Sourced<TypedExpr>?
    /// Indexes into `CheckedLibrary.parameters` of the parameters this playbook declares.
    public var parameters: [Int] = []
    /// Parameter values a customisation sets: parameter index → value.
    public var sets: [(parameter: Int, value: Sourced<TypedExpr>)] = []
    public var lets: [Int] = []
    /// Rules this playbook adds.
    public var rules: [CheckedRule] = []
    /// Changes a customisation makes to rules of its base chain.
    public var changes: [RuleChange] = []
    public var disabled: [Sourced<String>] = []
    public var range: SourceRange

    public var isCustomisation: Bool { extends != nil }
}

public struct CheckedTask: Sendable {
    public var title: Sourced<TypedExpr>?
    public var description: Sourced<TypedExpr>?
    /// Tried in order; the first that yields a name owns the task.
    public var owner: Sourced<[TypedExpr]>?
    public var due: Sourced<Due>?
    public var priority: Sourced<Priority>?
    public var steps: Sourced<TypedExpr>?
    public var tags: Sourced<TypedExpr>?
}

public enum Due: Sendable, Hashable {
    case afterDays(TypedExpr)
    case afterBusinessDays(TypedExpr)
    case on(TypedExpr)
}

/// A rule as declared (all settings present where required) or a change to one (only what the
/// change names is present).
public struct CheckedRule: Sendable {
    public var id: String
    /// The base playbook whose rule this is: a customised rule keeps this identity, so its
    /// tasks are the same tasks.
    public var identity: String { "\(basePlaybook)/\(id)" }
    public var basePlaybook: String
    /// The playbook that declares (or changes) it.
    public var playbook: String
    public var title: Sourced<String>?
    public var description: Sourced<String>?
    public var each: Sourced<(name: String, collection: TypedExpr)>?
    public var when: Sourced<TypedExpr>?
    /// Days the condition must hold before a task appears.
    public var forDuration: Sourced<TypedExpr>?
    public var cooldown: Sourced<TypedExpr>?
    public var resolution: Sourced<Resolution>?
    public var task = CheckedTask()
    /// Variable slots the rule's expressions use (each variable and collection operations).
    public var slotCount = 0
    public var range: SourceRange
}

public typealias RuleChange = CheckedRule
