import Foundation
import PlaybookLanguage

/// Problems opening or using the repository, each with what to do about it.
package enum RepositoryError: Error, Sendable, CustomStringConvertible {
    case newerSchema(path: String, found: Int, supported: Int)
    case locked(path: String, waitedSeconds: Double)
    case notFound(path: String)
    case database(path: String, SQLiteError)
    case notARepository(path: String, NotARepository)
    /// SQLite's first finding: a check before writing, or a read that met a broken page.
    case damaged(path: String, finding: String)
    case diskFull(path: String, detail: String)
    case unknownTask(Int64)
    case invalidTransition(Int64, from: String, action: String)
    case beforeCreation(Int64, created: CivilDate, on: CivilDate)

    /// What the file at the path is instead.
    package enum NotARepository: Sendable, Equatable {
        case empty, directory, notSQLite, otherProgram, noPlaybookData
        case truncated(bytes: Int)
    }

    package var description: String {
        switch self {
        case .newerSchema(let p, let found, let supported):
            "\(p): the repository was written by a newer Playbook (schema version \(found); this version understands up to \(supported)); upgrade playbook"
        case .locked(let p, let s):
            "\(p): another playbook run holds the repository; gave up after waiting \(String(format: "%.1f", s)) s (raise --wait or PLAYBOOK_WAIT)"
        case .notFound(let p):
            "no repository at \(p); create it with `playbook import` (or point --repository / PLAYBOOK_REPOSITORY at an existing one)"
        case .database(let p, let e): "\(p): \(e)"
        case .notARepository(let p, let what):
            "not a Playbook repository: " + Self.phrase(what, path: p)
        case .damaged(let p, let finding):
            "\(p): the repository is damaged (SQLite: \(finding)); nothing was written; restore it from a backup"
        case .diskFull(let p, let detail):
            "\(p): disk full (\(detail)); nothing was written; free some space and run the command again"
        case .unknownTask(let id): "no task #\(id); `playbook tasks` lists them"
        case .invalidTransition(let id, let from, let action): "task #\(id) is \(from) and cannot be \(action)"
        case .beforeCreation(let id, let created, let on):
            "task #\(id) was created on \(created); a change dated \(on) would come before it (give --as-of \(created) or later)"
        }
    }

    private static func phrase(_ what: NotARepository, path p: String) -> String {
        let fresh = "to start a new repository, remove it and run `playbook import`"
        return switch what {
        case .empty: "\(p) is empty; \(fresh)"
        case .directory: "\(p) is a directory; point --repository at the repository file"
        case .truncated(let n): "\(p) is too short to be a database (\(n) byte\(n == 1 ? "" : "s"), cut off inside the header); restore it from a backup, or \(fresh)"
        case .notSQLite: "\(p) is not an SQLite database; point --repository at the repository, or \(fresh)"
        case .otherProgram: "\(p) holds another program's tables; point --repository at the repository"
        case .noPlaybookData: "\(p) is an SQLite database with no Playbook data; \(fresh)"
        }
    }
}

