import Foundation

/// What sits at a repository path before SQLite sees it. SQLite opens a missing path, a
/// zero-length file and a file truncated to nothing alike, as an empty database it would happily
/// fill with a schema; a wrong file in a crontab must be refused instead, and left as it was.
enum RepositoryFile {
    enum State: Equatable {
        case missing
        case directory
        case empty
        /// Shorter than SQLite's 100-byte header but starting like one: cut off.
        case truncated(bytes: Int)
        case notSQLite(bytes: Int)
        case sqlite
    }

    static let magic = Array("SQLite format 3\u{0}".utf8)

    static func inspect(_ path: String) -> State {
        var st = stat()
        guard stat(path, &st) == 0 else { return errno == ENOENT ? .missing : .sqlite }
        if (st.st_mode & S_IFMT) == S_IFDIR { return .directory }
        if st.st_size == 0 { return .empty }
        // Unreadable files are left to SQLite, whose message names the permission problem.
        guard let handle = FileHandle(forReadingAtPath: path) else { return .sqlite }
        defer { try? handle.close() }
        let head = Array((try? handle.read(upToCount: 100)) ?? Data())
        let size = Int(st.st_size)
        if head.count < 100, magic.starts(with: head.prefix(magic.count)) { return .truncated(bytes: size) }
        return head.starts(with: magic) ? .sqlite : .notSQLite(bytes: size)
    }

    /// Builds a new repository in a temporary file beside `path` and links it into place, so
    /// the path goes from missing to a complete repository in one step: no other process ever
    /// finds it empty, and a failed creation leaves nothing behind.
    /// - Parameter build: migrates the new file (its connection is closed before the link).
    /// - Returns: false when another process created the path first (that repository is used).
    static func create(_ path: String, build: (String) throws -> Void) throws -> Bool {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temp = ((directory.isEmpty ? "." : directory) as NSString)
            .appendingPathComponent(".\(name).\(getpid()).\(UInt32.random(in: .min ... .max)).new")
        defer { Repository.removeFiles(at: temp) }
        try build(temp)
        if link(temp, path) == 0 { return true }
        let e = errno
        if e == EEXIST { return false }
        // File systems without hard links: rename, which cannot tell whether someone won the race.
        guard [EPERM, ENOTSUP, EOPNOTSUPP, EXDEV, EMLINK].contains(e) else {
            throw SQLiteError.cannotOpen(path: path, message: String(cString: strerror(e)).lowercased())
        }
        if inspect(path) != .missing { return false }
        guard rename(temp, path) == 0 else {
            throw SQLiteError.cannotOpen(path: path, message: String(cString: strerror(errno)).lowercased())
        }
        return true
    }
}
