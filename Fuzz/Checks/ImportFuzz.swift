import Foundation
import Import
import PlaybookLanguage

/// What the import fuzz target (Fuzz/import.swift) asks of one input, and what the regression
/// test asks of every input a campaign found. The input's first line is the file name (which
/// picks the entity and the reader, as `playbook import` does); the rest is the file.
package enum ImportFuzz {
    package static func run(_ input: [UInt8]) -> FuzzOutcome {
        let newline = input.firstIndex(of: UInt8(ascii: "\n")) ?? input.count
        let name = String(decoding: input[..<newline], as: UTF8.self)
        let bytes = newline < input.count ? Array(input[(newline + 1)...]) : []

        var outcome = FuzzOutcome(diagnostics: [])
        // Every account and KPI is taken to exist already, so rows of any entity get past the
        // reference checks into the key and value checks.
        switch ImportValidator.validate(files: [(path: name, bytes: bytes)], existing: EveryKeyExists()) {
        case .success:
            break
        case .failure(let problems):
            outcome.diagnostics = problems.lines
            if problems.problems.isEmpty { outcome.violations.append("the import failed without a problem") }
            if zip(problems.problems, problems.problems.dropFirst()).contains(where: { $1 < $0 }) {
                outcome.violations.append("problems are not in file order")
            }
            if let bad = problems.problems.first(where: { $0.line < 1 || $0.column < 1 }) {
                outcome.violations.append("problem at no position: \(bad)")
            }
        }
        if ImportEntity.parse(path: name).format == .csv, let streamed = streamedCSV(bytes) {
            let whole = CSVReader.readAll(bytes)
            if streamed.rows != whole.rows || streamed.errors != whole.errors {
                outcome.violations.append("the CSV reader reads a file differently a window at a time")
            }
        }
        return outcome
    }

    /// The CSV as `playbook import` reads a file, a window at a time, with windows so small that
    /// rows, quotes, line breaks and UTF-8 sequences cross their edges. Nil if the scratch file
    /// cannot be written.
    private static func streamedCSV(_ bytes: [UInt8]) -> (rows: [[String]], errors: [SyntaxError])? {
        // A file of its own per call: tests run their cases in parallel.
        let path = NSTemporaryDirectory() + "/playbook-import-fuzz-\(UUID().uuidString).csv"
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return nil }
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard let source = ByteSource(path: path, chunk: 1 + bytes.count % 7) else { return nil }
        var reader = CSVReader(source: source)
        var record = RawRecord()
        var rows: [[String]] = []
        while reader.next(into: &record) {
            rows.append(record.fields.map { record.string($0, file: reader.bytes) })
        }
        return (rows, reader.errors)
    }
}

private struct EveryKeyExists: ExistingKeys {
    func hasAccount(_ id: String) -> Bool { true }
    func hasKPI(account: String, kpi: String) -> Bool { true }
}
