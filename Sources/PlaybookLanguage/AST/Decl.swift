/// Comments and spacing that belong to one statement, so the formatter can put them back.
public struct Trivia: Sendable, Hashable {
    public var leading: [Comment] = []
    /// At most one comment. An empty array costs no allocation, and keeps every statement of
    /// a large file 32 bytes smaller than an optional comment stored in place would.
    private var trailingComments: [Comment] = []
    public var trailing: Comment? {
        get { trailingComments.first }
        set { trailingComments = newValue.map { [$0] } ?? [] }
    }
    public var blankLineBefore = false
    public init() {}
}

/// One statement inside a block: what it says, where, and the comments around it.
public struct Item<Kind: Sendable & Hashable>: Sendable, Hashable {
    public var kind: Kind
    public var range: SourceRange
    public var trivia: Trivia
    public init(_ kind: Kind, _ range: SourceRange, trivia: Trivia = Trivia()) {
        self.kind = kind; self.range = range; self.trivia = trivia
    }
}

/// A parsed file.
public struct FileAST: Sendable, Hashable {
    public var file: Int32
    public var items: [Item<TopLevel>]
    /// Comments after the last declaration.
    public var trailingComments: [Comment]
}

public enum TopLevel: Sendable, Hashable {
    case playbook(PlaybookDecl)
    case field(FieldDecl)
    /// `source "crm" { … }`: how an export's files, columns and values map to the schema.
    case source(SourceDecl)
}

/// `field account.crm_tier: text` — a custom field of a built-in entity.
public struct FieldDecl: Sendable, Hashable {
    public var entity: Name
    public var name: Name
    public var type: TypeRef
}

public struct TypeRef: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        case named(Name)                 // number, text, boolean, date, duration
        case oneOf([Name])               // one of "gold", "silver" — the names hold the values
        case list(TypeRef)
    }
    public var kind: Kind
    public var range: SourceRange
}

/// `playbook "id" { … }` or, for a customisation, `playbook "id" extends "base" { … }`.
public struct PlaybookDecl: Sendable, Hashable {
    public var id: Name
    public var extends: Name?
    public var items: [Item<PlaybookItem>]
    public var closingTrivia: [Comment]
    public var range: SourceRange
}

public enum Stage: String, Sendable, Hashable, CaseIterable {
    case initial, user_readiness, ongoing
}

public enum PlaybookItem: Sendable, Hashable {
    case title(TextTemplate)
    case description(TextTemplate)
    case phase(Expr)
    case stage(Name)
    case appliesWhen(Expr)
    case param(ParamDecl)
    /// In a customisation: `set health_floor = 70`.
    case set(Name, Expr)
    case `let`(Name, Expr)
    case rule(RuleDecl)
    /// In a customisation: `change rule "low-health" { … }` — only the settings it names change.
    case changeRule(RuleDecl)
    /// In a customisation: `disable rule "welcome-pack"`.
    case disableRule(Name)
    case field(FieldDecl)
}

/// `param health_floor = 60` or `param owner: text = "cs-ops"`.
public struct ParamDecl: Sendable, Hashable {
    public var name: Name
    public var type: TypeRef?
    public var value: Expr
}

public struct RuleDecl: Sendable, Hashable {
    public var id: Name
    public var items: [Item<RuleItem>]
    public var closingTrivia: [Comment]
    public var range: SourceRange
}

public enum Resolution: String, Sendable, Hashable { case automatically, manually }

public enum RuleItem: Sendable, Hashable {
    case title(TextTemplate)
    case description(TextTemplate)
    case each(Name, Expr)
    case when(Expr)
    case `for`(Expr)
    case task(TaskDecl)
    case resolve(Resolution, Name)
    case cooldown(Expr)
}

public struct TaskDecl: Sendable, Hashable {
    public var items: [Item<TaskItem>]
    public var closingTrivia: [Comment]
    public var range: SourceRange
}

public enum Priority: String, Sendable, Hashable, CaseIterable { case low, normal, high, urgent }

public enum TaskItem: Sendable, Hashable {
    case title(TextTemplate)
    case description(TextTemplate)
    /// `owner account.csm else account.account_manager else "cs-ops"`.
    case owner([Expr])
    /// `due in 3 days`, `due in 3 business days`, `due on account.renewal_date - 30 days`.
    case due(DueSpec)
    case priority(Name)
    case steps(Expr)
    case tags(Expr)
}

public enum DueSpec: Sendable, Hashable {
    case after(Expr, businessDays: Bool)
    case on(Expr)
}
