import Import
import PlaybookLanguage

/// Writes a validated import in one transaction: an upsert per row by its stable key, which
/// leaves a row untouched when nothing in it changed, so re-importing the same files writes
/// nothing.
extension Repository {
    package struct ImportCounts: Sendable, Equatable {
        package var inserted = 0
        package var updated = 0
        package var unchanged = 0
        /// Rows a sync removed (`ImportSync.swift`), and the entity's rows before the import.
        package var removed = 0
        package var before = 0
        /// First keys of each outcome; filled by a dry run (and `removed` by every sync).
        package var keys = ImportKeys()
        package init() {}
    }

    /// Keys already in the repository, for validating references in an import.
    package func existingKeys() throws -> RepositoryKeys {
        var accounts: Set<String> = []
        let a = try connection.prepare("SELECT id FROM accounts")
        while try a.step() { accounts.insert(a.text(0) ?? "") }
        var kpis: Set<String> = []
        let k = try connection.prepare("SELECT account_id, id FROM kpis")
        while try k.step() { kpis.insert((k.text(0) ?? "") + "\u{0}" + (k.text(1) ?? "")) }
        return RepositoryKeys(accounts: accounts, kpis: kpis)
    }

    package func write(_ data: ValidatedImport, wait: Double, stamp: ImportStamp? = nil) throws -> [ImportEntity: ImportCounts] {
        try write(wait: wait) {
            let counts = try writeRows(data)
            if let stamp { try record(stamp, counts) }
            return counts
        }
    }

    /// Upserts validated rows inside the caller's transaction.
    func writeRows(_ data: ValidatedImport) throws -> [ImportEntity: ImportCounts] {
        let writer = ImportStreamWriter(connection)
        for entity in ImportEntity.allCases {
            guard let rows = data.rows[entity], !rows.isEmpty else { continue }
            try writer.startFile(entity, present: data.presentColumns[entity] ?? Set(entity.columns.indices))
            try writer.write(rows)
            try writer.finishFile()
        }
        return writer.counts
    }
}

/// Upserts rows a chunk at a time as an import reads them, inside the import's transaction.
final class ImportStreamWriter: ImportTarget {
    private let connection: Connection
    private(set) var counts: [ImportEntity: Repository.ImportCounts] = [:]
    private var file: OpenFile?
    /// Set by a dry run, to report the first keys of each outcome.
    var sampler: KeySampler?

    private struct OpenFile {
        var entity: ImportEntity
        var statement: Statement
        var hasCustom: Bool
        /// Table size before the file, for rows added = growth of the table.
        var before: Int64
        var written = 0
        var rows = 0
    }

    init(_ connection: Connection) {
        self.connection = connection
    }

    /// - Parameter present: the columns the file gives; an existing row keeps its values in
    ///   the others.
    func startFile(_ entity: ImportEntity, present: Set<Int>) throws {
        let columns = entity.columns.map(\.name)
        let hasCustom = entity != .raci
        let all = columns + (hasCustom ? ["custom"] : [])
        let keys = entity.keyColumns
        let updatable = columns.enumerated().filter { !keys.contains($0.element) && present.contains($0.offset) }.map(\.element)
        let placeholders = all.map { _ in "?" }.joined(separator: ", ")
        let table = entity.rawValue
        // Custom fields are merged key by key, so a file without some custom column keeps its
        // stored values, as an omitted built-in column does; the patch (bound last) is null
        // when the row has no custom column, and a null in it removes a key (an empty cell).
        let patch = "?\(columns.count + 2)"
        let mergedCustom = "CASE WHEN \(patch) IS NULL THEN \(table).custom ELSE NULLIF(json_patch(COALESCE(\(table).custom, '{}'), \(patch)), '{}') END"
        var assignments = updatable.map { "\($0) = excluded.\($0)" }
        var compared = updatable
        if hasCustom {
            assignments.append("custom = \(mergedCustom)")
            compared.append("custom")
        }
        let current: [String] = compared.map { "\(table).\($0)" }
        let incoming: [String] = compared.map { $0 == "custom" ? mergedCustom : "excluded.\($0)" }
        // The "changed" guard: a row whose values are all the same is not written at all.
        let changed: String = compared.isEmpty ? "0" : "(\(current.joined(separator: ", "))) IS NOT (\(incoming.joined(separator: ", ")))"
        let sql = """
            INSERT INTO \(table) (\(all.joined(separator: ", "))) VALUES (\(placeholders))
            ON CONFLICT (\(keys.joined(separator: ", "))) DO \(assignments.isEmpty ? "NOTHING" : "UPDATE SET \(assignments.joined(separator: ", ")) WHERE \(changed)")
            """
        let before = try connection.scalarInt("SELECT count(*) FROM \(table)") ?? 0
        file = OpenFile(entity: entity, statement: try connection.prepare(sql), hasCustom: hasCustom, before: before)
        try sampler?.start(entity)
    }

