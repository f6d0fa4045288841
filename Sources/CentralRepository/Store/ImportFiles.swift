import Foundation

/// Finds and reads the files of an import: files as given, directories for their `*.csv` and
/// `*.json` files (not recursive, in name order).
package enum ImportFiles {
    package static func read(paths: [String]) -> (files: [(path: String, bytes: [UInt8])], problems: [ImportProblem]) {
        var files: [(String, [UInt8])] = []
        var problems: [ImportProblem] = []
        let fm = FileManager.default
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                problems.append(ImportProblem(file: path, line: 1, column: 1, reason: "no such file or directory"))
                continue
            }
            var targets: [String] = [path]
            if isDir.boolValue {
                let names = ((try? fm.contentsOfDirectory(atPath: path)) ?? []).filter {
                    !$0.hasPrefix(".") && ($0.lowercased().hasSuffix(".csv") || $0.lowercased().hasSuffix(".json"))
                }.sorted()
                if names.isEmpty {
                    problems.append(ImportProblem(file: path, line: 1, column: 1, reason: "directory holds no .csv or .json files"))
                }
                targets = names.map { (path as NSString).appendingPathComponent($0) }
            }
            for t in targets {
                guard let data = fm.contents(atPath: t) else {
                    problems.append(ImportProblem(file: t, line: 1, column: 1, reason: "cannot read the file (check its permissions)"))
                    continue
                }
                files.append((t, [UInt8](data)))
            }
        }
        return (files, problems)
    }
}
