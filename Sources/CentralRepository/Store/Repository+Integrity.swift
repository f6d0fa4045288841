/// The check made before anything is written. SQLite finds damage only on the pages a statement
/// happens to read, and writes new pages wherever the free list says: a run or an import into a
/// damaged file can spread the damage or make duplicate tasks behind a broken index. So every
/// write transaction first checks the file, and a damaged one is refused before the first write.
extension Repository {
    package enum IntegrityScope: Sendable {
        /// `PRAGMA integrity_check`: every page, the free list, every index against its table
        /// (with UNIQUE indexes such as the task identity's), plus the schema. Runs and imports:
        /// about 2.8 s of CPU on the 1 GB repository of 100,000 accounts, as much as a second
        /// run, so a nightly run at 1,000,000 accounts spends about half a minute on it.
        case wholeFile
        /// One task's row and its task-identity index entry, plus the schema: a CSM's action
        /// must not take a minute at 1,000,000 accounts.
        case task(Int64)
    }

    /// Throws `RepositoryError.damaged` with SQLite's first finding.
    /// - Parameter schema: compare the schema with the one the migrations make (not before
    ///   migrating, when it is an older one).
    func verify(_ scope: IntegrityScope, schema: Bool = true) throws {
        if schema, let problem = try schemaProblem() { throw RepositoryError.damaged(path: path, finding: problem) }
        switch scope {
        case .wholeFile:
            let s = try connection.prepare("PRAGMA integrity_check(1)")
            guard try s.step(), let result = s.text(0) else { return }
            if result != "ok" { throw RepositoryError.damaged(path: path, finding: Self.firstFinding(result)) }
        case .task(let id):
            if let problem = try identityProblem(task: id) { throw RepositoryError.damaged(path: path, finding: problem) }
        }
    }

    /// The first line that names a problem (SQLite prefixes a report with the database's name).
    static func firstFinding(_ report: String) -> String {
        report.split(separator: "\n").map(String.init).first { !$0.hasPrefix("***") } ?? report
    }

    /// Tables, indexes and triggers as the migrations make them: a dropped or altered index
    /// (`tasks_one_active` keeps one open task per identity) passes every page check.
    static let expectedSchema: [String: String] = {
        guard let c = try? Connection(path: ":memory:") else { return [:] }
        for m in Migrations.all { try? c.execute(m.sql) }
        return (try? schemaObjects(c)) ?? [:]
    }()

    static func schemaObjects(_ c: Connection) throws -> [String: String] {
        let s = try c.prepare("SELECT type, name, coalesce(sql, '') FROM sqlite_master")
        var out: [String: String] = [:]
        while try s.step() { out["\(s.text(0) ?? "") \(s.text(1) ?? "")"] = s.text(2) ?? "" }
        return out
    }

    func schemaProblem() throws -> String? {
        let actual = try Self.schemaObjects(connection)
        for (object, sql) in Self.expectedSchema.sorted(by: { $0.key < $1.key }) {
            guard let found = actual[object] else { return "the \(object) is missing" }
            if found != sql { return "the \(object) is not as Playbook made it" }
        }
        return nil
    }

    /// The task's row read by its id, then looked up through `tasks_one_active`: an open or
    /// snoozed task must be found there, and be the only one with its identity.
    func identityProblem(task id: Int64) throws -> String? {
        let row = try connection.prepare("SELECT rule, account_id, item_key, status IN ('open', 'snoozed') FROM tasks NOT INDEXED WHERE id = ?")
        row.bind(1, id)
        guard try row.step() else { return nil }
        let active = row.int64(3) != 0
        let index = try connection.prepare("""
            SELECT id FROM tasks INDEXED BY tasks_one_active
            WHERE rule = ? AND account_id = ? AND item_key = ? AND status IN ('open', 'snoozed')
            """)
        index.bind(1, row.text(0)); index.bind(2, row.text(1)); index.bind(3, row.text(2))
        var ids: [Int64] = []
        while try index.step() { ids.append(index.int64(0)) }
        if ids.count > 1 { return "index tasks_one_active holds \(ids.count) open tasks for the identity of task #\(id)" }
        if active, ids != [id] { return "index tasks_one_active has no entry for task #\(id)" }
        if !active, ids.contains(id) { return "index tasks_one_active lists closed task #\(id) as open" }
        return nil
    }
}
