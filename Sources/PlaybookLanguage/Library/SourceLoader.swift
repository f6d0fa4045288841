import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns the paths given on a command line into playbook sources. Every problem becomes a
/// diagnostic, never a crash or a hang, so that one bad path does not hide the others.
///
/// A path that could not be read is still added to the `SourceSet`, as an empty file under the
/// path as written: its diagnostic then has a file to name, and the renderer prints it as
/// `path: error: …` (an empty range in an empty file has no line worth showing).
public enum SourceLoader {
    public static func load(paths: [String]) -> (sources: SourceSet, diagnostics: DiagnosticBag) {
        var loader = Loading()
        for path in paths { loader.expand(path) }
        if loader.sources.files.isEmpty, !loader.diagnostics.hasErrors {
            // Only reachable with no paths at all: every path that yields nothing reports why.
            loader.diagnostics.add(.noPlaybookFiles, at: .none)
        }
        return (loader.sources, loader.diagnostics)
    }

    static let fileExtension = ".playbook"
}

/// The state of one `load` call.
private struct Loading {
    var sources = SourceSet()
    var diagnostics = DiagnosticBag()
    /// Files already loaded, by identity rather than spelling, so `a.playbook`, `./a.playbook`
    /// and a directory holding it load the file once.
    var seenFiles: Set<FileIdentity> = []

    mutating func expand(_ path: String) {
        switch FileInfo.stat(path) {
        case .failure(let error):
            fail(path, .cannotRead(error.phrase))
        case .success(let info) where info.kind == .directory:
            var files: [String] = []
            var visited: Set<FileIdentity> = [info.identity]
            walk(directory: path, into: &files, visited: &visited)
            if files.isEmpty {
                fail(path, .isDirectoryWithoutPlaybooks)
                return
            }
            // Byte order, not String order: the same on every platform and locale.
            files.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for file in files { read(file) }
        case .success:
            // A file named explicitly is read whatever its extension; `read` refuses FIFOs and
            // devices itself, on the opened descriptor, so nothing can swap the file in between.
            read(path)
        }
    }

    /// Collects `*.playbook` paths below `directory`, skipping hidden entries. Symbolic links
    /// are followed; `visited` stops a link that points back up the tree from looping forever.
    mutating func walk(directory: String, into files: inout [String], visited: inout Set<FileIdentity>) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            fail(directory, .cannotRead(FileInfo.canList(directory) ? "directory cannot be listed" : "permission denied"))
            return
        }
        for name in names where !name.hasPrefix(".") {
            let child = Self.join(directory, name)
            switch FileInfo.stat(child) {
            case .success(let info) where info.kind == .directory:
                if visited.insert(info.identity).inserted {
                    walk(directory: child, into: &files, visited: &visited)
                }
            case .success, .failure:
                // A dangling link or a FIFO named `x.playbook` is still reported by `read`.
                if name.hasSuffix(SourceLoader.fileExtension) { files.append(child) }
            }
        }
    }

    mutating func read(_ path: String) {
        switch FileInfo.readRegularFile(path) {
        case .failure(let error):
            fail(path, .cannotRead(error.phrase))
        case .success(let (identity, bytes)):
            guard seenFiles.insert(identity).inserted else { return }
            sources.add(SourceFile(path: path, bytes: bytes))
        }
    }

    mutating func fail(_ path: String, _ message: DiagnosticMessage) {
        let id = sources.add(SourceFile(path: path, bytes: []))
        diagnostics.add(message, at: SourceRange(file: id, start: 0, end: 0))
    }

    /// `Playbooks/` + `a.playbook` is `Playbooks/a.playbook`, not `Playbooks//a.playbook`.
    static func join(_ directory: String, _ name: String) -> String {
        var base = Substring(directory)
        while base.count > 1, base.hasSuffix("/") { base = base.dropLast() }
        return base == "/" ? "/" + name : base + "/" + name
    }
}

struct FileIdentity: Hashable {
    var device: UInt64
    var inode: UInt64
}

/// The few POSIX calls the loader needs. Foundation's file APIs do not say whether a path is a
/// FIFO without opening it, and opening a FIFO for reading blocks until a writer appears.
enum FileInfo {
    enum Kind { case regular, directory, other }

    struct Info {
        var kind: Kind
        var identity: FileIdentity
    }

    struct Failure: Error {
        var code: Int32
        var phrase: String {
            switch code {
            case ENOENT: "no such file or directory"
            case EACCES, EPERM: "permission denied"
            case ENOTDIR: "a part of the path is not a directory"
            case EISDIR: "it is a directory"
            case ELOOP: "too many symbolic links"
            case -1: "not a regular file"
            default:
                // strerror is capitalised ("Input/output error"); messages here are lowercase.
                String(cString: strerror(code)).lowercasedFirst
            }
        }
        static let notRegular = Failure(code: -1)
    }

    static func stat(_ path: String) -> Result<Info, Failure> {
        var st = stat_t()
        guard statFollowingLinks(path, &st) == 0 else { return .failure(Failure(code: errno)) }
        return .success(info(st))
    }

    static func canList(_ path: String) -> Bool { access(path, R_OK | X_OK) == 0 }

    /// Opens without blocking (a FIFO would wait for a writer), then checks on the descriptor
    /// that it is a regular file before reading a byte.
    static func readRegularFile(_ path: String) -> Result<(FileIdentity, [UInt8]), Failure> {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return .failure(Failure(code: errno)) }
        defer { close(fd) }
        var st = stat_t()
        guard fstat(fd, &st) == 0 else { return .failure(Failure(code: errno)) }
        let found = info(st)
        switch found.kind {
        case .regular: break
        case .directory: return .failure(Failure(code: EISDIR))
        case .other: return .failure(.notRegular)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(max(0, Int(st.st_size)))
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .failure(Failure(code: errno))
            }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return .success((found.identity, bytes))
    }

    private static func info(_ st: stat_t) -> Info {
        let type = st.st_mode & S_IFMT
        let kind: Kind = type == S_IFREG ? .regular : type == S_IFDIR ? .directory : .other
        return Info(kind: kind, identity: FileIdentity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino)))
    }
}

// `stat` is both a type and a function in the C headers; the alias keeps the two apart.
#if canImport(Darwin)
fileprivate typealias stat_t = Darwin.stat
#elseif canImport(Glibc)
fileprivate typealias stat_t = Glibc.stat
#elseif canImport(Musl)
fileprivate typealias stat_t = Musl.stat
#endif

fileprivate func statFollowingLinks(_ path: String, _ st: inout stat_t) -> Int32 { stat(path, &st) }

private extension String {
    var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
}
