import PlaybookLanguage

/// The checks of one row: values, references, keys. Runs millions of times, so it works by
/// column index on byte buffers and only builds Strings for text it keeps.
extension ImportRun {
    typealias Bytes = UnsafeBufferPointer<UInt8>

    mutating func checkRow(_ r: RawRecord, _ f: FileState, _ file: Bytes, _ scratch: Bytes) {
        let count = f.kinds.count
        var values: [FieldValue] = []
        values.reserveCapacity(count)
        let problemsBefore = problems.total, refusedBefore = refusedRows
        for spec in 0..<count {
            let source = f.layout.specSource[spec]
            let field = source >= 0 && source < r.fields.count ? r.fields[source]
                : RawField(start: 0, end: 0, line: r.line, column: r.column, inScratch: true)
            values.append(cell(ValueParser.trim(r.bytes(field, file: file, scratch: scratch)), spec, field, f))
        }
        let custom = customValues(r, f, file, scratch)
        checkUnnamed(r, f, file, scratch)
        if f.titleColumn >= 0, values[f.titleColumn] == .missing {
            values[f.titleColumn] = values[f.kindColumn] // docs/import.md: the title defaults to the kind
        }
        if f.meetingStatusColumn >= 0, values[f.meetingStatusColumn] == .missing {
            // Files from before meetings had a status list meetings that were held.
            values[f.meetingStatusColumn] = .text("held")
        }
        let account = accountReference(values, r, f)
        if let account, f.entity == .kpis, case .text(let id) = values[f.keyColumns[1]] {
            registry.importKPI(account: account, kpi: id)
        }
        if let account, f.kpiColumn >= 0, case .text(let kpi) = values[f.kpiColumn],
           !registry.hasKPI(account: account, kpi: kpi, existing: existing) {
            let at = field(r, f, f.kpiColumn)
            problem(f, at.line, at.column, .unknownKPI(kpi, account: account))
        }
        if let account {
            let keys = f.keyColumns
            logKey(account, keys.count > 1 ? values[keys[1]] : .missing, keys.count > 2 ? values[keys[2]] : .missing,
                   at: field(r, f, keys[0]), line: r.line, f)
        }
        if problems.total == problemsBefore, refusedRows == refusedBefore {
            keep(ImportRow(values: values, custom: custom, file: f.path, line: r.line))
        }
    }

    /// One row of the RACI grid: one `ImportRow` per non-empty cell.
    mutating func checkGridRow(_ r: RawRecord, _ f: FileState, _ file: Bytes, _ scratch: Bytes) {
        var head: [FieldValue] = []
        for spec in 0..<2 {
            let at = field(r, f, spec)
            head.append(cell(ValueParser.trim(r.bytes(at, file: file, scratch: scratch)), spec, at, f))
        }
        checkUnnamed(r, f, file, scratch)
        let account = accountReference(head, r, f)
        let codes = f.choiceKeys[3]
        let canonical = Schema.raciChoice.values
        for s in f.layout.stakeholderColumns {
            let at = r.fields[s.column]
            let b = ValueParser.trim(r.bytes(at, file: file, scratch: scratch))
            guard !b.isEmpty else { continue }
            guard let code = ValueParser.choice(b, keys: codes) else {
                problem(f, at.line, at.column, notInList(s.name, b, canonical))
                continue
            }
            let stakeholder = FieldValue.text(s.name)
            guard let account, head[1] != .missing else { continue }
            logKey(account, head[1], stakeholder, at: at, line: r.line, f)
            keep(ImportRow(values: [head[0], head[1], stakeholder, .text(canonical[code])], custom: [], file: f.path, line: r.line))
        }
    }

    private func field(_ r: RawRecord, _ f: FileState, _ spec: Int) -> RawField {
        let source = f.layout.specSource[spec]
        return source >= 0 && source < r.fields.count ? r.fields[source]
            : RawField(start: 0, end: 0, line: r.line, column: r.column, inScratch: true)
    }

    private mutating func checkUnnamed(_ r: RawRecord, _ f: FileState, _ file: Bytes, _ scratch: Bytes) {
        for c in f.layout.unnamedColumns where !ValueParser.trim(r.bytes(r.fields[c], file: file, scratch: scratch)).isEmpty {
            problem(f, r.fields[c].line, r.fields[c].column, .valueInUnnamedColumn)
        }
    }

    /// The account of the row, or nil (reported) when it exists nowhere. The `id` of an
    /// accounts row defines the account instead (when its key is recorded).
    private mutating func accountReference(_ values: [FieldValue], _ r: RawRecord, _ f: FileState) -> String? {
        guard case .text(let id) = values[f.accountColumn] else { return nil }
        if f.entity == .accounts || registry.knownAccount(id, entity: keyRuns.entity, existing: existing) { return id }
        let at = field(r, f, f.accountColumn)
        if existing.syncsAccounts {
            if leftOutOfSync.insert(f.path + "\u{0}" + id).inserted {
                problem(f, at.line, at.column, .accountLeftOutOfSync(id, files: accountFiles))
            } else {
                // Not reported again, but the row is refused all the same.
                refusedRows += 1
            }
        } else {
            problem(f, at.line, at.column, .unknownAccount(id, suggestion: accountSuggestion(id)))
        }
        return nil
    }

