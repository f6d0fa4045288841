import PlaybookLanguage

/// Which columns an import accepts besides each entity's built-in ones (docs/import.md, "What
/// import accepts"): the custom fields the playbooks declare, each checked against its type,
/// and, only when asked, any other column as undeclared text.
package struct ImportColumns {
    /// Per entity, normalized column name → the declared field.
    private(set) var declared: [ImportEntity: [String: DeclaredColumn]] = [:]
    /// An unknown column is kept as undeclared custom text, each reported once through `warn`,
    /// instead of stopping the import.
    package var allowUnknown: Bool
    package var warn: ((ImportProblem) -> Void)?

    /// Built-in columns only (and, with `allowUnknown`, anything else as text).
    package init(allowUnknown: Bool = false, warn: ((ImportProblem) -> Void)? = nil) {
        self.allowUnknown = allowUnknown
        self.warn = warn
    }

    /// The built-in columns plus the fields the checked playbooks declare (`field account.x: …`).
    package init(schema: Schema, allowUnknown: Bool = false, warn: ((ImportProblem) -> Void)? = nil) {
        self.init(allowUnknown: allowUnknown, warn: warn)
        for entity in ImportEntity.allCases {
            guard let record = schema.record(entity.record) else { continue }
            var fields: [String: DeclaredColumn] = [:]
            for f in record.fields where f.isCustom {
                fields[HeaderName.normalize(f.name)] = DeclaredColumn(name: f.name, kind: CustomKind(f.type))
            }
            if !fields.isEmpty { declared[entity] = fields }
        }
    }

    /// Names a misspelt column may have meant: the entity's built-in columns and declared fields.
    func candidates(_ entity: ImportEntity) -> [String] {
        entity.columns.map(\.name) + (declared[entity]?.values.map(\.name) ?? []).sorted()
    }
}

/// A custom field as the playbooks declare it; `name` is the declared spelling, the key under
/// which its values are stored and read.
struct DeclaredColumn {
    let name: String
    let kind: CustomKind
}

/// What a custom column's cells must hold.
indirect enum CustomKind {
    /// Not declared (kept only with `allowUnknown`): text, as written.
    case undeclared
    case text, number, boolean, date
    /// A number of days.
    case duration
    case choice([String], keys: [[UInt8]])
    /// Elements separated by `;`, each of the element kind.
    case list(CustomKind)

    init(_ type: PType) {
        switch type {
        case .number: self = .number
        case .boolean: self = .boolean
        case .date: self = .date
        case .duration: self = .duration
        case .choice(let c): self = .choice(c.values, keys: ValueParser.choiceKeys(c.values))
        case .list(let e): self = .list(CustomKind(e))
        case .text, .record, .emptyList, .error: self = .text
        }
    }
}

extension ImportEntity {
    /// The schema record its rows are (docs/language.md appendix).
    package var record: String {
        switch self {
        case .accounts: "account"
        case .stakeholders: "stakeholder"
        case .research_items: "research_item"
        case .raci: "raci_assignment"
        case .proposals: "proposal"
        case .documents: "document"
        case .meetings: "meeting"
        case .kpis: "kpi"
        case .milestones: "milestone"
        case .measurements: "measurement"
        case .health: "health"
        case .impacted_groups: "impacted_group"
        case .stakeholder_plan: "plan_entry"
        }
    }
}
