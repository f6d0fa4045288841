import Foundation
import Testing
import PlaybookEngine
import PlaybookLanguage
import CentralRepository

/// Opening repositories of every age and kind: older ones are migrated with their data,
/// newer and foreign ones are refused and left as they were.
@Suite struct MigrationTests {
    /// A database at schema version 1 only, made by hand the way Playbook 1 left it.
    static func makeVersion1(at path: String) throws {
        let c = try Connection(path: path, create: true)
        try c.execute("PRAGMA journal_mode = WAL")
        try c.transaction {
            try c.execute(Migrations.all[0].sql)
            try c.execute("PRAGMA user_version = 1")
        }
        try c.execute("""
            INSERT INTO accounts (id, name, csm, segment, phase, phase_entered, custom) VALUES
                ('acme', 'Acme Corp', 'Ana Ruiz', 'enterprise', 6, '2026-09-01', '{"crm_tier":"gold"}'),
                ('beta', 'Beta Ltd', 'Ben Ng', 'smb', 3, NULL, NULL);
            INSERT INTO health (account_id, date, score, light) VALUES ('acme', '2026-11-01', 40, 'red');
            """)
    }

    static func userVersion(_ path: String) throws -> Int64 {
        let c = try Connection(path: path, create: false, readOnly: true)
        return try #require(try c.scalarInt("PRAGMA user_version"))
    }

    @Test func migrationsAreNumberedInOrderFromOne() {
        #expect(Migrations.all.map(\.version) == Array(1...Migrations.all.count))
        #expect(Migrations.latest == Migrations.all.count)
        #expect(Set(Migrations.all.map(\.name)).count == Migrations.all.count)
    }

