import PlaybookLanguage

/// Turning a CSV or JSON file into `RawRecord`s for the row checks.
extension ImportRun {
    mutating func readCSV(fileIndex: Int, reader: inout CSVReader, entity: ImportEntity) {
        var f = FileState(path: paths[fileIndex], index: fileIndex, entity: entity, isGrid: entity == .raci)
        f.mapped = mapping?.file(at: f.path)
        var record = RawRecord()
        defer { if reader.readFailed { problem(f, 1, 1, .unreadable) } }
        guard reader.next(into: &record) else {
            if !reader.readFailed { problem(f, 1, 1, .noHeader) }
            return
        }
        if record.fields.count == 1, let separator = Self.otherSeparator(Self.firstLine(from: record.fields[0], reader.bytes)) {
            // Every row would be one field too (or a quote error, when the names are quoted):
            // one problem says it all.
            problem(f, record.line, record.column, .notCommaSeparated(separator))
            return
        }
        guard reader.errors.isEmpty else {
            // Without a readable header no row can be understood.
            for e in reader.takeErrors() { problem(f, e.line, e.column, .syntax(e.reason)) }
            return
        }
        for (column, field) in record.fields.enumerated() {
            let name = record.string(field, file: reader.bytes)
            if let map = f.mapped?.values(forHeader: name) { f.mappedValues.append((column, map)) }
            if let first = f.layout.add(name, as: f.mapped?.target(ofHeader: name)) {
                let earlier = f.layout.rawNames[first]
                problem(f, field.line, field.column, HeaderName.normalize(earlier) == HeaderName.normalize(name)
                    ? .duplicateColumn(HeaderName.trimmed(name), firstColumn: first + 1)
                    : .sameColumn(HeaderName.trimmed(name), as: earlier))
            }
        }
        let headers = record.fields.map { record.string($0, file: reader.bytes) }
        // A column the mapping names but the export lacks is said once, with the closest header
        // the export does have, rather than as the missing column it would have filled.
        let mappedMissing = reportMappedColumnsMissing(f, headers: headers, line: record.line)
        let missing = f.layout.missingRequired().filter { !mappedMissing.targets.contains($0.name) }
        for m in missing {
            problem(f, record.line, 1, .missingColumn(m.name, suggestion: m.suggestion))
            f.headerBroken = true
        }
        if !mappedMissing.targets.isEmpty { f.headerBroken = true }
        // A column already named as the misspelling of a missing one is not reported again.
        let misspelt = Set(missing.compactMap(\.suggestion)).union(mappedMissing.suggested)
        for c in f.layout.customColumns {
            let at = record.fields[c.column]
            addCustomColumn(&f, c, line: at.line, column: at.column, report: !misspelt.contains(c.name))
        }
        let headerCount = record.fields.count
        startFile(f)
        defer { finishFile() }
        while reader.next(into: &record) {
            if !reader.errors.isEmpty {
                for e in reader.takeErrors() { problem(f, e.line, e.column, .syntax(e.reason)) }
            }
            if !f.mappedValues.isEmpty, !record.hasError { mapValues(&record, f, file: reader.bytes) }
            reader.bytes.withUnsafeBufferPointer { file in
                checkRecord(record, f, file, headerCount: headerCount)
            }
        }
    }

    private mutating func checkRecord(_ record: RawRecord, _ f: FileState, _ file: Bytes, headerCount: Int) {
        record.scratch.withUnsafeBufferPointer { scratch in
            if record.hasError || f.headerBroken {
                registerIdentity(record, f, file, scratch)
            } else if record.fields.count != headerCount {
                let at = record.fields.count > headerCount ? record.fields[headerCount] : nil
                problem(f, at?.line ?? record.line, at?.column ?? record.column,
                        .fieldCount(got: record.fields.count, header: headerCount))
                registerIdentity(record, f, file, scratch)
            } else if f.layout.isGrid {
                checkGridRow(record, f, file, scratch)
            } else {
                checkRow(record, f, file, scratch)
            }
        }
    }

