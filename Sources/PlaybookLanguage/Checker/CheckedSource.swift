/// A checked `source` declaration: what `playbook import --source NAME` applies. Every name in
/// it is known and every mapped value already fits its column, spelled as an import cell.
public struct CheckedSource: Sendable {
    public var name: String
    public var files: [File]
    public var range: SourceRange

    public struct File: Sendable {
        /// The export's file name as written; matched without regard to case.
        public var name: String
        /// The import file it stands for (`accounts`).
        public var entity: String
        public var columns: [Column]
        public var range: SourceRange
    }

    public struct Column: Sendable {
        /// The export's column name as written.
        public var header: String
        /// The import column or declared custom field it fills.
        public var target: String
        /// Nil when the column's values pass through unchanged.
        public var values: [Value]?
    }

    public struct Value: Sendable, Hashable {
        /// As the export spells it; matched by `ImportSchema.valueKey`.
        public var spelling: String
        /// The cell the import reads instead, in the import's own spelling (`3`, `2026-01-31`).
        public var cell: String
    }
}

extension CheckedLibrary {
    public func source(_ name: String) -> CheckedSource? { sources.first { $0.name == name } }
}
