import Foundation
import Testing
import PlaybookLanguage
@testable import CentralRepository
import Import

/// docs/import.md, "Entity by entity": the table says, for every entity, what an empty cell, an
/// omitted column, an omitted row, a sync and a mapping do. These tests read that table and
/// import every entity through each case, so the page and the import cannot drift apart.
@Suite struct EntityContractTests {
    /// One row of the docs table.
    struct Documented: Sendable, CustomTestStringConvertible {
        var entity: ImportEntity
        /// The columns the table says an empty cell of is an error.
        var required: Set<String>
        var syncRemoves: Bool
        var testDescription: String { entity.rawValue }
    }

    static let table: [Documented] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let docs = (try? String(contentsOf: root.appendingPathComponent("docs/import.md"), encoding: .utf8)) ?? ""
        let section = docs.components(separatedBy: "\n## Entity by entity").dropFirst().first?.components(separatedBy: "\n## ").first ?? ""
        return section.split(separator: "\n").compactMap { line -> Documented? in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 7, let entity = ImportEntity(rawValue: cells[1]) else { return nil }
            let errorPart = cells[2].components(separatedBy: ": error").first ?? ""
            let required: Set<String> = errorPart == "every built-in column"
                ? Set(entity.columns.map(\.name))
                : Set(errorPart.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) })
            return Documented(entity: entity, required: required, syncRemoves: cells[4].hasPrefix("removed"))
        }
    }()

    @Test func everyEntityHasARow() {
        #expect(Self.table.map(\.entity) == ImportEntity.allCases)
    }

    /// The grid's `stakeholder` and `code` are its headers and cells, not columns a file names.
    static func gridColumn(_ e: ImportEntity, _ name: String) -> Bool { e == .raci && (name == "stakeholder" || name == "code") }

    @Test(arguments: table) func requiredColumnsAreTheDocumentedOnes(_ d: Documented) {
        #expect(d.required == Set(d.entity.columns.filter { $0.required && !Self.gridColumn(d.entity, $0.name) }.map(\.name)))
    }

    // MARK: rows of any entity

    /// Two accounts, each with KPI k1: parents for every child entity.
    static let parents: [(String, String)] = [
        ("accounts.csv", "id,name,phase\nacme1,Acme,3\nacme2,Acme Two,3\n"),
        ("kpis.csv", "account_id,id,name\nacme1,k1,Adoption\nacme2,k1,Adoption\n"),
    ]

    /// A valid cell for row `n` (1 or 2) of column `c`; key cells differ between rows.
    static func cell(_ c: ColumnSpec, _ e: ImportEntity, row n: Int) -> String {
        switch (c.name, c.kind) {
        case ("account_id", _): "acme\(n)"
        case ("kpi_id", _): "k1"
        case ("id", _) where e == .accounts: "acme\(n)"
        case (_, .text): "\(c.name)\(n)"
        case (_, .number(let r)): "\(Int(r?.lowerBound ?? 0) + n)"
        case (_, .integer(let r)): "\(Int(r?.lowerBound ?? 0) + n)"
        case (_, .date): "2026-10-0\(n)"
        case (_, .month): "2026-0\(n)"
        case (_, .bool): n == 1 ? "yes" : "no"
        case (_, .choice(let values)): values[min(n, values.count) - 1]
        }
    }

    /// The file of `entity` with the given rows, all columns or only `columns`; an empty cell in
    /// `emptied`.
    static func csv(_ e: ImportEntity, rows: [Int], without omitted: String? = nil, emptied: String? = nil) -> (String, String) {
        if e == .raci {
            // The grid: two named columns, then one stakeholder column whose cells are the codes.
            let named: [String] = ["account_id", "activity"].filter { $0 != omitted }
            let body = rows.map { n in
                named.map { $0 == emptied ? "" : $0 == "account_id" ? "acme\(n)" : "Activity \(n)" }.joined(separator: ",")
                    + (emptied == "code" ? ",\n" : ",R\n")
            }.joined()
            return ("raci.csv", named.joined(separator: ",") + ",Sam\n" + body)
        }
        let columns = e.columns.filter { $0.name != omitted }
        let body = rows.map { n in columns.map { $0.name == emptied ? "" : cell($0, e, row: n) }.joined(separator: ",") + "\n" }.joined()
        return ("\(e.rawValue).csv", columns.map(\.name).joined(separator: ",") + "\n" + body)
    }

    /// The first column an empty cell may clear: optional and not part of the key.
    static func optionalColumn(_ e: ImportEntity) -> String? {
        e.columns.first { !$0.required && !e.keyColumns.contains($0.name) }?.name
    }

    static func importing(_ d: Documented, _ files: [(String, String)], into dir: RepositoryDir, _ repo: Repository,
                          mode: ImportMode = ImportMode()) throws -> ImportOutcome {
        let own = d.entity == .accounts || d.entity == .kpis ? [] : parents
        let withKPIs = d.entity == .accounts ? [] : [parents[0]]
        // Accounts are always given, so a test of another entity's sync never removes them.
        let given = files.map(\.0)
        let fixture = (d.entity == .kpis ? withKPIs : own).filter { !given.contains($0.0) }
        return try ImportSyncTests.importFiles(repo, dir, fixture + files, mode: mode)
    }

    static func rows(_ repo: Repository, _ e: ImportEntity) throws -> Int64 {
        try RepoTest.scalar(repo, "SELECT count(*) FROM \(e.rawValue)")
    }

    /// A fresh repository holding rows 1 and 2 of the entity (and their parents).
    static func twoRows(_ d: Documented) throws -> (RepositoryDir, Repository) {
        let dir = try RepositoryDir()
        let repo = try dir.open()
        try #require(try ImportSyncTests.counts(importing(d, [csv(d.entity, rows: [1, 2])], into: dir, repo)) != [:])
        return (dir, repo)
    }

    static func expectRejected(_ outcome: ImportOutcome, naming column: String) {
        guard case .rejected(let p) = outcome else { Issue.record("accepted without \(column)"); return }
        #expect(p.problems.contains { $0.reason.contains(column) }, "\(column): \(p.problems.map(\.reason))")
    }

    // MARK: the four cases

    @Test(arguments: table) func emptyCells(_ d: Documented) throws {
        let (dir, repo) = try Self.twoRows(d)
        for column in d.required where !(d.entity == .raci && column == "code") {
            Self.expectRejected(try Self.importing(d, [Self.csv(d.entity, rows: [1], emptied: column)], into: dir, repo), naming: column)
        }
        if d.entity == .raci {
            // An empty grid cell is no role in this file: the stored one stays.
            _ = try ImportSyncTests.counts(Self.importing(d, [Self.csv(d.entity, rows: [1], emptied: "code")], into: dir, repo))
            #expect(try Self.rows(repo, .raci) == 2)
        } else if let column = Self.optionalColumn(d.entity) {
            _ = try ImportSyncTests.counts(Self.importing(d, [Self.csv(d.entity, rows: [1], emptied: column)], into: dir, repo))
            let nulls = try RepoTest.scalar(repo, "SELECT count(*) FROM \(d.entity.rawValue) WHERE \(column) IS NULL")
            #expect(nulls == 1, "an empty \(column) cell clears the stored value of that row only")
        }
    }

    @Test(arguments: table) func omittedColumns(_ d: Documented) throws {
        let (dir, repo) = try Self.twoRows(d)
        for column in d.required where !Self.gridColumn(d.entity, column) {
            Self.expectRejected(try Self.importing(d, [Self.csv(d.entity, rows: [1], without: column)], into: dir, repo), naming: column)
        }
        guard let column = Self.optionalColumn(d.entity) else { return }
        _ = try ImportSyncTests.counts(Self.importing(d, [Self.csv(d.entity, rows: [1, 2], without: column)], into: dir, repo))
        let kept = try RepoTest.scalar(repo, "SELECT count(*) FROM \(d.entity.rawValue) WHERE \(column) IS NOT NULL")
        #expect(kept == 2, "a file without \(column) keeps its stored values")
    }

    @Test(arguments: table) func omittedRowsPlainAndSynced(_ d: Documented) throws {
        let (dir, repo) = try Self.twoRows(d)
        let before = try Self.rows(repo, d.entity)
        _ = try ImportSyncTests.counts(Self.importing(d, [Self.csv(d.entity, rows: [1])], into: dir, repo))
        #expect(try Self.rows(repo, d.entity) == before, "a plain import keeps the omitted row")
        var mode = ImportMode()
        mode.sync = true
        mode.allowMassRemoval = true
        _ = try ImportSyncTests.counts(Self.importing(d, [Self.csv(d.entity, rows: [1])], into: dir, repo, mode: mode))
        #expect(try Self.rows(repo, d.entity) == (d.syncRemoves ? before - 1 : before), "docs: \(d.syncRemoves ? "removed" : "kept")")
    }

    /// A mapping that renames every column of the entity's file (and, for the grid, its two
    /// named columns) imports what the entity's own file imports.
    @Test(arguments: table) func mappingRenamesEveryColumn(_ d: Documented) throws {
        let (_, plain) = Self.csv(d.entity, rows: [1, 2])
        let named = d.entity == .raci ? ["account_id", "activity"] : d.entity.columns.map(\.name)
        var lines = plain.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[0] = lines[0].split(separator: ",").map { named.contains(String($0)) ? "Export \($0)" : String($0) }.joined(separator: ",")
        let declarations = named.map { "    column \"Export \($0)\" as \($0)\n" }.joined()
        let mapping = try SourceMappingTests.mapping("""
            source "crm" {
              file "Export.csv" as \(d.entity.rawValue) {
            \(declarations)  }
            }
            """)

        let plainDir = try RepositoryDir(), mappedDir = try RepositoryDir()
        let plainRepo = try plainDir.open(), mappedRepo = try mappedDir.open()
        _ = try ImportSyncTests.counts(Self.importing(d, [(Self.csv(d.entity, rows: [1, 2]))], into: plainDir, plainRepo))
        let sub = mappedDir.url.appendingPathComponent("export")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        let fixture = d.entity == .accounts ? [] : d.entity == .kpis ? [Self.parents[0]] : Self.parents
        for (name, text) in fixture + [("Export.csv", lines.joined(separator: "\n"))] {
            try Data(text.utf8).write(to: sub.appendingPathComponent(name))
        }
        _ = try ImportSyncTests.counts(try mappedRepo.importFiles([sub.path], wait: 5, source: mapping))
        #expect(try RepoTest.dump(mappedRepo.connection, table: d.entity.rawValue)
            == RepoTest.dump(plainRepo.connection, table: d.entity.rawValue))
    }
}
