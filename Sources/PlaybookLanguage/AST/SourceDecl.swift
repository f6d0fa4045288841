/// `source "crm" { file "Account Export.csv" as accounts { … } … }`: how one system's export
/// maps onto the import's files, columns and values. Playbooks never read it; `playbook
/// import --source crm` applies it.
public struct SourceDecl: Sendable, Hashable {
    public var name: Name
    public var items: [Item<SourceItem>]
    public var closingTrivia: [Comment]
    public var range: SourceRange
}

public enum SourceItem: Sendable, Hashable {
    case file(FileMapping)
}

/// `file "Account Export.csv" as accounts { column … }`; the block is optional, for a file
/// whose columns already have the import's names.
public struct FileMapping: Sendable, Hashable {
    /// The export's file name, as written (matched without regard to case).
    public var file: Name
    /// The import file it stands for: `accounts`, `stakeholders`, …
    public var entity: Name
    /// Nil when the mapping has no `{ … }` block.
    public var block: Block?
    public var range: SourceRange

    public struct Block: Sendable, Hashable {
        public var items: [Item<ColumnMapping>]
        public var closingTrivia: [Comment]
    }
}

/// `column "Stage" as phase with { "Onboarding": 3, "Adoption": 5 }`.
public struct ColumnMapping: Sendable, Hashable {
    /// The export's column name, as written (matched like import headers: case and spacing
    /// do not count).
    public var header: Name
    /// An import column of the file's entity, or a custom field declared by a `field`.
    public var target: Name
    public var values: ValueMap?
}

/// `with { "Onboarding": 3, … }`: the export's spellings and the values they stand for.
public struct ValueMap: Sendable, Hashable {
    public var entries: [Item<ValueMapEntry>]
    public var closingTrivia: [Comment]
    public var range: SourceRange
}

public struct ValueMapEntry: Sendable, Hashable {
    public var spelling: Name
    /// A literal: number, text, date or `true`/`false`, as the target column takes.
    public var value: Expr
}
