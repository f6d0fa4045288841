import Foundation
import PlaybookLanguage

/// Problems opening or using the repository, each with what to do about it.
package enum RepositoryError: Error, Sendable, CustomStringConvertible {
    case newerSchema(path: String, found: Int, supported: Int)
    case locked(path: String, waitedSeconds: Double)
    case notFound(path: String)
    case database(path: String, SQLiteError)
    case notARepository(path: String)
    case unknownTask(Int64)
    case invalidTransition(Int64, from: String, action: String)
    case beforeCreation(Int64, created: CivilDate, on: CivilDate)

    package var description: String {
        switch self {
        case .newerSchema(let p, let found, let supported):
            "\(p): the repository was written by a newer Playbook (schema version \(found); this version understands up to \(supported)); upgrade playbook"
        case .locked(let p, let s):
            "\(p): another playbook run holds the repository; gave up after waiting \(String(format: "%.1f", s)) s (raise --wait or PLAYBOOK_WAIT)"
        case .notFound(let p):
            "\(p): no repository here; run `playbook import` first, or point --repository / PLAYBOOK_REPOSITORY at one"
        case .database(let p, let e): "\(p): \(e)"
        case .notARepository(let p): "\(p): not a Playbook repository (the file holds another program's data or is not a database); point --repository at a new file"
        case .unknownTask(let id): "no task #\(id); `playbook tasks` lists them"
        case .invalidTransition(let id, let from, let action): "task #\(id) is \(from) and cannot be \(action)"
        case .beforeCreation(let id, let created, let on):
            "task #\(id) was created on \(created); a change dated \(on) would come before it (give --as-of \(created) or later)"
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

    /// Opens (and, with `create`, creates) the repository and brings its schema up to date.
    /// - Parameter waitSeconds: how long to wait for another process's lock before giving up.
    package init(path: String, create: Bool, waitSeconds: Double = 30) throws {
        self.path = path
        if path != ":memory:", !create, !FileManager.default.fileExists(atPath: path) {
            throw RepositoryError.notFound(path: path)
        }
        do {
            connection = try Connection(path: path, create: create)
            connection.busyTimeout(milliseconds: Int32(max(0, min(waitSeconds, 86_400)) * 1000))
            try connection.execute("PRAGMA foreign_keys = ON")
            // Look before changing anything: a repository from a newer Playbook, or another
            // program's database, is refused and left exactly as it was.
            let version = try schemaVersion()
            if version > Migrations.latest {
                throw RepositoryError.newerSchema(path: path, found: version, supported: Migrations.latest)
            }
            if version == 0, (try connection.scalarInt("SELECT count(*) FROM sqlite_master") ?? 0) > 0 {
                throw RepositoryError.notARepository(path: path)
            }
            if path != ":memory:" {
                _ = try connection.scalarText("PRAGMA journal_mode = WAL")
                try connection.execute("PRAGMA synchronous = NORMAL")
                // Runs and imports write hundreds of thousands of rows in one transaction; with
                // SQLite's default 2 MB cache, dirty pages spill to the log half way through.
                try connection.execute("PRAGMA cache_size = -65536")
            }
        } catch let e as SQLiteError {
            throw Self.map(e, path: path, wait: waitSeconds)
        }
        try migrate(wait: waitSeconds)
    }

    static func map(_ e: SQLiteError, path: String, wait: Double) -> RepositoryError {
        switch e {
        case .busy: .locked(path: path, waitedSeconds: wait)
        case .corrupt: .notARepository(path: path)
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

    /// Runs `body` in one write transaction, mapping database errors to repository errors.
    package func write<T>(wait: Double = 30, _ body: () throws -> T) throws -> T {
        do {
            return try connection.transaction(immediate: true, body)
        } catch let e as SQLiteError {
            throw Self.map(e, path: path, wait: wait)
        }
    }
}