    @Test func versionOneRepositoryIsMigratedWithItsDataKept() throws {
        let dir = try RepositoryDir()
        defer { withExtendedLifetime(dir) {} }
        try Self.makeVersion1(at: dir.path)
        let before: [String: [String]]
        var columns: [String: [String]] = [:]
        do {
            let c = try Connection(path: dir.path, create: false)
            before = try RepoTest.dumpAll(c)
            for t in try RepoTest.tableNames(c) { columns[t] = try RepoTest.columnNames(c, table: t) }
            #expect(try RepoTest.tableNames(c).contains("tasks") == false)
        }

        let repo = try Repository(path: dir.path, create: false, waitSeconds: 1)
        #expect(try repo.schemaVersion() == Migrations.latest)
        let tables = try RepoTest.tableNames(repo.connection)
        for t in ["runs", "tasks", "task_events", "pending"] { #expect(tables.contains(t), "\(t) after migration") }
        // Every table that was there holds exactly what it held, in the columns it had (later
        // versions add columns).
        for (table, rows) in before where !table.hasPrefix("#") {
            #expect(try RepoTest.dump(repo.connection, table: table, columns: columns[table]) == rows, "\(table) changed by the migration")
        }
        #expect(try RepoTest.dump(repo.connection, table: "accounts").count == 2)

        // And the migrated repository works: the old account's data is evaluated and tasks are written.
        let plan = try RepoTest.plan("""
            playbook "cs" {
              title "CS"
              field account.crm_tier: text
              rule "low" {
                when account.health.score < 60 and account.crm_tier == "gold"
                task { title "Recover {account.name}" }
              }
            }

            """)
        let r = try RepoTest.run(plan, repo, asOf: "2026-11-02", threads: 2)
        #expect(r.counts.accounts == 2)
        #expect(r.counts.created == 1)
        #expect(try RepoTest.tasks(repo).map(\.owner) == ["Ana Ruiz"])

        // Opening it again migrates nothing more.
        let again = try Repository(path: dir.path, create: false, waitSeconds: 1)
        #expect(try again.schemaVersion() == Migrations.latest)
    }

    @Test func newRepositoryIsCreatedAtTheLatestVersion() throws {
        let dir = try RepositoryDir()
        defer { withExtendedLifetime(dir) {} }
        let repo = try Repository(path: dir.path, create: true, waitSeconds: 1)
        #expect(try repo.schemaVersion() == Migrations.latest)
        #expect(try repo.connection.scalarText("PRAGMA journal_mode") == "wal")
        #expect(try RepoTest.tableNames(repo.connection).contains("tasks"))
    }

    /// Each migration is its own transaction: one that fails half-way leaves the repository at the
    /// version before it, with none of its tables, and the data intact.
    @Test func failedMigrationLeavesThePreviousVersionIntact() throws {
        let dir = try RepositoryDir()
        defer { withExtendedLifetime(dir) {} }
        try Self.makeVersion1(at: dir.path)
        do {
            // Version 2 creates runs and tasks before task_events: make the third one collide.
            let c = try Connection(path: dir.path, create: false)
            try c.execute("CREATE TABLE task_events (x)")
        }
        #expect(throws: RepositoryError.self) { _ = try Repository(path: dir.path, create: false, waitSeconds: 1) }
        let c = try Connection(path: dir.path, create: false)
        #expect(try c.scalarInt("PRAGMA user_version") == 1)
        let tables = try RepoTest.tableNames(c)
        #expect(!tables.contains("runs"), "the half-applied migration was rolled back")
        #expect(!tables.contains("tasks"))
        #expect(try RepoTest.dump(c, table: "accounts").count == 2)
    }

    @Test func newerSchemaIsRefusedAndLeftUntouched() throws {
        let dir = try RepositoryDir()
        defer { withExtendedLifetime(dir) {} }
        do {
            // Made the way a newer Playbook might: its own tables, any journal mode.
            let c = try Connection(path: dir.path, create: true)
            try c.execute(Migrations.all[0].sql)
            try c.execute("CREATE TABLE from_the_future (x); INSERT INTO accounts (id, name, phase) VALUES ('acme', 'Acme', 1)")
            try c.execute("PRAGMA user_version = 999")
        }
        let bytes = try #require(RepoTest.bytes(dir.path))
        do {
            _ = try Repository(path: dir.path, create: false, waitSeconds: 1)
            Issue.record("a repository at schema version 999 was opened")
        } catch RepositoryError.newerSchema(let path, let found, let supported) {
            #expect(path == dir.path)
            #expect(found == 999)
            #expect(supported == Migrations.latest)
            let message = "\(RepositoryError.newerSchema(path: path, found: found, supported: supported))"
            #expect(message.contains("newer Playbook") && message.contains("upgrade"))
        }
        // `create: true` (what `import` uses) must refuse it just the same.
        #expect(throws: RepositoryError.self) { _ = try Repository(path: dir.path, create: true, waitSeconds: 1) }
        #expect(try Self.userVersion(dir.path) == 999)
        let c = try Connection(path: dir.path, create: false, readOnly: true)
        #expect(try !RepoTest.tableNames(c).contains("tasks"), "no migration was applied")
        #expect(RepoTest.bytes(dir.path) == bytes, "the file of a newer Playbook is left byte for byte as it was")
        #expect(try c.scalarText("PRAGMA journal_mode") == "delete", "not even switched to WAL")
    }

    @Test(arguments: [
        ("random bytes", Data((0..<8192).map { _ in UInt8.random(in: 0...255) })),
        ("a short text file", Data("id,name\nacme,Acme\n".utf8)),
        ("a zip header", Data([0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 600))),
    ])
    func fileThatIsNotADatabaseGivesAClearError(kind: String, content: Data) throws {
        let dir = try RepositoryDir()
        defer { withExtendedLifetime(dir) {} }
        try content.write(to: URL(fileURLWithPath: dir.path))
        for create in [false, true] {
            do {
                _ = try Repository(path: dir.path, create: create, waitSeconds: 1)
                Issue.record("\(kind) opened as a repository (create: \(create))")
            } catch let e as RepositoryError {
                guard case .notARepository(let p, _) = e else { Issue.record("\(kind): expected notARepository, got \(e)"); continue }
                #expect(p == dir.path)
                #expect("\(e)".contains("not a Playbook repository"))
            }
        }
        #expect(RepoTest.bytes(dir.path) == content, "the file is left as it was")
    }

    /// An SQLite file of some other program has user_version 0 like a brand-new one, but it is
    /// not empty: opening it as a repository must not write Playbook's tables into it.
    @Test func otherProgramsDatabaseIsNotTakenOver() throws {
        let dir = try RepositoryDir()
        defer { withExtendedLifetime(dir) {} }
        do {
            let c = try Connection(path: dir.path, create: true)
            try c.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('x')")
        }
        let bytes = try #require(RepoTest.bytes(dir.path))
        do {
            _ = try Repository(path: dir.path, create: false, waitSeconds: 1)
            Issue.record("another program's database was opened (and migrated) as a Playbook repository")
        } catch let e as RepositoryError {
            guard case .notARepository = e else { Issue.record("expected notARepository, got \(e)"); return }
        }
        let c = try Connection(path: dir.path, create: false, readOnly: true)
        #expect(try RepoTest.tableNames(c) == ["customers"])
        #expect(RepoTest.bytes(dir.path) == bytes)
    }

    @Test func missingPathWithoutCreateIsNotFound() throws {
        let dir = try RepositoryDir()
        defer { withExtendedLifetime(dir) {} }
        do {
            _ = try Repository(path: dir.path, create: false, waitSeconds: 1)
            Issue.record("a missing repository was opened")
        } catch let e as RepositoryError {
            guard case .notFound(let p) = e else { Issue.record("expected notFound, got \(e)"); return }
            #expect(p == dir.path)
            #expect("\(e)".contains("playbook import"))
        }
        #expect(!FileManager.default.fileExists(atPath: dir.path), "nothing was created")
        // In a directory that does not exist either.
        #expect(throws: RepositoryError.self) { _ = try Repository(path: dir.file("no/such/dir/r.sqlite"), create: false, waitSeconds: 1) }
    }

    @Test func repositoryPathComesFromFlagThenEnvironmentThenDefault() {
        #expect(Repository.resolvePath(flag: "a.sqlite", environment: ["PLAYBOOK_REPOSITORY": "b.sqlite"]) == "a.sqlite")
        #expect(Repository.resolvePath(flag: nil, environment: ["PLAYBOOK_REPOSITORY": "b.sqlite"]) == "b.sqlite")
        #expect(Repository.resolvePath(flag: nil, environment: [:]) == Repository.defaultPath)
    }
}

/// Migration 5: tasks over research items keep their identity when the key becomes area/item.
@Suite struct ResearchItemKeyMigrationTests {
    @Test func researchItemTasksAreRekeyedWhereTheNameIsUnambiguous() throws {
        let dir = try RepositoryDir()
        defer { withExtendedLifetime(dir) {} }
        do {
            let c = try Connection(path: dir.path, create: true)
            try c.transaction {
                for m in Migrations.all.prefix(4) { try c.execute(m.sql) }
                try c.execute("PRAGMA user_version = 4")
            }
            try c.execute("""
                INSERT INTO accounts (id, name, phase) VALUES ('acme', 'Acme', 1);
                INSERT INTO research_items (account_id, area, item, state) VALUES
                    ('acme', 'business', 'Budget', 'missing'), ('acme', 'initiative', 'Goals', 'missing'),
                    ('acme', 'initiative', 'Budget', 'missing'), ('acme', 'business', 'Sam', 'missing');
                INSERT INTO stakeholders (account_id, id, name) VALUES ('acme', 'Sam', 'Sam Stone');
                INSERT INTO runs (id, as_of, started_at, playbooks_digest, accounts, created, kept, resolved, reassigned, woken)
                    VALUES (1, '2026-11-02', 'x', 'd', 1, 3, 0, 0, 0, 0);
                INSERT INTO tasks (id, rule, account_id, item_key, status, title, owner, priority, explanation, rule_source, created_on, created_run, snoozed_until)
                    VALUES (1, 'prep/gap', 'acme', 'Goals', 'snoozed', 't', 'ana', 'normal', 'e', 'f:1', '2026-11-02', 1, '2026-12-01'),
                           (2, 'prep/gap', 'acme', 'Budget', 'open', 't', 'ana', 'normal', 'e', 'f:1', '2026-11-02', 1, NULL),
                           (3, 'prep/spl', 'acme', 'Sam', 'open', 't', 'ana', 'normal', 'e', 'f:1', '2026-11-02', 1, NULL);
                INSERT INTO pending (rule, account_id, item_key, since) VALUES ('prep/gap', 'acme', 'Goals', '2026-11-01');
                """)
        }
        let repo = try Repository(path: dir.path, create: false, waitSeconds: 1)
        let keys = try RepoTest.tasks(repo).map { "\($0.id) \($0.item) \($0.status)" }
        // Unambiguous: re-keyed, snooze kept. Two areas share "Budget"; "Sam" is also a stakeholder id: left alone.
        #expect(keys == ["1 initiative/Goals snoozed", "2 Budget open", "3 Sam open"])
        #expect(try RepoTest.dump(repo.connection, table: "pending") == ["'prep/gap'|'acme'|'initiative/Goals'|'2026-11-01'"])
    }
}