    /// Checks the row's key against the keys before it. Keys with a missing part are left out:
    /// the missing value is already reported.
    private mutating func logKey(_ account: String, _ first: FieldValue, _ second: FieldValue, at: RawField, line: Int, _ f: FileState) {
        let keys = f.keyColumns
        if (keys.count > 1 && first == .missing) || (keys.count > 2 && second == .missing) { return }
        recordKey(account, first, second, f, rowLine: line, at: at)
    }

    /// The typed value of one cell; problems are reported here and the value is then missing.
    private mutating func cell(_ b: Bytes, _ spec: Int, _ at: RawField, _ f: FileState) -> FieldValue {
        if b.isEmpty {
            if f.required[spec] { problem(f, at.line, at.column, .required(name(f, spec))) }
            return .missing
        }
        switch f.kinds[spec] {
        case .text:
            return .text(ImportText.string(b))
        case .number(let lo, let hi):
            guard let v = ValueParser.number(b) else { return bad(.notANumber(name(f, spec), value: Self.quoted(b)), at, f) }
            guard v >= lo, v <= hi else { return bad(.notInRange(name(f, spec), value: Self.quoted(b), range: Self.range(lo, hi)), at, f) }
            return .number(v)
        case .integer(let lo, let hi):
            guard let v = ValueParser.integer(b), v >= lo, v <= hi else {
                let range = hi == .max ? (lo == .min ? nil : "\(lo) or more") : "from \(lo) to \(hi)"
                return bad(.notAWholeNumber(name(f, spec), value: Self.quoted(b), range: range), at, f)
            }
            return .integer(v)
        case .date:
            switch ValueParser.date(b) {
            case .date(let d): return .date(d)
            case .badFormat: return bad(.notADate(name(f, spec), value: Self.quoted(b)), at, f)
            case .notARealDay: return bad(.notARealDay(name(f, spec), value: Self.quoted(b)), at, f)
            }
        case .month:
            switch ValueParser.month(b) {
            case .date(let d): return .date(d)
            case .badFormat: return bad(.notAMonth(name(f, spec), value: Self.quoted(b)), at, f)
            case .notARealDay: return bad(.notARealDay(name(f, spec), value: Self.quoted(b)), at, f)
            }
        case .bool:
            guard let v = ValueParser.bool(b) else { return bad(.notYesNo(name(f, spec), value: Self.quoted(b)), at, f) }
            return .bool(v)
        case .choice:
            guard case .choice(let list) = f.layout.columns[spec].kind else { return .missing }
            guard let i = ValueParser.choice(b, keys: f.choiceKeys[spec]) else {
                return bad(notInList(name(f, spec), b, list, freeText: f.layout.columns[spec].freeTextColumn), at, f)
            }
            return .text(list[i])
        }
    }

    /// The column as a message names it: a column a source mapping renamed goes by the export's
    /// header, which is what the user sees in the file (`ARR ($)`, read as `contract_value`).
    private func name(_ f: FileState, _ spec: Int) -> String {
        let column = f.layout.columns[spec].name
        let source = f.layout.specSource[spec]
        guard f.mapped != nil, source >= 0, source < f.layout.rawNames.count else { return column }
        let raw = HeaderName.trimmed(f.layout.rawNames[source])
        return HeaderName.normalize(raw) == column ? column : "\(raw)`, read as `\(column)"
    }

    private mutating func bad(_ message: ImportMessage, _ at: RawField, _ f: FileState) -> FieldValue {
        problem(f, at.line, at.column, message)
        return .missing
    }

    private func notInList(_ column: String, _ b: Bytes, _ list: [String], freeText: String? = nil) -> ImportMessage {
        let value = String(decoding: b, as: UTF8.self)
        return .notInList(column, value: Self.quoted(b), list: list, suggestion: Self.choiceSuggestion(value, list), freeText: freeText)
    }

    /// The choice a value was probably meant as: its first word when that is one (`B: win over`
    /// is a B with a sentence after it), else the nearest spelling.
    static func choiceSuggestion(_ value: String, _ list: [String]) -> String? {
        let word = value.drop { !$0.isLetter && !$0.isNumber }.prefix { $0.isLetter || $0.isNumber }
        if word.count < value.count, let hit = list.first(where: { $0.lowercased() == word.lowercased() }) { return hit }
        return Suggestions.closest(to: value, in: list)
    }

    /// The value as shown in a message: long values are cut so one bad cell stays one line.
    static func quoted(_ b: Bytes) -> String {
        let s = String(decoding: b, as: UTF8.self)
        let shown = s.unicodeScalars.count > 40 ? String(String.UnicodeScalarView(s.unicodeScalars.prefix(40))) + "…" : s
        return String(shown.map { $0 == "\n" || $0 == "\r\n" || $0 == "\r" ? " " : $0 })
    }

    private static func range(_ lo: Double, _ hi: Double) -> String {
        func show(_ d: Double) -> String { d.rounded() == d ? String(Int64(d)) : String(d) }
        return "\(show(lo)) to \(show(hi))"
    }
}