    func write(_ rows: [ImportRow]) throws {
        guard var f = file else { return }
        let statement = f.statement
        let customIndex = Int32(f.entity.columns.count + 1)
        for row in rows {
            for (n, v) in row.values.enumerated() { Self.bind(statement, Int32(n + 1), v) }
            if f.hasCustom {
                // A new row stores the values; an existing one is patched, nulls included.
                let patch = FlatJSON.encode(row.custom, nulls: true)
                let hasMissing = row.custom.contains { if case .missing = $0.value { true } else { false } }
                statement.bind(customIndex, hasMissing ? FlatJSON.encode(row.custom, nulls: false) : patch)
                statement.bind(customIndex + 1, patch)
            }
            let existed = try sampler?.existed(row)
            try statement.run()
            // Rows written = what SQLite reports as changed.
            f.written += connection.changes
            sampler?.written(row, changed: connection.changes > 0, existed: existed)
        }
        f.rows += rows.count
        file = f
    }

    func finishFile() throws {
        guard let f = file else { return }
        file = nil
        let after = try connection.scalarInt("SELECT count(*) FROM \(f.entity.rawValue)") ?? 0
        var c = Repository.ImportCounts()
        c.inserted = Int(after - f.before)
        c.updated = f.written - c.inserted
        c.unchanged = f.rows - f.written
        counts[f.entity, default: Repository.ImportCounts()].add(c)
    }

    static func bind(_ s: Statement, _ i: Int32, _ v: FieldValue) {
        switch v {
        case .missing: s.bind(i, nil as String?)
        case .text(let t): s.bind(i, t)
        case .number(let n): s.bind(i, n)
        case .integer(let n): s.bind(i, n)
        case .date(let d): s.bind(i, d.description)
        case .bool(let b): s.bind(i, b)
        }
    }
}

/// Asks the repository whether an account or KPI exists, one indexed look-up per id, instead
/// of loading every id: the import's own ids are in `StoredIDs`, so this is asked only about
/// ids the import does not define.
final class StoredKeys: ExistingKeys {
    private let connection: Connection
    private let account: Statement
    private let kpi: Statement

    init(_ connection: Connection) throws {
        self.connection = connection
        account = try connection.prepare("SELECT 1 FROM accounts WHERE id = ?")
        kpi = try connection.prepare("SELECT 1 FROM kpis WHERE account_id = ? AND id = ?")
    }

    // A failed look-up answers no: the row is then reported, and nothing is written.
    func hasAccount(_ id: String) -> Bool {
        account.reset()
        account.bind(1, id)
        return (try? account.step()) ?? false
    }

    func accountIDs() -> [String] {
        account.reset()
        guard let all = try? connection.prepare("SELECT id FROM accounts") else { return [] }
        var ids: [String] = []
        while (try? all.step()) == true { ids.append(all.text(0) ?? "") }
        return ids
    }

    func hasKPI(account a: String, kpi k: String) -> Bool {
        kpi.reset()
        kpi.bind(1, a)
        kpi.bind(2, k)
        return (try? kpi.step()) ?? false
    }
}

/// Account and KPI ids already stored, for an import's reference checks.
package struct RepositoryKeys: ExistingKeys {
    var accounts: Set<String>
    var kpis: Set<String>

    package func hasAccount(_ id: String) -> Bool { accounts.contains(id) }
    package func hasKPI(account: String, kpi: String) -> Bool { kpis.contains(account + "\u{0}" + kpi) }
    package func accountIDs() -> [String] { Array(accounts) }
}
