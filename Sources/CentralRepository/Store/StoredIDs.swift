import Import

/// The ids an import defines, in temporary tables of the import's connection: SQLite keeps
/// them on disk behind its small page cache, so memory does not grow with the account count.
/// Each is one indexed statement; the run asks once per account run, not once per row.
final class StoredIDs: ImportedIDs {
    private let connection: Connection
    private let defineAccount: Statement, defineAccountKey: Statement, accountPlace: Statement
    private let enterAccount: Statement, accountRun: Statement, markAccount: Statement
    private let defineKPI: Statement, hasKPI: Statement
    /// The first failed statement, rethrown by the import: a failure must not pass for an answer.
    private(set) var failure: (any Error)?

    init(_ connection: Connection) throws {
        self.connection = connection
        // A cache of 8 MB holds the ids of some 100,000 accounts before SQLite writes pages to
        // its temporary file: bounded, and small imports never touch the disk.
        try connection.execute("""
            PRAGMA temp.cache_size = -8192;
            CREATE TEMP TABLE IF NOT EXISTS import_accounts (id TEXT PRIMARY KEY, place INTEGER, run INTEGER) WITHOUT ROWID;
            CREATE TEMP TABLE IF NOT EXISTS import_kpis (account TEXT, id TEXT, PRIMARY KEY (account, id)) WITHOUT ROWID;
            DELETE FROM import_accounts; DELETE FROM import_kpis;
            """)
        defineAccount = try connection.prepare("INSERT OR IGNORE INTO import_accounts (id) VALUES (?)")
        // An account defined by a row whose key was not read (it had other problems) takes the
        // place of the first row whose key is, so that row is not a duplicate.
        defineAccountKey = try connection.prepare("""
            INSERT INTO import_accounts (id, place) VALUES (?1, ?2)
            ON CONFLICT (id) DO UPDATE SET place = ?2 WHERE place IS NULL
            """)
        accountPlace = try connection.prepare("SELECT place FROM import_accounts WHERE id = ?")
        // Changes a row only when the account's rows begin in this entity, the usual case; a
        // plain update, as RETURNING costs a temporary table per statement.
        enterAccount = try connection.prepare("UPDATE import_accounts SET run = ?2 WHERE id = ?1 AND run IS NOT ?2")
        accountRun = try connection.prepare("SELECT 1 FROM import_accounts WHERE id = ?")
        markAccount = try connection.prepare("""
            INSERT INTO import_accounts (id, run) VALUES (?1, ?2) ON CONFLICT (id) DO UPDATE SET run = ?2
            """)
        defineKPI = try connection.prepare("INSERT OR IGNORE INTO import_kpis (account, id) VALUES (?, ?)")
        hasKPI = try connection.prepare("SELECT 1 FROM import_kpis WHERE account = ? AND id = ?")
    }

    /// Drops the tables, so a long-lived connection does not keep them.
    func drop() {
        try? connection.execute("DROP TABLE IF EXISTS temp.import_accounts; DROP TABLE IF EXISTS temp.import_kpis")
    }

    private func run(_ s: Statement) -> Bool {
        do { return try s.step() } catch {
            if failure == nil { failure = error }
            return false
        }
    }

    func defineAccount(_ id: String, place: UInt64?) -> UInt64? {
        guard let place else {
            defineAccount.reset()
            defineAccount.bind(1, id)
            _ = run(defineAccount)
            return nil
        }
        defineAccountKey.reset()
        defineAccountKey.bind(1, id)
        defineAccountKey.bind(2, Int64(bitPattern: place))
        _ = run(defineAccountKey)
        guard connection.changes == 0 else { return nil }
        accountPlace.reset()
        accountPlace.bind(1, id)
        defer { accountPlace.reset() }
        guard run(accountPlace) else { return nil }
        return UInt64(bitPattern: accountPlace.int64(0))
    }

    func enterAccount(_ id: String, entity: Int) -> (known: Bool, begunBefore: Bool) {
        enterAccount.reset()
        enterAccount.bind(1, id)
        enterAccount.bind(2, entity)
        _ = run(enterAccount)
        if connection.changes > 0 { return (true, false) }
        // Not an account of the import, or its rows began before.
        accountRun.reset()
        accountRun.bind(1, id)
        // Reset after reading, so that no statement is left running when the import commits.
        defer { accountRun.reset() }
        let known = run(accountRun)
        return (known, known)
    }

    func markAccount(_ id: String, entity: Int) {
        markAccount.reset()
        markAccount.bind(1, id)
        markAccount.bind(2, entity)
        _ = run(markAccount)
    }

    func defineKPI(account: String, kpi: String) {
        defineKPI.reset()
        defineKPI.bind(1, account)
        defineKPI.bind(2, kpi)
        _ = run(defineKPI)
    }

    func accountIDs() -> [String] {
        // A failure here only costs a suggestion.
        guard let s = try? connection.prepare("SELECT id FROM import_accounts") else { return [] }
        var ids: [String] = []
        while (try? s.step()) == true { ids.append(s.text(0) ?? "") }
        return ids
    }

    func definesKPI(account: String, kpi: String) -> Bool {
        hasKPI.reset()
        hasKPI.bind(1, account)
        hasKPI.bind(2, kpi)
        return run(hasKPI)
    }
}
