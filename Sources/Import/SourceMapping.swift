import Foundation
import PlaybookLanguage

/// A checked `source` declaration as the import applies it (docs/import.md, "Column
/// mappings"): a thin layer in front of the readers. A mapped file is read as its entity, its
/// mapped headers are read as the columns they fill, and the cells of a column with a map of
/// values are replaced by the cell they stand for before the row is checked, so every check,
/// message position and the streaming of rows stay those of a file in the import's own format.
package struct SourceMapping: Sendable {
    package let name: String
    /// By lowercased file name.
    private let files: [String: MappedFile]
    /// The file names as written, in declaration order.
    package let fileNames: [String]

    package init(_ source: CheckedSource) {
        name = source.name
        var files: [String: MappedFile] = [:]
        var names: [String] = []
        for f in source.files {
            // The checker refused unknown entities and duplicate names; what is left applies.
            guard let entity = ImportEntity(rawValue: f.entity), files[f.name.lowercased()] == nil else { continue }
            files[f.name.lowercased()] = MappedFile(f, entity: entity)
            names.append(f.name)
        }
        self.files = files
        fileNames = names
    }

    /// The mapping of the file at `path`, by its name without folders, case aside.
    func file(at path: String) -> MappedFile? {
        let base = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
        return key(of: base).flatMap { files[$0] }
    }

    /// The mapped name a file name stands for: itself, or, as for entity files
    /// (`2026-11.health.csv`), itself after a prefix ending in a dot (`2026-11.Companies.csv`).
    private func key(of name: String) -> String? {
        var rest = Substring(name.lowercased())
        while true {
            if files[String(rest)] != nil { return String(rest) }
            guard let dot = rest.firstIndex(of: "."), rest[rest.index(after: dot)...].contains(".") else { return nil }
            rest = rest[rest.index(after: dot)...]
        }
    }

    /// The entity a file is imported as: its mapped entity, else the one its name gives.
    package static func entity(of path: String, mapping: SourceMapping?) -> ImportEntity? {
        mapping?.file(at: path)?.entity ?? ImportEntity.parse(path: path).entity
    }

    /// Whether a file of this name (case aside) is mapped.
    package func maps(fileNamed name: String) -> Bool { key(of: name) != nil }
}

struct MappedFile: Sendable {
    let entity: ImportEntity
    /// Header key (`ImportSchema.headerKey`) → the column it fills.
    private let targets: [String: String]
    /// Header key → the map of values of the column it fills. Keyed by the export's header, not
    /// by the column: a second header that reaches the same column by its own name is not
    /// the mapped one (and is reported as a duplicate).
    private let values: [String: MappedValues]

    /// The export's headers the mapping names, as written, in declaration order.
    let headers: [String]

    init(_ f: CheckedSource.File, entity: ImportEntity) {
        self.entity = entity
        headers = f.columns.map(\.header)
        var targets: [String: String] = [:]
        var values: [String: MappedValues] = [:]
        for c in f.columns {
            targets[HeaderName.normalize(c.header)] = c.target
            if let v = c.values { values[HeaderName.normalize(c.header)] = MappedValues(column: c.target, header: c.header, v) }
        }
        self.targets = targets
        self.values = values
    }

    /// The column a header fills: its mapping, or the header itself.
    func target(ofHeader raw: String) -> String { targets[HeaderName.normalize(raw)] ?? raw }

    /// The map of values of the column a header fills, if it has one.
    func values(forHeader raw: String) -> MappedValues? { values[HeaderName.normalize(raw)] }
}

/// One column's `with { … }`: export spellings (by `ImportSchema.valueKey`) → import cells.
struct MappedValues: Sendable {
    let column: String
    let header: String
    private let cells: [String: [UInt8]]
    let spellings: [String]

    init(column: String, header: String, _ values: [CheckedSource.Value]) {
        self.column = column
        self.header = header
        var cells: [String: [UInt8]] = [:]
        for v in values { cells[ImportSchema.valueKey(v.spelling[...])] = Array(v.cell.utf8) }
        self.cells = cells
        spellings = values.map(\.spelling)
    }

    func cell(for value: String) -> [UInt8]? { cells[ImportSchema.valueKey(value[...])] }
}

extension ImportRun {
    /// Replaces the cells of mapped columns by the cells they stand for; an unmapped value is
    /// reported where it is, and the row is then only read for the ids it defines.
    mutating func mapValues(_ record: inout RawRecord, _ f: FileState, file: [UInt8]) {
        for (column, map) in f.mappedValues where column < record.fields.count {
            let field = record.fields[column]
            let text = record.string(field, file: file)
            let value = text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed()
            guard !value.isEmpty else { continue }
            guard let cell = map.cell(for: text) else {
                let shown = String(value)
                problem(f, field.line, field.column, .unmappedValue(map.column, value: shown, header: map.header, source: mapping?.name ?? "",
                                                                    suggestion: Suggestions.closest(to: shown, in: map.spellings)))
                record.hasError = true
                continue
            }
            let start = record.scratch.count
            record.scratch.append(contentsOf: cell)
            record.fields[column] = RawField(start: start, end: record.scratch.count, line: field.line, column: field.column, inScratch: true)
        }
    }
}

extension SourceMapping {
    /// The mapped files that none of the directories given holds. Naming files one by one
    /// imports just those; a directory stands for the whole export, so a mapped file missing
    /// from it (renamed by the CRM, say) is reported rather than silently not imported.
    package func missingFiles(paths: [String], found: [String]) -> [ImportProblem] {
        let directories = paths.filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        guard let first = directories.first else { return [] }
        let names = found.map { ($0 as NSString).lastPathComponent }
        let present = Set(names.compactMap(key(of:)))
        return fileNames.filter { !present.contains($0.lowercased()) }.map { missing in
            let unclaimed = names.filter { !maps(fileNamed: $0) }
            return ImportProblem(file: first, line: 1, column: 1,
                                 reason: ImportMessage.mappedFileMissing(missing, source: name,
                                                                         suggestion: Suggestions.closest(to: missing, in: unclaimed)).text)
        }
    }
}
