import PlaybookLanguage

/// What an import file holds: its bytes, or only its path, to be read a window at a time.
package enum ImportInput {
    case bytes([UInt8])
    /// CSV is streamed; a JSON document is read whole (its reader builds a tree).
    case file
}

/// Reads and checks every import file (docs/import.md, "What is checked"), handing the rows to a
/// target as it goes: either every row was valid and the target has them all, or every
/// problem comes back and the target must discard what it was given.
package enum ImportValidator {
    /// - Parameter columns: the columns accepted besides the built-in ones (none unless given).
    package static func validate(files: [(path: String, bytes: [UInt8])], existing: any ExistingKeys,
                                 columns: ImportColumns = ImportColumns(), mapping: SourceMapping? = nil) -> Result<ValidatedImport, ImportProblems> {
        let collected = CollectedImport()
        var run = ImportRun(existing: existing, columns: columns, ids: MemoryIDs(), paths: files.map(\.path), target: collected)
        run.mapping = mapping
        read(files.map { ($0.path, .bytes($0.bytes)) }, &run)
        // The collecting target does not throw.
        if let problems = try? run.finish() { return .failure(problems) }
        var v = ValidatedImport(rows: collected.rows, customFieldNames: run.customFieldNames)
        v.presentColumns = run.presentColumns
        return .success(v)
    }

    /// Checks the files and hands their rows to `target`, `chunkSize` at a time, while no
    /// problem has been found. Returns the problems (nil: none); throws what the target threw.
    /// `ids` keeps the ids the import defines (in memory unless given).
    package static func stream(files: [(path: String, input: ImportInput)], existing: any ExistingKeys,
                               columns: ImportColumns = ImportColumns(), ids: any ImportedIDs = MemoryIDs(),
                               target: any ImportTarget, chunkSize: Int? = nil, mapping: SourceMapping? = nil) throws -> ImportProblems? {
        var run = ImportRun(existing: existing, columns: columns, ids: ids, paths: files.map(\.path), target: target,
                            chunkSize: chunkSize ?? ImportRun.defaultChunkSize)
        run.mapping = mapping
        read(files, &run)
        return try run.finish()
    }

    private static func read(_ all: [(path: String, input: ImportInput)], _ run: inout ImportRun) {
        var plan: [(index: Int, entity: ImportEntity, format: ImportFormat)] = []
        for (i, file) in all.enumerated() {
            var named = ImportEntity.parse(path: file.path)
            // A file the source mapping names is its mapped entity, whatever its name says.
            if let mapped = run.mapping?.file(at: file.path) { named.entity = mapped.entity }
            guard let format = named.format else {
                run.problems.add(file.path, 1, 1, .unsupportedFormat(named.ext))
                continue
            }
            guard let entity = named.entity else {
                let base = file.path.split(separator: "/").last.map(String.init) ?? file.path
                let suggestion = Suggestions.closest(to: named.name, in: ImportEntity.allCases.map(\.rawValue))
                    ?? run.mapping.flatMap { Suggestions.closest(to: base, in: $0.fileNames) }
                run.problems.add(file.path, 1, 1, .unknownEntity(named.name, suggestion: suggestion))
                continue
            }
            plan.append((i, entity, format))
        }
        // Accounts, then KPIs, then the rest, so a reference is checked as its row is read.
        // Files of one entity are read together so its key table can be dropped afterwards.
        func rank(_ e: ImportEntity) -> Int { e == .accounts ? 0 : e == .kpis ? 1 : 2 + e.index }
        plan.sort { (rank($0.entity), $0.index) < (rank($1.entity), $1.index) }
        run.accountFiles = plan.filter { $0.entity == .accounts }.map { all[$0.index].path.split(separator: "/").last.map(String.init) ?? "" }
        var start = 0
        while start < plan.count, run.failure == nil {
            var end = start
            while end < plan.count, plan[end].entity == plan[start].entity { end += 1 }
            let files = Array(plan[start..<end]).map { (index: $0.index, entity: $0.entity, format: $0.format) }
            for item in files { read(item, all, &run) }
            if run.needsGlobalKeyCheck, run.failure == nil {
                // An account's rows came back after another's: a duplicate may be anywhere in
                // the entity, so every key is fingerprinted in a second reading...
                var keys = run.fingerprintingKeys()
                for item in files { read(item, all, &keys) }
                if !keys.suspects.isEmpty {
                    // ...and where fingerprints matched, a third tells duplicates from collisions.
                    var check = keys.checkingKeys(reported: run.keyRuns.checked)
                    for item in files { read(item, all, &check) }
                    run.finishKeyCheck(check)
                }
            }
            start = end
        }
    }

    private static func read(_ item: (index: Int, entity: ImportEntity, format: ImportFormat),
                             _ files: [(path: String, input: ImportInput)], _ run: inout ImportRun) {
        let path = files[item.index].path
        switch (item.format, files[item.index].input) {
        case (.csv, .bytes(let bytes)):
            var reader = CSVReader(bytes: bytes)
            run.readCSV(fileIndex: item.index, reader: &reader, entity: item.entity)
        case (.csv, .file):
            guard let source = ByteSource(path: path) else {
                run.problems.add(path, 1, 1, .unreadable)
                return
            }
            var reader = CSVReader(source: source)
            run.readCSV(fileIndex: item.index, reader: &reader, entity: item.entity)
        case (.json, .bytes(let bytes)):
            run.readJSON(fileIndex: item.index, bytes: bytes, entity: item.entity)
        case (.json, .file):
            guard let bytes = ByteSource.readAll(path: path) else {
                run.problems.add(path, 1, 1, .unreadable)
                return
            }
            run.readJSON(fileIndex: item.index, bytes: bytes, entity: item.entity)
        }
    }
}

/// Problems as they are found, kept to the first `limit` in file order without holding
/// millions when every row of a big file is wrong.
struct ProblemList {
    private var entries: [(problem: ImportProblem, sequence: Int)] = []
    private var dropped = 0
    private(set) var total = 0

    var isEmpty: Bool { total == 0 }

    mutating func add(_ file: String, _ line: Int, _ column: Int, _ message: ImportMessage) {
        entries.append((ImportProblem(file: file, line: line, column: column, reason: message.text), total))
        total += 1
        if entries.count >= 4 * ImportProblems.limit { trim() }
    }

    private mutating func trim() {
        // The sequence number keeps problems at the same position in the order they were found.
        entries.sort { ($0.problem, $0.sequence) < ($1.problem, $1.sequence) }
        if entries.count > ImportProblems.limit {
            dropped += entries.count - ImportProblems.limit
            entries.removeLast(entries.count - ImportProblems.limit)
        }
    }

    mutating func finish() -> ImportProblems {
        trim()
        return ImportProblems(problems: entries.map(\.problem), omitted: dropped)
    }
}
