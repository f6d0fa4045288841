import Foundation

/// Replaces a file's contents so that a reader, or a crash, sees either the old text or the new,
/// never half of each: write a temporary file beside it, then rename it over the original.
enum AtomicFile {
    struct Failure: Error {
        var code: Int32
        var phrase: String {
            let system = String(cString: strerror(code)).lowercased()
            // Said the way the repository says it, so a cron mail names the cause in two words.
            return code == ENOSPC || code == EDQUOT ? "disk full (\(system))" : system
        }
    }

    static func replace(_ path: String, with bytes: [UInt8]) throws(Failure) {
        // Write through a symbolic link to the file it names, rather than replacing the link.
        guard let resolved = realpath(path, nil) else { throw Failure(code: errno) }
        let target = String(cString: resolved)
        free(resolved)
        var st = stat()
        guard stat(target, &st) == 0 else { throw Failure(code: errno) }

        // Keep the original's permissions and, when allowed, its owner.
        try write(bytes, to: target, mode: 0o600) { fd in
            _ = fchown(fd, st.st_uid, st.st_gid)
            return fchmod(fd, st.st_mode & 0o7777) == 0 ? 0 : errno
        }
    }

    /// Writes `bytes` to a new temporary file beside `target`, syncs it and renames it over
    /// `target`; on any failure the temporary file is removed and `target` is untouched.
    /// - Parameters:
    ///   - mode: the new file's permissions (less the umask).
    ///   - prepare: run on the written file before it is synced; returns 0 or an errno.
    static func write(_ bytes: [UInt8], to target: String, mode: mode_t,
                      prepare: (Int32) -> Int32 = { _ in 0 }) throws(Failure) {
        let directory = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        let temp = (directory as NSString).appendingPathComponent(".\(name).\(getpid()).\(UInt32.random(in: .min ... .max)).tmp")
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw Failure(code: errno) }
        var ok = false
        defer { if !ok { unlink(temp) } }

        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                let e = errno
                close(fd)
                throw Failure(code: e)
            }
            written += n
        }
        let prepared = prepare(fd)
        guard prepared == 0, fsync(fd) == 0 else {
            let e = prepared != 0 ? prepared : errno
            close(fd)
            throw Failure(code: e)
        }
        guard close(fd) == 0 else { throw Failure(code: errno) }
        guard rename(temp, target) == 0 else { throw Failure(code: errno) }
        ok = true
    }
}
