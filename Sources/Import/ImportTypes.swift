import PlaybookLanguage

/// What the repository already holds, so rows may refer to accounts and KPIs imported earlier.
/// Each distinct id is asked about once per validation.
package protocol ExistingKeys {
    func hasAccount(_ id: String) -> Bool
    func hasKPI(account: String, kpi: String) -> Bool
    /// Every account id, for "did you mean" (asked only when an id is unknown).
    func accountIDs() -> [String]
    /// Whether only the import's own accounts count (a sync that imports accounts).
    var syncsAccounts: Bool { get }
}

extension ExistingKeys {
    package func accountIDs() -> [String] { [] }
    package var syncsAccounts: Bool { false }
}

/// An empty repository.
package struct NoExistingKeys: ExistingKeys {
    package init() {}
    package func hasAccount(_ id: String) -> Bool { false }
    package func hasKPI(account: String, kpi: String) -> Bool { false }
}

package struct ImportProblem: Sendable, Equatable, Comparable, CustomStringConvertible {
    package var file: String
    /// 1-based; the column counts characters (Unicode scalars). File-level problems are at 1:1.
    package var line: Int
    package var column: Int
    package var reason: String

    package init(file: String, line: Int, column: Int, reason: String) {
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
    }

    package var description: String { "\(file):\(line):\(column): \(reason)" }

    package static func < (a: ImportProblem, b: ImportProblem) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// Every problem found, sorted by file, line and column, capped at `ImportProblems.limit`;
/// `omitted` counts the rest. `description` is the full report, ending in "and N more problems"
/// when some were left out.
package struct ImportProblems: Error, Sendable, CustomStringConvertible {
    package static let limit = 1_000

    package var problems: [ImportProblem]
    package var omitted: Int

    package init(problems: [ImportProblem], omitted: Int = 0) {
        self.problems = problems
        self.omitted = omitted
    }

    /// One line per problem, then the "and N more" line when the list was capped.
    package var lines: [String] {
        problems.map(\.description) + (omitted > 0 ? [ImportMessage.moreProblems(omitted).text] : [])
    }

    package var description: String { lines.joined(separator: "\n") }
}

/// A typed value. Choices are `.text` with the canonical spelling; months are the first day.
package enum FieldValue: Sendable, Hashable {
    case missing
    case text(String)
    case number(Double)
    case integer(Int64)
    case date(CivilDate)
    case bool(Bool)
}

/// A custom field's value, typed as its playbook declares it (undeclared columns are text).
/// `missing` is an empty cell of a column the file gives: the stored value is removed.
package enum CustomValue: Sendable, Hashable {
    case missing
    case text(String)
    /// Numbers, and durations in days.
    case number(Double)
    case bool(Bool)
    case date(CivilDate)
    case list([CustomValue])
}

/// One row to write: `values` in the order of `entity.columns`. RACI grids arrive already
/// unpivoted, one row per non-empty cell, all carrying the grid row's line.
package struct ImportRow: Sendable {
    package var values: [FieldValue]
    /// Custom columns, by declared (or, undeclared, normalized header) name, in header order.
    package var custom: [(name: String, value: CustomValue)]
    package var file: String
    package var line: Int

    package init(values: [FieldValue], custom: [(name: String, value: CustomValue)], file: String, line: Int) {
        self.values = values
        self.custom = custom
        self.file = file
        self.line = line
    }
}

package struct ValidatedImport: Sendable {
    /// Every entity that had a file, even an empty one, in file order within each entity.
    package var rows: [ImportEntity: [ImportRow]]
    /// Custom field names per entity, in the order first seen; entities without any are absent.
    package var customFieldNames: [ImportEntity: [String]]
    /// Per entity, the columns (indexes into `ImportEntity.columns`) the files gave.
    package var presentColumns: [ImportEntity: Set<Int>] = [:]

    package init(rows: [ImportEntity: [ImportRow]], customFieldNames: [ImportEntity: [String]]) {
        self.rows = rows
        self.customFieldNames = customFieldNames
    }
}
