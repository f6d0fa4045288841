import Import
import PlaybookLanguage

/// When an import happened: the day it counts as (for data age) and the wall-clock time.
package struct ImportStamp: Sendable {
    package var on: CivilDate
    package var at: String
    package init(on: CivilDate, at: String) { self.on = on; self.at = at }
}

/// The last import of one entity.
package struct ImportRecord: Sendable, Equatable {
    package var on: CivilDate
    package var at: String
    /// Rows in the files of that import.
    package var rows: Int
}

/// When each entity was last imported, for the freshness guard and `playbook status`.
extension Repository {
    /// Records, inside the import's transaction, that these entities were imported. A file
    /// whose rows were all unchanged still counts: the data is as fresh as the export. The same
    /// files imported again on the same day write nothing (`imported_at` keeps the first time).
    func record(_ stamp: ImportStamp, _ counts: [ImportEntity: ImportCounts]) throws {
        let s = try connection.prepare("""
            INSERT INTO imports (entity, imported_on, imported_at, rows) VALUES (?, ?, ?, ?)
            ON CONFLICT (entity) DO UPDATE SET imported_on = excluded.imported_on, imported_at = excluded.imported_at, rows = excluded.rows
            WHERE (imports.imported_on, imports.rows) IS NOT (excluded.imported_on, excluded.rows)
            """)
        for (entity, c) in counts.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            s.bind(1, entity.rawValue); s.bind(2, stamp.on.description); s.bind(3, stamp.at); s.bind(4, c.inserted + c.updated + c.unchanged)
            try s.run()
        }
    }

    /// The last import of each entity that has one.
    package func importRecords() throws -> [String: ImportRecord] {
        let s = try connection.prepare("SELECT entity, imported_on, imported_at, rows FROM imports")
        var out: [String: ImportRecord] = [:]
        while try s.step() {
            guard let on = s.date(1) else { continue }
            out[s.text(0) ?? ""] = ImportRecord(on: on, at: s.text(2) ?? "", rows: Int(s.int64(3)))
        }
        return out
    }
}
