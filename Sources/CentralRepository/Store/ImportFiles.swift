import Foundation
import Import

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
}

package enum ImportOutcome: Sendable {
    /// Written, or for a dry run what would have been.
    case imported([ImportEntity: Repository.ImportCounts])
    case rejected(ImportProblems)
    /// A sync would remove too many rows of some entity: nothing was written.
    case stopped(MassRemoval)
}

extension Repository {
    private struct Rejected: Error { let problems: ImportProblems }
    /// Carries a dry run's report out of the transaction it rolls back.
    private struct RolledBack: Error { let counts: [ImportEntity: ImportCounts] }

    /// Imports files inside one transaction, each read, checked and written a chunk of rows at
    /// a time, so memory holds a chunk, not a file; if any row has a problem, every file is
    /// still checked (nothing more is written) and the transaction is rolled back: nothing at
    /// all is written. Parents are read before children (accounts first, KPIs before their
    /// measurements). A sync then removes what the files lack (`ImportSync.swift`); a dry run
    /// rolls everything back and returns what it would have done.
    /// - Parameter chunkSize: rows written at a time (tests make it small).
    /// - Parameter stamp: when the import happens, recorded per entity for the freshness guard.
    /// - Parameter columns: the columns accepted besides the built-in ones (docs/import.md,
    ///   "What import accepts"): the playbooks' declared fields, and unknown ones only if allowed.
    /// - Parameter source: the column mapping to apply (`import --source`).
    package func importFiles(_ paths: [String], wait: Double, columns: ImportColumns = ImportColumns(), chunkSize: Int? = nil,
                             stamp: ImportStamp? = nil, source: SourceMapping? = nil,
                             mode: ImportMode = ImportMode()) throws -> ImportOutcome {
        var (files, listProblems) = ImportFiles.list(paths: paths)
        if let source { listProblems += source.missingFiles(paths: paths, found: files) }
        let entities = Set(files.compactMap { SourceMapping.entity(of: $0, mapping: source) })
        do {
            let counts = try write(wait: wait) { () throws -> [ImportEntity: ImportCounts] in
                let writer = ImportStreamWriter(connection)
                if mode.dryRun { writer.sampler = KeySampler(connection) }
                let sync = mode.sync ? SyncKeys(connection, writer: writer) : nil
                defer { sync?.drop() }
                let ids = try StoredIDs(connection)
                defer { ids.drop() }
                var existing: any ExistingKeys = try StoredKeys(connection)
                if mode.sync { existing = SyncedKeys(stored: existing, accounts: entities.contains(.accounts), kpis: entities.contains(.kpis)) }
                let found = try ImportValidator.stream(files: files.map { ($0, .file) }, existing: existing, columns: columns,
                                                       ids: ids, target: sync ?? writer, chunkSize: chunkSize, mapping: source)
                if let failure = ids.failure { throw failure }
                if found != nil || !listProblems.isEmpty {
                    throw Rejected(problems: ImportProblems(problems: (listProblems + (found?.problems ?? [])).sorted(),
                                                            omitted: found?.omitted ?? 0))
                }
                var counts = writer.counts
                for (e, k) in writer.sampler?.keys ?? [:] { counts[e]?.keys = k }
                try sync?.removeAbsent(&counts)
                if mode.dryRun { throw RolledBack(counts: counts) }
                if !mode.allowMassRemoval, let stop = MassRemoval.check(counts, share: mode.massRemovalShare) { throw stop }
                // Only the entities the files gave were imported, not those a removal reached.
                if let stamp { try record(stamp, writer.counts) }
                return counts
            }
            return .imported(counts)
        } catch let r as Rejected {
            return .rejected(r.problems)
        } catch let r as RolledBack {
            return .imported(r.counts)
        } catch let m as MassRemoval {
            return .stopped(m)
        } catch let e as SQLiteError {
            throw Repository.map(e, path: path, wait: wait)
        }
    }
}

extension Repository.ImportCounts {
    mutating func add(_ o: Repository.ImportCounts) {
        inserted += o.inserted; updated += o.updated; unchanged += o.unchanged
    }
}
