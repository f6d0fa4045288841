import Import
import PlaybookLanguage

/// How an import treats the rows its files leave out, and whether it writes at all
/// (docs/import.md, "Sync imports and dry runs").
package struct ImportMode: Sendable {
    /// Each file is the whole current list of its entity: rows of a snapshot entity that the
    /// files lack are removed, with what belongs to them.
    package var sync = false
    /// Works out what the import would change, then rolls it back.
    package var dryRun = false
    /// Lets a sync remove more than `massRemovalShare` of an entity's rows.
    package var allowMassRemoval = false
    package var massRemovalShare = 0.2
    package init() {}
}

extension ImportEntity {
    /// Dated rows that accumulate, of which an export may hold only the recent ones: a sync
    /// never removes them for being absent (only with their account or KPI). The others are
    /// snapshots: a file holds the entity's whole current list.
    package var isHistory: Bool {
        switch self {
        case .health, .measurements, .meetings, .stakeholder_plan: true
        default: false
        }
    }
}

/// The first keys of each outcome of an import, per entity, for its report.
package struct ImportKeys: Sendable, Equatable {
    package static let limit = 5
    package var added: [String] = []
    package var updated: [String] = []
    package var unchanged: [String] = []
    package var removed: [String] = []

    fileprivate static func append(_ key: @autoclosure () -> String, to list: inout [String]) {
        if list.count < limit { list.append(key()) }
    }
}

extension Repository.ImportCounts {
    /// Whether a sync's removals exceed the share of the entity's rows before the import.
    func removesTooMany(share: Double) -> Bool {
        removed > 0 && Double(removed) > share * Double(before)
    }
}

/// A sync that would remove more than the allowed share of some entity's rows: nothing was
/// written. `counts` is what the import would have done.
package struct MassRemoval: Error, Sendable {
    package var counts: [ImportEntity: Repository.ImportCounts]
    package var entities: [ImportEntity]
    package var share: Double

    /// The entities a sync's removals take over the share; nil when none.
    package static func check(_ counts: [ImportEntity: Repository.ImportCounts], share: Double) -> MassRemoval? {
        let over = ImportEntity.allCases.filter { counts[$0]?.removesTooMany(share: share) ?? false }
        return over.isEmpty ? nil : MassRemoval(counts: counts, entities: over, share: share)
    }

    /// One line per entity over the limit, with the first keys it would remove.
    package var lines: [String] {
        entities.map { e in
            let c = counts[e]!
            let pct = Int((Double(c.removed) * 100 / Double(max(c.before, 1))).rounded())
            return "\(e.rawValue): it would remove \(c.removed) of \(c.before) rows (\(pct)%; the limit is \(Int(share * 100))%): "
                + c.keys.removed.joined(separator: ", ") + (c.removed > c.keys.removed.count ? ", …" : "")
        }
    }
}

/// A key as the reports show it: its values joined by `/` (`acme/s1`, `acme/2026-11-01`).
enum ImportKeyText {
    static func of(_ row: ImportRow, _ entity: ImportEntity) -> String {
        entity.keyColumnIndices.map { text(row.values[$0]) }.joined(separator: "/")
    }

    static func text(_ v: FieldValue) -> String {
        switch v {
        case .missing: ""
        case .text(let s): s
        case .number(let n): String(n)
        case .integer(let i): String(i)
        case .date(let d): d.description
        case .bool(let b): b ? "yes" : "no"
        }
    }
}

/// Sorts a dry run's rows into added, updated and unchanged, keeping the first keys of each:
/// asks whether a changed row existed before it is written, only while those lists have room.
final class KeySampler {
    private let connection: Connection
    private var exists: Statement?
    private var entity: ImportEntity?
    private(set) var keys: [ImportEntity: ImportKeys] = [:]

    init(_ connection: Connection) { self.connection = connection }

    func start(_ entity: ImportEntity) throws {
        self.entity = entity
        let t = entity.rawValue
        exists = try connection.prepare("SELECT 1 FROM \(t) WHERE " + entity.keyColumns.map { "\($0) = ?" }.joined(separator: " AND "))
    }

    /// Before the row is written: whether it existed, when that still matters.
    func existed(_ row: ImportRow) throws -> Bool? {
        guard let entity, let exists else { return nil }
        let k = keys[entity] ?? ImportKeys()
        guard k.added.count < ImportKeys.limit || k.updated.count < ImportKeys.limit else { return nil }
        exists.reset()
        for (n, i) in entity.keyColumnIndices.enumerated() { ImportStreamWriter.bind(exists, Int32(n + 1), row.values[i]) }
        defer { exists.reset() }
        return try exists.step()
    }

    func written(_ row: ImportRow, changed: Bool, existed: Bool?) {
        guard let entity else { return }
        var k = keys[entity] ?? ImportKeys()
        switch (changed, existed) {
        case (false, _): ImportKeys.append(ImportKeyText.of(row, entity), to: &k.unchanged)
        case (true, true?): ImportKeys.append(ImportKeyText.of(row, entity), to: &k.updated)
        case (true, false?): ImportKeys.append(ImportKeyText.of(row, entity), to: &k.added)
        case (true, nil): break
        }
        keys[entity] = k
    }
}

/// Passes a sync import's rows on to the writer and keeps the key of every row of a snapshot
/// entity in a temporary table (on disk behind SQLite's page cache, as `StoredIDs`); then
/// removes what the files lack.
final class SyncKeys: ImportTarget {
    private let connection: Connection
    private let writer: any ImportTarget
    private var insert: Statement?
    private var entity: ImportEntity?
    /// Entities the import has a file of (even an empty one).
    private(set) var given: Set<ImportEntity> = []

