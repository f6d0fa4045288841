import PlaybookLanguage

/// How the columns of one file map onto its entity's columns, worked out once per file (CSV
/// header) or once per new key (JSON), so rows are checked by index, never by name.
struct ImportLayout {
    enum Role: Equatable {
        case spec(Int)
        case custom
        /// A column of the RACI grid: the header is the stakeholder or department.
        case stakeholder
        /// No name in the header: ignored, but a value under it is reported.
        case unnamed
        /// A second column with a name already taken; reported once, then ignored.
        case duplicate
    }

    let entity: ImportEntity
    let columns: [ColumnSpec]
    /// RACI in CSV: every column other than account_id and activity is a stakeholder.
    let isGrid: Bool
    private let specByName: [String: Int]

    private(set) var roles: [Role] = []
    /// The names as written, for messages.
    private(set) var rawNames: [String] = []
    /// Entity column → file column, or -1 when the file does not have it.
    private(set) var specSource: [Int]
    private(set) var customColumns: [(column: Int, name: String)] = []
    private(set) var stakeholderColumns: [(column: Int, name: String)] = []
    private(set) var unnamedColumns: [Int] = []
    private var byName: [String: Int] = [:]

    init(entity: ImportEntity, isGrid: Bool) {
        self.entity = entity
        self.isGrid = isGrid
        columns = entity.columns
        var names: [String: Int] = [:]
        for (i, c) in columns.enumerated() where !isGrid || c.name == "account_id" || c.name == "activity" {
            names[c.name] = i
            for a in c.aliases { names[a] = i }
        }
        specByName = names
        specSource = Array(repeating: -1, count: columns.count)
    }

    var count: Int { roles.count }

    /// The file column already holding this key, for JSON objects after the first.
    func column(named key: String) -> Int? { byName[HeaderName.normalize(key)] }

    /// Adds the next file column. Returns the earlier column (0-based) this one duplicates,
    /// by name or through an alias. `target` is the column a source mapping reads it as; `raw`
    /// stays the name messages show.
    mutating func add(_ raw: String, as target: String? = nil) -> Int? {
        let name = HeaderName.normalize(target ?? raw)
        let column = roles.count
        rawNames.append(HeaderName.trimmed(raw))
        if name.isEmpty {
            roles.append(.unnamed)
            unnamedColumns.append(column)
            return nil
        }
        if let first = byName[name] {
            roles.append(.duplicate)
            return first
        }
        byName[name] = column
        if let spec = specByName[name] {
            if specSource[spec] >= 0 {
                // An alias of a column already present (`id` and `account_id` in accounts).
                roles.append(.duplicate)
                return specSource[spec]
            }
            specSource[spec] = column
            roles.append(.spec(spec))
        } else if isGrid {
            roles.append(.stakeholder)
            stakeholderColumns.append((column, rawNames[column]))
        } else {
            roles.append(.custom)
            customColumns.append((column, name))
        }
        return nil
    }

    /// Required columns the header lacks, each with the unknown header it may be a typo of.
    func missingRequired() -> [(name: String, suggestion: String?)] {
        let unknown = customColumns.map(\.name)
        return columns.enumerated().compactMap { i, c in
            guard c.required, specSource[i] < 0, !isGrid || c.name == "account_id" || c.name == "activity" else { return nil }
            return (c.name, Suggestions.closest(to: c.name, in: unknown))
        }
    }
}
