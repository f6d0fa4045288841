import Foundation
import Testing
import PlaybookLanguage
import CentralRepository
import Import

/// `import --sync` (each file is the whole list of its entity) and `--dry-run` (docs/import.md,
/// "Sync imports and dry runs").
@Suite struct ImportSyncTests {
    /// Five accounts; every entity has five rows of `acme`, or five dated rows for histories.
    static let accounts = "id,name,phase\nacme,Acme,6\nbeta,Beta,3\ngamma,Gamma,2\ndelta,Delta,1\nomega,Omega,1\n"
    static let base: [(String, String)] = [
        ("accounts.csv", accounts),
        ("kpis.csv", "account_id,id,name\n" + (1...5).map { "acme,k\($0),K\($0)\n" }.joined()),
    ]

    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        /// Header, then rows; the sync file lacks the last row.
        var header: String
        var rows: [String]
        var removedKey: String
        var testDescription: String { file }
    }

    static let snapshots: [Case] = [
        Case(file: "accounts.csv", header: "id,name,phase", rows: accounts.split(separator: "\n").dropFirst().map(String.init), removedKey: "omega"),
        Case(file: "stakeholders.csv", header: "account_id,id,name", rows: (1...5).map { "acme,s\($0),S\($0)" }, removedKey: "acme/s5"),
        Case(file: "research_items.csv", header: "account_id,area,item,state", rows: (1...5).map { "acme,business,I\($0),missing" }, removedKey: "acme/business/I5"),
        Case(file: "raci.csv", header: "account_id,activity,Sam", rows: (1...5).map { "acme,A\($0),R" }, removedKey: "acme/A5/Sam"),
        Case(file: "proposals.csv", header: "account_id,status", rows: ["acme,draft", "beta,draft", "gamma,draft", "delta,draft", "omega,sent"], removedKey: "omega"),
        Case(file: "documents.csv", header: "account_id,kind,title", rows: (1...5).map { "acme,report,D\($0)" }, removedKey: "acme/report/D5"),
        Case(file: "kpis.csv", header: "account_id,id,name", rows: (1...5).map { "acme,k\($0),K\($0)" }, removedKey: "acme/k5"),
        Case(file: "milestones.csv", header: "account_id,kpi_id,name,date,target", rows: (1...5).map { "acme,k1,M\($0),2026-12-01,1" }, removedKey: "acme/k1/M5"),
        Case(file: "impacted_groups.csv", header: "account_id,name", rows: (1...5).map { "acme,G\($0)" }, removedKey: "acme/G5"),
    ]

    static let histories: [Case] = [
        Case(file: "health.csv", header: "account_id,date,score", rows: (1...5).map { "acme,2026-10-0\($0),50" }, removedKey: ""),
        Case(file: "measurements.csv", header: "account_id,kpi_id,date,value", rows: (1...5).map { "acme,k1,2026-10-0\($0),1" }, removedKey: ""),
        Case(file: "meetings.csv", header: "account_id,kind,date", rows: (1...5).map { "acme,governance,2026-10-0\($0)" }, removedKey: ""),
        Case(file: "stakeholder_plan.csv", header: "account_id,month,name", rows: (1...5).map { "acme,2026-0\($0),Sam" }, removedKey: ""),
    ]

    static func csv(_ c: Case, _ rows: some Sequence<String>) -> String { c.header + "\n" + rows.map { $0 + "\n" }.joined() }

    /// Writes the files into a fresh directory of `dir` and imports them.
    @discardableResult
    static func importFiles(_ repo: Repository, _ dir: RepositoryDir, _ files: [(String, String)], mode: ImportMode = ImportMode(),
                            stamp: ImportStamp? = nil, source: SourceMapping? = nil) throws -> ImportOutcome {
        let sub = dir.url.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: sub.appendingPathComponent(name)) }
        return try repo.importFiles([sub.path], wait: 5, chunkSize: 2, stamp: stamp, source: source, mode: mode)
    }

    static func counts(_ outcome: ImportOutcome) throws -> [ImportEntity: Repository.ImportCounts] {
        guard case .imported(let c) = outcome else { throw CocoaError(.fileReadCorruptFile, userInfo: ["outcome": "\(outcome)"]) }
        return c
    }

    static var sync: ImportMode { var m = ImportMode(); m.sync = true; return m }

    /// A repository holding the base and the case's whole file, with that entity's table dumped.
    static func seeded(_ c: Case) throws -> (RepositoryDir, Repository, ImportEntity, [String]) {
        let dir = try RepositoryDir()
        let repo = try dir.open()
        try importFiles(repo, dir, base + [(c.file, csv(c, c.rows))])
        let entity = ImportEntity.parse(path: c.file).entity!
        return (dir, repo, entity, try RepoTest.dump(repo.connection, table: entity.rawValue))
    }

    /// The CRM deletion: a row deleted in the CRM, absent from the next export, stayed in the
    /// repository forever. A sync removes it (1 of 5 rows is within the 20% limit), and only it.
    @Test(arguments: snapshots)
    func syncRemovesARowTheFileLacks(c: Case) throws {
        let (dir, repo, entity, before) = try Self.seeded(c)
        let table = entity.rawValue
        // A plain import of the narrower file keeps the row: the behaviour a sync changes.
        try Self.importFiles(repo, dir, [(c.file, Self.csv(c, c.rows.dropLast()))])
        #expect(try RepoTest.dump(repo.connection, table: table) == before)
        let counts = try Self.counts(try Self.importFiles(repo, dir, [(c.file, Self.csv(c, c.rows.dropLast()))], mode: Self.sync))
        #expect(counts[entity]?.removed == 1)
        #expect(counts[entity]?.keys.removed == [c.removedKey])
        #expect(try RepoTest.dump(repo.connection, table: table).count == before.count - 1)
    }

    /// Histories are never removed for being absent: an export of recent rows keeps the rest.
    @Test(arguments: histories)
    func syncKeepsHistory(c: Case) throws {
        let (dir, repo, entity, before) = try Self.seeded(c)
        let counts = try Self.counts(try Self.importFiles(repo, dir, [(c.file, Self.csv(c, c.rows.suffix(1)))], mode: Self.sync))
        #expect(counts[entity]?.removed == 0)
        #expect(try RepoTest.dump(repo.connection, table: entity.rawValue) == before)
    }

    /// A churned account leaves with everything that is its own, histories included; a removed
    /// KPI with its milestones and measurements. Other accounts' rows stay.
    @Test func removedAccountsAndKPIsTakeTheirRows() throws {
        let dir = try RepositoryDir()
        let repo = try dir.open()
        let children: [(String, String)] = [
            ("stakeholders.csv", "account_id,id,name\nacme,s1,Sam\nomega,s1,Oz\n"),
            ("health.csv", "account_id,date,score\nacme,2026-10-01,50\nomega,2026-10-01,40\n"),
            ("milestones.csv", "account_id,kpi_id,name,date,target\nacme,k1,M,2026-12-01,1\nacme,k5,M,2026-12-01,1\n"),
            ("measurements.csv", "account_id,kpi_id,date,value\nacme,k1,2026-10-01,1\nacme,k5,2026-10-01,1\n"),
        ]
        try Self.importFiles(repo, dir, Self.base + children)
        var mode = Self.sync
        mode.allowMassRemoval = true // 1 of 2 health rows
        let kpis = "account_id,id,name\n" + (1...4).map { "acme,k\($0),K\($0)\n" }.joined()
        let counts = try Self.counts(try Self.importFiles(repo, dir, [("accounts.csv", Self.accounts.replacingOccurrences(of: "omega,Omega,1\n", with: "")),
                                                                      ("kpis.csv", kpis)], mode: mode))
        #expect(counts[.accounts]?.keys.removed == ["omega"])
        #expect(counts[.stakeholders]?.keys.removed == ["omega/s1"])
        #expect(counts[.health]?.keys.removed == ["omega/2026-10-01"])
        #expect(counts[.kpis]?.keys.removed == ["acme/k5"])
        #expect(counts[.milestones]?.keys.removed == ["acme/k5/M"])
        #expect(counts[.measurements]?.keys.removed == ["acme/k5/2026-10-01"])
        #expect(try RepoTest.scalar(repo, "SELECT count(*) FROM stakeholders WHERE account_id = 'acme'") == 1)
        #expect(try RepoTest.scalar(repo, "SELECT count(*) FROM measurements") == 1)
        // Only the entities the files gave count as imported (for the freshness guard).
        let stamped = try Self.counts(try Self.importFiles(repo, dir, [("accounts.csv", Self.accounts.replacingOccurrences(of: "omega,Omega,1\n", with: ""))],
                                                           mode: Self.sync, stamp: ImportStamp(on: RepoTest.day("2026-11-02"), at: "t")))
        #expect(stamped[.accounts]?.removed == 0)
        #expect(try repo.importRecords().keys.sorted() == ["accounts"])
    }

    /// Another file of a sync that imports accounts may not refer to an account they lack: it
    /// is about to be removed; nor when a source mapping names the accounts file. The message
    /// names that file, and an account is reported once per file, not once per row.
    @Test(arguments: [false, true]) func aSyncRefusesRowsOfAccountsItRemoves(mapped: Bool) throws {
        let dir = try RepositoryDir()
        let repo = try dir.open()
        try Self.importFiles(repo, dir, Self.base)
        let accounts = mapped ? "Account Export.csv" : "accounts.csv"
        let source = mapped ? try SourceMappingTests.mapping(#"source "crm" { file "Account Export.csv" as accounts }"#) : nil
        let outcome = try Self.importFiles(repo, dir, [(accounts, "id,name,phase\nacme,Acme,6\n"),
                                                       ("stakeholders.csv", "account_id,id,name\nbeta,s1,Sam\nbeta,s2,Sue\ngamma,s1,Gil\n"),
                                                       ("health.csv", "account_id,date,score\nbeta,2026-10-01,50\nbeta,2026-10-08,52\n")],
                                           mode: Self.sync, source: source)
        guard case .rejected(let p) = outcome else { Issue.record("not rejected: \(outcome)"); return }
        let reason = { (a: String) in "account \"\(a)\" is not in \(accounts), which --sync takes as the whole list of accounts; remove its rows from this file too (its later rows here are not listed)" }
        #expect(p.problems.map { "\(($0.file as NSString).lastPathComponent):\($0.line): \($0.reason)" } == [
            "health.csv:2: " + reason("beta"), "stakeholders.csv:2: " + reason("beta"), "stakeholders.csv:4: " + reason("gamma"),
        ])
        #expect(try RepoTest.scalar(repo, "SELECT count(*) FROM accounts") == 5, "nothing written")
    }

    /// More than 20% of an entity's rows stops the sync, and nothing is written; allowed, it goes through.
    @Test(arguments: [1, 2, 5])
    func massRemovalStopsTheSync(removing n: Int) throws {
        let dir = try RepositoryDir()
        let repo = try dir.open()
        try Self.importFiles(repo, dir, Self.base)
        let kept = Self.accounts.split(separator: "\n").dropLast(n).map { $0 + "\n" }.joined()
        let dump = try RepoTest.dumpAll(repo)
        let outcome = try Self.importFiles(repo, dir, [("accounts.csv", kept + "zeta,Zeta,1\n")], mode: Self.sync)
        guard n > 1 else {
            #expect(try Self.counts(outcome)[.accounts]?.removed == 1)
            return
        }
        guard case .stopped(let m) = outcome else { Issue.record("not stopped: \(outcome)"); return }
        // Removing every account takes the KPIs of `acme` with it.
        #expect(m.entities == (n == 5 ? [.accounts, .kpis] : [.accounts]))
        #expect(m.counts[.accounts]?.before == 5)
        #expect(m.lines.first?.hasPrefix("accounts: it would remove \(n) of 5 rows") == true, "\(m.lines)")
        #expect(try RepoTest.dumpAll(repo) == dump)
        var allowed = Self.sync
        allowed.allowMassRemoval = true
        #expect(try Self.counts(try Self.importFiles(repo, dir, [("accounts.csv", kept)], mode: allowed))[.accounts]?.removed == n)
    }

    /// A sync of the same files again writes nothing: same dump, and another connection sees no commit.
    @Test func syncOfTheSameFilesWritesNothing() throws {
        let dir = try RepositoryDir()
        let repo = try dir.open()
        let files = Self.base + Self.snapshots.dropFirst().filter { $0.file != "kpis.csv" }.map { ($0.file, Self.csv($0, $0.rows)) }
            + Self.histories.map { ($0.file, Self.csv($0, $0.rows)) }
        let stamp = ImportStamp(on: RepoTest.day("2026-11-02"), at: "2026-11-02T01:00:00Z")
        try Self.importFiles(repo, dir, files, mode: Self.sync, stamp: stamp)
        let dump = try RepoTest.dumpAll(repo)
        let other = try Connection(path: dir.path, create: false)
        let version = try other.scalarInt("PRAGMA data_version")
        let counts = try Self.counts(try Self.importFiles(repo, dir, files, mode: Self.sync, stamp: stamp))
        #expect(counts.values.allSatisfy { $0.inserted + $0.updated + $0.removed == 0 })
        #expect(try RepoTest.dumpAll(repo) == dump)
        #expect(try other.scalarInt("PRAGMA data_version") == version)
    }

    /// A dry run reports what would change, with the first keys, and leaves the file byte for byte.
    @Test(arguments: [false, true])
    func dryRunWritesNothing(sync: Bool) throws {
        let dir = try RepositoryDir()
        let repo = try dir.open()
        try Self.importFiles(repo, dir, Self.base)
        try repo.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let bytes = RepoTest.bytes(dir.path)
        var mode = ImportMode()
        mode.dryRun = true
        mode.sync = sync
        let accounts = "id,name,phase\nacme,Acme,7\nbeta,Beta,3\ngamma,Gamma,2\n" + (1...7).map { "new\($0),New,1\n" }.joined()
        let counts = try Self.counts(try Self.importFiles(repo, dir, [("accounts.csv", accounts)], mode: mode))
        let c = try #require(counts[.accounts])
        #expect((c.inserted, c.updated, c.unchanged, c.removed) == (7, 1, 2, sync ? 2 : 0))
        #expect(c.keys.added == ["new1", "new2", "new3", "new4", "new5"])
        #expect(c.keys.updated == ["acme"])
        #expect(c.keys.unchanged == ["beta", "gamma"])
        #expect(c.keys.removed == (sync ? ["delta", "omega"] : []))
        try repo.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        #expect(RepoTest.bytes(dir.path) == bytes)
        #expect(try RepoTest.scalar(repo, "SELECT count(*) FROM accounts") == 5)
    }
}
