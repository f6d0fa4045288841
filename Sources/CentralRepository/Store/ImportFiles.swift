import Foundation

/// Finds the files of an import: files as given, directories for their `*.csv` and `*.json`
/// files (not recursive, in name order).
package enum ImportFiles {
    package static func list(paths: [String]) -> (files: [String], problems: [ImportProblem]) {
        var files: [String] = []
        var problems: [ImportProblem] = []
        let fm = FileManager.default
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                problems.append(ImportProblem(file: path, line: 1, column: 1, reason: "no such file or directory"))
                continue
            }
            guard isDir.boolValue else { files.append(path); continue }
            let names = ((try? fm.contentsOfDirectory(atPath: path)) ?? []).filter {
                !$0.hasPrefix(".") && ($0.lowercased().hasSuffix(".csv") || $0.lowercased().hasSuffix(".json"))
            }.sorted()
            if names.isEmpty {
                problems.append(ImportProblem(file: path, line: 1, column: 1, reason: "directory holds no .csv or .json files"))
            }
            files += names.map { (path as NSString).appendingPathComponent($0) }
        }
        return (files, problems)
    }

    static func read(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }
}

package enum ImportOutcome: Sendable {
    case imported([ImportEntity: Repository.ImportCounts])
    case rejected(ImportProblems)
}

extension Repository {
    private struct Rejected: Error { let problems: [ImportProblem] }

    /// Imports files one at a time inside one transaction: each file is validated and written
    /// before the next is read, so memory holds one file, not the whole export; if any file
    /// has a problem the transaction is rolled back and nothing at all is written. Parents are
    /// imported before children (accounts first, KPIs before their measurements).
    package func importFiles(_ paths: [String], wait: Double) throws -> ImportOutcome {
        let (listed, listProblems) = ImportFiles.list(paths: paths)
        let order = Dictionary(uniqueKeysWithValues: ImportEntity.allCases.enumerated().map { ($1, $0) })
        let files = listed.enumerated().sorted { a, b in
            let ea = ImportEntity.parse(path: a.element).entity.flatMap { order[$0] } ?? Int.max
            let eb = ImportEntity.parse(path: b.element).entity.flatMap { order[$0] } ?? Int.max
            return ea != eb ? ea < eb : a.offset < b.offset
        }.map(\.element)
        do {
            let counts = try write(wait: wait) { () throws -> [ImportEntity: ImportCounts] in
                var keys = try existingKeys()
                var problems = listProblems
                var counts: [ImportEntity: ImportCounts] = [:]
                for path in files {
                    guard let bytes = ImportFiles.read(path) else {
                        problems.append(ImportProblem(file: path, line: 1, column: 1, reason: "cannot read the file (check its permissions)"))
                        continue
                    }
                    switch ImportValidator.validate(files: [(path, bytes)], existing: keys) {
                    case .failure(let p):
                        problems += p.problems
                    case .success(let v):
                        keys.add(v)
                        // After the first problem, later files are still checked, not written.
                        if problems.isEmpty {
                            for (entity, c) in try writeRows(v) { counts[entity, default: ImportCounts()].add(c) }
                        }
                    }
                }
                if !problems.isEmpty { throw Rejected(problems: problems) }
                return counts
            }
            return .imported(counts)
        } catch let r as Rejected {
            return .rejected(ImportProblems(problems: r.problems.sorted()))
        }
    }
}

extension Repository.ImportCounts {
    mutating func add(_ o: Repository.ImportCounts) {
        inserted += o.inserted; updated += o.updated; unchanged += o.unchanged
    }
}
