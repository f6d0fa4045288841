import Foundation
import PlaybookLanguage

/// Finding test files, and the playbooks each one tests.
enum TestPaths {
    static let fileExtension = ".test"

    /// Test files under the paths: a file as given (whatever its extension), a directory searched
    /// recursively for `*.test`, hidden entries skipped, in byte order. Paths that do not exist or
    /// hold no test files come back separately, with the message to report.
    static func find(_ paths: [String]) -> (files: [String], missing: [(path: String, message: TestMessage)]) {
        var files: [String] = []
        var missing: [(String, TestMessage)] = []
        let fm = FileManager.default
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                missing.append((path, .cannotRead("no such file or directory")))
                continue
            }
            guard isDir.boolValue else { files.append(normalize(path)); continue }
            var found: [String] = []
            walk(path, into: &found)
            if found.isEmpty { missing.append((path, .noTestFiles)) }
            files += found.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        }
        var seen: Set<String> = []
        return (files.filter { seen.insert($0).inserted }, missing)
    }

    private static func walk(_ directory: String, into found: inout [String]) {
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: directory)) ?? [] where !name.hasPrefix(".") {
            let child = join(directory, name)
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: child, isDirectory: &isDir) else { continue }
            if isDir.boolValue { walk(child, into: &found) } else if name.hasSuffix(fileExtension) { found.append(child) }
        }
    }

    /// The playbooks a test file tests: its `playbooks` paths, relative to its directory, or
    /// else the directory itself (docs/testing.md, "Which playbooks").
    static func playbooks(of file: TestFile) -> [String] {
        let dir = directory(of: file.path)
        return file.playbooks.isEmpty ? [dir] : file.playbooks.map { join(dir, $0.value) }
    }

    static func directory(of path: String) -> String {
        let parts = normalize(path).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count > 1 else { return "." }
        let dir = parts.dropLast().joined(separator: "/")
        return dir.isEmpty ? "/" : dir
    }

    /// `dir` + `rel`, with `.` and `..` worked out, so that the same playbook is the same path
    /// (and the same rule source) whichever test file names it.
    static func join(_ dir: String, _ rel: String) -> String {
        rel.hasPrefix("/") ? normalize(rel) : normalize(dir + "/" + rel)
    }

    static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var out: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part == "..", let last = out.last, last != ".." { out.removeLast() } else if part == "..", absolute { continue } else { out.append(part) }
        }
        let joined = out.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }
}
