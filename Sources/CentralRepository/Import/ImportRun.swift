/// What a column is, without names or lists, so the per-cell loop copies no reference types.
enum CellKind {
    case text, number(Double, Double), integer(Int64, Int64), date, month, bool, choice
}

/// The state of one file being read.
struct FileState {
    let path: String
    let index: Int32
    let entity: ImportEntity
    var layout: ImportLayout
    let kinds: [CellKind]
    let required: [Bool]
    /// Per entity column, for choice columns: the candidates in comparison form.
    let choiceKeys: [[[UInt8]]]
    /// Entity columns with a meaning beyond their type, or -1.
    let accountColumn: Int, kpiColumn: Int, kindColumn: Int, titleColumn: Int
    let keyColumns: [Int]
    /// A required column is missing from the header: rows are read only for the ids they define.
    var headerBroken = false

    init(path: String, index: Int, entity: ImportEntity, isGrid: Bool) {
        self.path = path
        self.index = Int32(index)
        self.entity = entity
        layout = ImportLayout(entity: entity, isGrid: isGrid)
        let columns = entity.columns
        kinds = columns.map { c in
            switch c.kind {
            case .text: .text
            case .number(let r): .number(r?.lowerBound ?? -.infinity, r?.upperBound ?? .infinity)
            case .integer(let r): .integer(r?.lowerBound ?? .min, r?.upperBound ?? .max)
            case .date: .date
            case .month: .month
            case .bool: .bool
            case .choice: .choice
            }
        }
        required = columns.map(\.required)
        choiceKeys = columns.map { c in
            if case .choice(let values) = c.kind { return ValueParser.choiceKeys(values) }
            return []
        }
        func column(_ name: String) -> Int { entity.columnIndex(name) ?? -1 }
        accountColumn = entity == .accounts ? column("id") : column("account_id")
        kpiColumn = entity == .kpis ? -1 : column("kpi_id")
        kindColumn = entity == .documents ? column("kind") : -1
        titleColumn = entity == .documents ? column("title") : -1
        keyColumns = entity.keyColumnIndices
    }
}

/// The state of one validation: problems so far, the accounts and KPIs seen, the keys of the
/// entity being read and the rows to hand back.
struct ImportRun {
    let existing: any ExistingKeys
    let paths: [String]
    var problems = ProblemList()
    var presentColumns: [ImportEntity: Set<Int>] = [:]
    var registry = KeyRegistry()
    /// Keys of the entity being read; files of one entity are read one after the other.
    var keyLog = KeyLog()
    private var rows: [ImportEntity: [ImportRow]] = [:]
    /// Rows of the entity being read; moved into `rows` when the next entity starts.
    private var currentRows: [ImportRow] = []
    private var currentEntity: ImportEntity?
    private var customNames: [ImportEntity: [String]] = [:]

    init(existing: any ExistingKeys, paths: [String]) {
        self.existing = existing
        self.paths = paths
    }

    mutating func startFile(entity: ImportEntity) {
        guard entity != currentEntity else { return }
        reportDuplicateKeys()
        flushRows()
        currentEntity = entity
        rows[entity] = rows[entity] ?? []
    }

    /// Docs: "the second occurrence is reported with the line of the first".
    private mutating func reportDuplicateKeys() {
        guard let entity = currentEntity, !keyLog.isEmpty else { return }
        let columns = entity.columns, keys = entity.keyColumnIndices
        for (later, first) in keyLog.duplicates(accountCount: registry.accountCount) {
            let e = keyLog.entries[later], f = keyLog.entries[first], p = keyLog.parts[later]
            let values = [FieldValue.text(registry.accountIDs[Int(e.account)]), p.first, p.second].prefix(keys.count)
            let shown = zip(keys, values).map { "\(columns[$0].name) \(Self.show($1))" }.joined(separator: ", ")
            let place = f.file == e.file ? "line \(f.rowLine)" : "\(paths[Int(f.file)]):\(f.rowLine)"
            problems.add(paths[Int(e.file)], Int(e.line), Int(e.column), .duplicateKey(shown, first: place))
        }
        keyLog = KeyLog()
    }

    private static func show(_ v: FieldValue) -> String {
        switch v {
        case .missing: "(missing)"
        case .text(let s): "\"\(s)\""
        case .number(let d): d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case .integer(let i): String(i)
        case .date(let d): d.description
        case .bool(let b): b ? "yes" : "no"
        }
    }

    private mutating func flushRows() {
        if let entity = currentEntity, problems.isEmpty {
            // Moved, not copied, in the usual case of one file per entity.
            if rows[entity]?.isEmpty ?? true { rows[entity] = currentRows } else { rows[entity]!.append(contentsOf: currentRows) }
        }
        currentRows = []
    }

    /// Millions of rows: growing by doubling would copy them over and over.
    mutating func reserveRows(_ n: Int) {
        if problems.isEmpty { currentRows.reserveCapacity(currentRows.count + n) }
    }

    /// Rows are only worth keeping while the import can still succeed.
    mutating func keep(_ row: ImportRow) {
        if problems.isEmpty { currentRows.append(row) } else if !currentRows.isEmpty { currentRows = [] }
    }

    mutating func addCustomName(_ name: String, entity: ImportEntity) {
        if !(customNames[entity]?.contains(name) ?? false) { customNames[entity, default: []].append(name) }
    }

    mutating func problem(_ f: FileState, _ line: Int, _ column: Int, _ message: ImportMessage) {
        problems.add(f.path, line, column, message)
    }

    mutating func finish() -> Result<ValidatedImport, ImportProblems> {
        reportDuplicateKeys()
        flushRows()
        guard problems.isEmpty else { return .failure(problems.finish()) }
        var v = ValidatedImport(rows: rows, customFieldNames: customNames)
        v.presentColumns = presentColumns
        return .success(v)
    }
}