    init(_ connection: Connection, writer: any ImportTarget) {
        self.connection = connection
        self.writer = writer
    }

    private static func table(_ e: ImportEntity) -> String { "temp.sync_\(e.rawValue)" }

    func startFile(_ entity: ImportEntity, present: Set<Int>) throws {
        try writer.startFile(entity, present: present)
        self.entity = entity
        insert = nil
        guard !entity.isHistory else { return }
        let cols = entity.keyColumns
        if given.insert(entity).inserted {
            try connection.execute("""
                DROP TABLE IF EXISTS \(Self.table(entity));
                CREATE TEMP TABLE sync_\(entity.rawValue) (\(cols.map { "\($0) TEXT" }.joined(separator: ", ")),
                    PRIMARY KEY (\(cols.joined(separator: ", ")))) WITHOUT ROWID
                """)
        }
        insert = try connection.prepare("INSERT OR IGNORE INTO \(Self.table(entity)) VALUES (\(cols.map { _ in "?" }.joined(separator: ", ")))")
    }

    func write(_ rows: [ImportRow]) throws {
        try writer.write(rows)
        guard let insert, let entity else { return }
        let indices = entity.keyColumnIndices
        for row in rows {
            for (n, i) in indices.enumerated() { ImportStreamWriter.bind(insert, Int32(n + 1), row.values[i]) }
            try insert.run()
        }
    }

    func finishFile() throws {
        try writer.finishFile()
        insert = nil
    }

    func drop() {
        var sql = ImportEntity.allCases.map { "DROP TABLE IF EXISTS \(Self.table($0));" }.joined()
        sql += "DROP TABLE IF EXISTS temp.sync_gone_accounts; DROP TABLE IF EXISTS temp.sync_gone_kpis;"
        try? connection.execute(sql)
    }

    /// Removes the rows of every snapshot entity the import gave that its files lack, and
    /// everything that belongs to a removed account (every entity, histories too) or KPI
    /// (its milestones and measurements). Adds what it removed to `counts`, with each
    /// entity's row count before the import.
    func removeAbsent(_ counts: inout [ImportEntity: Repository.ImportCounts]) throws {
        func absent(_ e: ImportEntity) -> String {
            let t = e.rawValue
            return "NOT EXISTS (SELECT 1 FROM \(Self.table(e)) s WHERE " + e.keyColumns.map { "s.\($0) = \(t).\($0)" }.joined(separator: " AND ") + ")"
        }
        let accountsGone = given.contains(.accounts)
        if accountsGone {
            try connection.execute("CREATE TEMP TABLE sync_gone_accounts AS SELECT id FROM accounts WHERE \(absent(.accounts))")
        }
        let kpisGone = given.contains(.kpis) || accountsGone
        if kpisGone {
            var gone: [String] = []
            if given.contains(.kpis) { gone.append(absent(.kpis)) }
            if accountsGone { gone.append("account_id IN (SELECT id FROM temp.sync_gone_accounts)") }
            try connection.execute("CREATE TEMP TABLE sync_gone_kpis AS SELECT account_id, id FROM kpis WHERE \(gone.joined(separator: " OR "))")
        }
        for e in ImportEntity.allCases {
            var conditions: [String] = []
            if e == .accounts {
                if accountsGone { conditions.append("id IN (SELECT id FROM temp.sync_gone_accounts)") }
            } else {
                if given.contains(e) { conditions.append(absent(e)) }
                if accountsGone { conditions.append("account_id IN (SELECT id FROM temp.sync_gone_accounts)") }
                if kpisGone, e == .milestones || e == .measurements {
                    conditions.append("(account_id, kpi_id) IN (SELECT account_id, id FROM temp.sync_gone_kpis)")
                }
            }
            guard !conditions.isEmpty else { continue }
            let table = e.rawValue, condition = conditions.joined(separator: " OR ")
            var c = counts[e] ?? Repository.ImportCounts()
            c.removed = Int(try connection.scalarInt("SELECT count(*) FROM \(table) WHERE \(condition)") ?? 0)
            c.before = Int(try connection.scalarInt("SELECT count(*) FROM \(table)") ?? 0) - c.inserted
            if c.removed > 0 {
                let keys = e.keyColumns.joined(separator: ", ")
                let first = try connection.prepare("SELECT \(e.keyColumns.map { "\($0)" }.joined(separator: " || '/' || ")) FROM \(table) WHERE \(condition) ORDER BY \(keys) LIMIT \(ImportKeys.limit)")
                while try first.step() { c.keys.removed.append(first.text(0) ?? "") }
                try connection.execute("DELETE FROM \(table) WHERE \(condition)")
            }
            if counts[e] != nil || c.removed > 0 { counts[e] = c }
        }
    }
}

/// What a sync validates references against: when it imports accounts, an account that its
/// files lack is about to be removed, so a row of another file that refers to it is a problem
/// (as is, when it imports KPIs, a reference to a KPI that they lack).
struct SyncedKeys: ExistingKeys {
    var stored: any ExistingKeys
    var accounts: Bool
    var kpis: Bool

    func hasAccount(_ id: String) -> Bool { accounts ? false : stored.hasAccount(id) }
    func hasKPI(account: String, kpi: String) -> Bool { kpis ? false : stored.hasKPI(account: account, kpi: kpi) }
    var syncsAccounts: Bool { accounts }
}
