import Import
import PlaybookEngine
import PlaybookLanguage

/// What `playbook status` shows: what the repository holds, how fresh it is, and where the
/// tasks stand — the first thing to look at when a night went wrong.
package struct RepositoryStatus: Sendable {
    package struct Entity: Sendable {
        package var name: String
        package var rows: Int
        package var lastImport: ImportRecord?
    }

    package struct LastRun: Sendable {
        package var id: Int64
        package var asOf: String
        package var startedAt: String
        package var counts: RunCounts
    }

    package var entities: [Entity]
    package var lastRun: LastRun?
    package var runs: Int
    /// Every status, zero included, in the lifecycle's order.
    package var tasks: [(status: TaskStatus, count: Int)]
}

extension Repository {
    package func status() throws -> RepositoryStatus {
        try read {
            let imports = try importRecords()
            let entities = try ImportEntity.allCases.map { e in
                RepositoryStatus.Entity(name: e.rawValue, rows: Int(try connection.scalarInt("SELECT count(*) FROM \(e.rawValue)") ?? 0),
                                        lastImport: imports[e.rawValue])
            }
            let last = try runs(limit: 1).first.map { RepositoryStatus.LastRun(id: $0.id, asOf: $0.asOf, startedAt: $0.startedAt, counts: $0.counts) }
            var byStatus: [String: Int] = [:]
            let s = try connection.prepare("SELECT status, count(*) FROM tasks GROUP BY status")
            while try s.step() { byStatus[s.text(0) ?? ""] = s.int(1) }
            return RepositoryStatus(entities: entities, lastRun: last, runs: Int(try connection.scalarInt("SELECT count(*) FROM runs") ?? 0),
                                    tasks: TaskStatus.allCases.map { ($0, byStatus[$0.rawValue] ?? 0) })
        }
    }
}