/// The central repository on SQLite: entities, tasks, pending conditions, runs.
package final class Repository {
    package let connection: Connection
    package let path: String

    /// Where the repository lives when no flag or environment variable says.
    package static let defaultPath = "playbook.sqlite"

    /// `--repository` beats `PLAYBOOK_REPOSITORY` beats the default.
    package static func resolvePath(flag: String?, environment: [String: String]) -> String {
        flag ?? environment["PLAYBOOK_REPOSITORY"] ?? defaultPath
    }

    /// Opens the repository and brings its schema up to date. Only a missing path is created,
    /// and only with `create`; a file that is not a Playbook repository is refused untouched.
    /// - Parameter waitSeconds: how long to wait for another process's lock before giving up.
    package init(path: String, create: Bool, waitSeconds: Double = 30) throws {
        self.path = path
        let isFile = path != ":memory:" && !path.hasPrefix("file:")
        if isFile {
            switch RepositoryFile.inspect(path) {
            case .missing:
                guard create else { throw RepositoryError.notFound(path: path) }
                do {
                    _ = try RepositoryFile.create(path) { temp in _ = try Repository(new: temp, waitSeconds: waitSeconds) }
                } catch let e as SQLiteError {
                    throw Self.map(e, path: path, wait: waitSeconds)
                }
            case .directory: throw RepositoryError.notARepository(path: path, .directory)
            case .empty: throw RepositoryError.notARepository(path: path, .empty)
            case .truncated(let n): throw RepositoryError.notARepository(path: path, .truncated(bytes: n))
            case .notSQLite: throw RepositoryError.notARepository(path: path, .notSQLite)
            case .sqlite: break
            }
        }
        do {
            connection = try Connection(path: path, create: isFile ? false : create)
            try configure(wait: waitSeconds)
            // Look before changing anything: a repository from a newer Playbook, or another
            // program's database, is refused and left exactly as it was.
            let version = try schemaVersion()
            if version > Migrations.latest {
                throw RepositoryError.newerSchema(path: path, found: version, supported: Migrations.latest)
            }
            if version == 0, isFile {
                let tables = try connection.scalarInt("SELECT count(*) FROM sqlite_master") ?? 0
                throw RepositoryError.notARepository(path: path, tables > 0 ? .otherProgram : .noPlaybookData)
            }
            let journal = try connection.scalarText("PRAGMA journal_mode")
            if isFile, version < Migrations.latest || journal != "wal" {
                // Migrating writes: the file must be sound first.
                try verify(.wholeFile, schema: false)
            }
            if isFile { try setUpFile() }
        } catch let e as SQLiteError {
            throw Self.map(e, path: path, wait: waitSeconds)
        }
        try migrate(wait: waitSeconds)
    }

    /// A brand-new repository at `path`, which must not exist: only `RepositoryFile.create` uses it.
    private init(new path: String, waitSeconds: Double) throws {
        self.path = path
        connection = try Connection(path: path, create: true)
        try configure(wait: waitSeconds)
        try setUpFile()
        try migrate(wait: waitSeconds)
    }

    private func configure(wait: Double) throws {
        connection.busyTimeout(milliseconds: Int32(max(0, min(wait, 86_400)) * 1000))
        try connection.execute("PRAGMA foreign_keys = ON")
    }

    private func setUpFile() throws {
        _ = try connection.scalarText("PRAGMA journal_mode = WAL")
        try connection.execute("PRAGMA synchronous = NORMAL")
        // Runs and imports write hundreds of thousands of rows in one transaction; with
        // SQLite's default 2 MB cache, dirty pages spill to the log half way through.
        try connection.execute("PRAGMA cache_size = -65536")
    }

    static func map(_ e: SQLiteError, path: String, wait: Double) -> RepositoryError {
        switch e {
        case .busy: .locked(path: path, waitedSeconds: wait)
        case .corrupt(let m): .damaged(path: path, finding: m)
        case .notADatabase: .notARepository(path: path, .notSQLite)
        case .diskFull(let m): .diskFull(path: path, detail: m)
        default: .database(path: path, e)
        }
    }

    package func schemaVersion() throws -> Int { Int(try connection.scalarInt("PRAGMA user_version") ?? 0) }

    private func migrate(wait: Double) throws {
        do {
            let current = try schemaVersion()
            if current > Migrations.latest {
                throw RepositoryError.newerSchema(path: path, found: current, supported: Migrations.latest)
            }
            for m in Migrations.all where m.version > current {
                try connection.transaction {
                    // Re-read under the write lock: another process may have migrated meanwhile.
                    guard try schemaVersion() < m.version else { return }
                    try connection.execute(m.sql)
                    try connection.execute("PRAGMA user_version = \(m.version)")
                }
            }
        } catch let e as SQLiteError {
            throw Self.map(e, path: path, wait: wait)
        }
    }

    /// Runs `body` in one write transaction, mapping database errors to repository errors. The
    /// file is checked first, under the write lock: nothing is written into a damaged file.
    package func write<T>(wait: Double = 30, _ body: () throws -> T) throws -> T {
        try write(wait: wait, check: .wholeFile, body)
    }

    package func write<T>(wait: Double = 30, check: IntegrityScope, _ body: () throws -> T) throws -> T {
        do {
            return try connection.transaction(immediate: true) {
                try verify(check)
                return try body()
            }
        } catch let e as SQLiteError {
            throw Self.map(e, path: path, wait: wait)
        }
    }
}
