/// Reads and checks every import file before anything is written (docs/import.md, "What is
/// checked"): either every row is valid and comes back typed, or every problem comes back.
package enum ImportValidator {
    package static func validate(files: [(path: String, bytes: [UInt8])], existing: any ExistingKeys) -> Result<ValidatedImport, ImportProblems> {
        var run = ImportRun(existing: existing, paths: files.map(\.path))
        var plan: [(index: Int, entity: ImportEntity, format: ImportFormat)] = []
        for (i, file) in files.enumerated() {
            let named = ImportEntity.parse(path: file.path)
            guard let format = named.format else {
                run.problems.add(file.path, 1, 1, .unsupportedFormat(named.ext))
                continue
            }
            guard let entity = named.entity else {
                let suggestion = Suggest.closest(to: named.name, in: ImportEntity.allCases.map(\.rawValue))
                run.problems.add(file.path, 1, 1, .unknownEntity(named.name, suggestion: suggestion))
                continue
            }
            plan.append((i, entity, format))
        }
        // Accounts, then KPIs, then the rest, so a reference is checked as its row is read.
        // Files of one entity are read together so its key table can be dropped afterwards.
        func rank(_ e: ImportEntity) -> Int { e == .accounts ? 0 : e == .kpis ? 1 : 2 + e.index }
        plan.sort { (rank($0.entity), $0.index) < (rank($1.entity), $1.index) }
        for item in plan {
            run.startFile(entity: item.entity)
            switch item.format {
            case .csv: run.readCSV(fileIndex: item.index, bytes: files[item.index].bytes, entity: item.entity)
            case .json: run.readJSON(fileIndex: item.index, bytes: files[item.index].bytes, entity: item.entity)
            }
        }
        return run.finish()
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
