import Foundation

/// What the CLI may ask of the repository's files without knowing how the database lays them
/// out: SQLite keeps a write-ahead log and a shared-memory index beside the file, opens
/// `:memory:` as a database in memory, and throws its own error type.
extension Repository {
    /// The files a repository at `path` may occupy: the database and those SQLite keeps beside it.
    static func files(at path: String) -> [String] { ["", "-wal", "-shm", "-journal"].map { path + $0 } }

    /// Removes the repository at `path` and every file the database keeps beside it; what is
    /// not there is skipped. For a first import that was rejected: it leaves nothing behind.
    package static func removeFiles(at path: String) {
        for file in files(at: path) { unlink(file) }
    }

    /// An empty repository that no file holds: what a dry run compares with when there is no
    /// repository yet, so that it creates none.
    package static func inMemory() throws -> Repository { try Repository(path: ":memory:", create: true) }
}

/// An error of the database underneath the repository: the repository cannot be used as it is.
/// Callers match this, never the backend's own error type.
package protocol StorageError: Error, CustomStringConvertible {}

extension SQLiteError: StorageError {}
