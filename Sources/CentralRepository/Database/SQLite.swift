import CSQLite

/// Every call into libsqlite3 lives in this file: typed errors, prepared statements finalized
/// when released, nothing else in the project touches the C API.
package enum SQLiteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database is locked by another process for longer than the busy timeout.
    case busy(String)
    case cannotOpen(path: String, message: String)
    case constraint(String)
    case corrupt(String)
    /// The file is not an SQLite database at all.
    case notADatabase(String)
    case readOnly(String)
    case diskFull(String)
    case other(code: Int32, message: String)

    static func from(_ code: Int32, _ db: OpaquePointer?) -> SQLiteError {
        let message = db.flatMap { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
        switch code & 0xFF {
        case SQLITE_BUSY, SQLITE_LOCKED: return .busy(message)
        case SQLITE_CONSTRAINT: return .constraint(message)
        case SQLITE_CORRUPT: return .corrupt(message)
        case SQLITE_NOTADB: return .notADatabase(message)
        case SQLITE_READONLY: return .readOnly(message)
        case SQLITE_FULL: return .diskFull(message)
        default: return .other(code: code, message: message)
        }
    }

    package var description: String {
        switch self {
        case .busy(let m): "the repository is locked by another process (\(m))"
        case .cannotOpen(let p, let m): "cannot open repository \(p): \(m)"
        case .constraint(let m): "constraint failed: \(m)"
        case .corrupt(let m): "the repository file is damaged (\(m))"
        case .notADatabase(let m): "the repository file is not a database (\(m))"
        case .readOnly(let m): "the repository is read-only (\(m))"
        case .diskFull(let m): "disk full (\(m))"
        case .other(let c, let m): "SQLite error \(c): \(m)"
        }
    }
}

package final class Connection {
    let handle: OpaquePointer
    package let path: String

    /// Opens (creating when `create`) a database file; `:memory:` for tests.
    package init(path: String, create: Bool = true, readOnly: Bool = false) throws {
        var db: OpaquePointer?
        // One connection per thread: SQLite need not lock around each call.
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        flags |= readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0))
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)
            throw SQLiteError.cannotOpen(path: path, message: message)
        }
        handle = db
        self.path = path
        sqlite3_extended_result_codes(db, 1)
    }

    deinit { sqlite3_close_v2(handle) }

    package func busyTimeout(milliseconds: Int32) { sqlite3_busy_timeout(handle, milliseconds) }

    package func execute(_ sql: String) throws {
        var err: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &err)
        if rc != SQLITE_OK {
            let message = err.map { String(cString: $0) } ?? ""
            sqlite3_free(err)
            var e = SQLiteError.from(rc, handle)
            if case .other(let c, _) = e { e = .other(code: c, message: message) }
            throw e
        }
    }

    package func prepare(_ sql: String) throws -> Statement { try Statement(self, sql) }

    package var changes: Int { Int(sqlite3_changes(handle)) }
    package var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    /// `IMMEDIATE` takes the write lock up front, so a second writer waits at the start instead
    /// of failing half-way through.
    package func transaction<T>(immediate: Bool = true, _ body: () throws -> T) throws -> T {
        try execute(immediate ? "BEGIN IMMEDIATE" : "BEGIN")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    package func scalarInt(_ sql: String) throws -> Int64? {
        let s = try prepare(sql)
        return try s.step() ? s.int64(0) : nil
    }

    package func scalarText(_ sql: String) throws -> String? {
        let s = try prepare(sql)
        return try s.step() ? s.text(0) : nil
    }
}

package final class Statement {
    let handle: OpaquePointer
    unowned let connection: Connection

    init(_ connection: Connection, _ sql: String) throws {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(connection.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw SQLiteError.from(rc, connection.handle) }
        handle = stmt
        self.connection = connection
    }

    deinit { sqlite3_finalize(handle) }

    package func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Binds by 1-based position.
    package func bind(_ i: Int32, _ v: Int64?) {
        if let v { sqlite3_bind_int64(handle, i, v) } else { sqlite3_bind_null(handle, i) }
    }
    package func bind(_ i: Int32, _ v: Int?) { bind(i, v.map(Int64.init)) }
    package func bind(_ i: Int32, _ v: Double?) {
        if let v { sqlite3_bind_double(handle, i, v) } else { sqlite3_bind_null(handle, i) }
    }
    package func bind(_ i: Int32, _ v: String?) {
        if let v { sqlite3_bind_text(handle, i, v, -1, csqlite_transient()) } else { sqlite3_bind_null(handle, i) }
    }
    package func bind(_ i: Int32, blob: [UInt8]?) {
        guard let blob else { sqlite3_bind_null(handle, i); return }
        blob.withUnsafeBytes { p in
            _ = sqlite3_bind_blob(handle, i, p.baseAddress, Int32(p.count), csqlite_transient())
        }
    }
    package func bind(_ i: Int32, _ v: Bool?) { bind(i, v.map { $0 ? Int64(1) : 0 }) }

    /// Advances; true while there is a row.
    @discardableResult
    package func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        throw SQLiteError.from(rc, connection.handle)
    }

    /// Runs an insert/update/delete to completion and resets for reuse.
    package func run() throws {
        defer { sqlite3_reset(handle) }
        _ = try step()
    }

    package func isNull(_ c: Int32) -> Bool { sqlite3_column_type(handle, c) == SQLITE_NULL }
    package func int64(_ c: Int32) -> Int64 { sqlite3_column_int64(handle, c) }
    package func int(_ c: Int32) -> Int { Int(sqlite3_column_int64(handle, c)) }
    package func double(_ c: Int32) -> Double { sqlite3_column_double(handle, c) }
    package func optionalInt(_ c: Int32) -> Int64? { isNull(c) ? nil : int64(c) }
    package func optionalDouble(_ c: Int32) -> Double? { isNull(c) ? nil : double(c) }

    package func text(_ c: Int32) -> String? {
        guard let p = sqlite3_column_text(handle, c) else { return nil }
        let n = Int(sqlite3_column_bytes(handle, c))
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }

    package func blob(_ c: Int32) -> [UInt8]? {
        let n = Int(sqlite3_column_bytes(handle, c))
        guard let p = sqlite3_column_blob(handle, c) else { return isNull(c) ? nil : [] }
        return Array(UnsafeRawBufferPointer(start: p, count: n))
    }

    /// Calls `body` with the blob's bytes in place, without copying.
    package func withBlob<T>(_ c: Int32, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        let n = Int(sqlite3_column_bytes(handle, c))
        let p = sqlite3_column_blob(handle, c)
        return try body(UnsafeRawBufferPointer(start: p, count: p == nil ? 0 : n))
    }
}

extension Statement {
    /// Calls `body` with a text column's UTF-8 bytes in place, without copying.
    package func withText<T>(_ c: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> T?) -> T? {
        guard let p = sqlite3_column_text(handle, c) else { return nil }
        let n = Int(sqlite3_column_bytes(handle, c))
        return body(UnsafeBufferPointer(start: p, count: n))
    }
}