    mutating func readJSON(fileIndex: Int, bytes: [UInt8], entity: ImportEntity) {
        var f = FileState(path: paths[fileIndex], index: fileIndex, entity: entity, isGrid: false)
        f.mapped = mapping?.file(at: f.path)
        let root: JSONValue
        switch JSONReader.parse(bytes) {
        case .failure(let e):
            problem(f, e.line, e.column, .syntax(e.reason))
            return
        case .success(let value):
            root = value
        }
        guard case .array(let items) = root.kind else {
            problem(f, root.line, root.column, .jsonNotAnArray)
            return
        }
        // Every key of every object first: the columns the file gives decide what the upsert
        // of its first chunk may change, so they must be known before any row is written.
        var keysSeen: Set<String> = []
        for item in items {
            guard case .object(let members) = item.kind else { continue }
            for member in members where keysSeen.insert(member.key).inserted && jsonColumn(member.key, f) == nil {
                addJSONColumn(member, &f)
            }
        }
        // As for a CSV header: a key the mapping names that no object has is said (an empty
        // array names no keys at all, so it lacks none).
        if !items.isEmpty { _ = reportMappedColumnsMissing(f, headers: Array(keysSeen).sorted(), line: root.line) }
        startFile(f)
        defer { finishFile() }
        var record = RawRecord()
        // Objects usually list their keys in the same order: remember the last object's
        // key → column so most keys are matched by one string comparison, not a hash lookup.
        var lastKeys: [String] = [], lastColumns: [Int] = []
        var seenIn: [Int] = []
        for (n, item) in items.enumerated() {
            guard case .object(let members) = item.kind else {
                problem(f, item.line, item.column, .jsonNotAnObject)
                continue
            }
            record.reset()
            record.line = item.line
            record.column = item.column
            let absent = RawField(start: 0, end: 0, line: item.line, column: item.column, inScratch: true)
            record.fields.append(contentsOf: repeatElement(absent, count: f.layout.count))
            for (m, member) in members.enumerated() {
                let column: Int
                if m < lastKeys.count, lastKeys[m] == member.key {
                    column = lastColumns[m]
                } else {
                    column = jsonColumn(member.key, f) ?? 0 // every key was added above
                    if m < lastKeys.count { lastKeys[m] = member.key; lastColumns[m] = column } else { lastKeys.append(member.key); lastColumns.append(column) }
                }
                while seenIn.count <= column { seenIn.append(-1) }
                if seenIn[column] == n {
                    let first = record.fields[column]
                    problem(f, member.line, member.column, .jsonDuplicateKey(member.key, line: first.line, column: first.column))
                    record.hasError = true
                    continue
                }
                seenIn[column] = n
                let start = record.scratch.count
                switch member.value.kind {
                case .string(let s):
                    if let forbidden = ImportText.forbidden(s) {
                        problem(f, member.value.line, member.value.column, forbidden)
                        record.hasError = true
                    }
                    record.scratch.append(contentsOf: s.utf8)
                case .number(let s): record.scratch.append(contentsOf: s.utf8)
                case .bool(let b): record.scratch.append(contentsOf: (b ? "true" : "false").utf8)
                case .null: break
                case .array, .object:
                    problem(f, member.value.line, member.value.column, .jsonNestedValue(column: HeaderName.normalize(member.key)))
                    record.hasError = true
                }
                record.fields[column] = RawField(start: start, end: record.scratch.count, line: member.value.line,
                                                 column: member.value.column, inScratch: true)
            }
            if !f.mappedValues.isEmpty, !record.hasError { mapValues(&record, f, file: []) }
            let none = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
            record.scratch.withUnsafeBufferPointer { scratch in
                if record.hasError { registerIdentity(record, f, none, scratch) } else { checkRow(record, f, none, scratch) }
            }
        }
    }

    /// A key no earlier object had gets a new column (a custom field when the entity does not
    /// know it).
    private mutating func addJSONColumn(_ member: JSONMember, _ f: inout FileState) {
        let column = f.layout.count
        if let map = f.mapped?.values(forHeader: member.key) { f.mappedValues.append((column, map)) }
        if let first = f.layout.add(member.key, as: f.mapped?.target(ofHeader: member.key)) {
            // Reported once, where the second spelling first appears; later objects are not.
            problem(f, member.line, member.column, .sameColumn(HeaderName.trimmed(member.key), as: f.layout.rawNames[first]))
        }
        if f.layout.roles[column] == .custom, let c = f.layout.customColumns.last {
            addCustomColumn(&f, c, line: member.line, column: member.column)
        }
    }

    /// The file column a JSON key was given, read through the source mapping.
    private func jsonColumn(_ key: String, _ f: FileState) -> Int? {
        f.layout.column(named: f.mapped?.target(ofHeader: key) ?? key)
    }

    /// A row that cannot be checked still defines its account or KPI, so rows elsewhere that
    /// refer to it are not reported as well.
    mutating func registerIdentity(_ r: RawRecord, _ f: FileState, _ file: UnsafeBufferPointer<UInt8>, _ scratch: UnsafeBufferPointer<UInt8>) {
        guard f.entity == .accounts || f.entity == .kpis else { return }
        func text(_ spec: Int) -> String? {
            let c = f.layout.specSource[spec]
            guard c >= 0, c < r.fields.count else { return nil }
            let b = ValueParser.trim(r.bytes(r.fields[c], file: file, scratch: scratch))
            return b.isEmpty ? nil : ImportText.string(b)
        }
        guard let account = text(f.accountColumn) else { return }
        if f.entity == .accounts {
            _ = registry.importAccount(account)
        } else if let kpi = f.entity.columnIndex("id").flatMap(text) {
            registry.importKPI(account: account, kpi: kpi)
        }
    }

    /// Reports each header the file's source mapping names that the file lacks, with the
    /// closest header the file has that is no column (the export's new name for it, usually):
    /// an error when it would fill a required column, else a warning (the file then keeps the
    /// stored values, as for any omitted column, and a CRM that dropped a column is said out
    /// loud). Returns the required columns concerned, and the headers suggested for them.
    mutating func reportMappedColumnsMissing(_ f: FileState, headers: [String], line: Int) -> (targets: Set<String>, suggested: Set<String>) {
        guard let mapped = f.mapped else { return ([], []) }
        let present = Set(headers.map(HeaderName.normalize))
        let unknown = f.layout.customColumns.map { HeaderName.trimmed(f.layout.rawNames[$0.column]) }
        var targets: Set<String> = [], suggested: Set<String> = []
        for h in mapped.headers where !present.contains(HeaderName.normalize(h)) {
            // A renamed header often keeps the old name in it ("Lifecycle" → "Lifecycle Stage").
            let key = HeaderName.normalize(h)
            let suggestion = unknown.first { let u = HeaderName.normalize($0); return u.contains(key) || key.contains(u) }
                ?? Suggestions.closest(to: h, in: unknown)
            let target = mapped.target(ofHeader: h)
            let required = f.layout.columns.contains { $0.name == target && $0.required }
            let message = ImportMessage.mappedColumnMissing(h, target: target, source: mapping?.name ?? "", suggestion: suggestion,
                                                             required: required)
            guard required else {
                if !isRereading { columns.warn?(ImportProblem(file: f.path, line: line, column: 1, reason: message.text)) }
                continue
            }
            problem(f, line, 1, message)
            targets.insert(target)
            if let suggestion { suggested.insert(HeaderName.normalize(suggestion)) }
        }
        return (targets, suggested)
    }
}
