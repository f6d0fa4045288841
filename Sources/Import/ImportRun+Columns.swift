import PlaybookLanguage

/// Custom columns: which are accepted (docs/import.md, "What import accepts"), and the typed
/// value of each of their cells.
extension ImportRun {
    /// The next custom column of `f.layout`, not one of the entity's: accepted when a playbook
    /// declares it; otherwise reported (unless `report` is false: it already was), or kept as
    /// text with a warning when unknown columns are allowed.
    mutating func addCustomColumn(_ f: inout FileState, _ c: (column: Int, name: String), line: Int, column: Int, report: Bool = true) {
        if let declared = columns.declared[f.entity]?[c.name] {
            f.custom.append(declared)
        } else {
            f.custom.append(DeclaredColumn(name: c.name, kind: .undeclared))
            let raw = f.layout.rawNames[c.column]
            if columns.allowUnknown {
                if !isRereading, warnedColumns.insert(f.entity.rawValue + "." + c.name).inserted {
                    columns.warn?(ImportProblem(file: f.path, line: line, column: column,
                                                reason: ImportMessage.undeclaredColumn(raw, entity: f.entity).text))
                }
            } else if report {
                let suggestion = Suggestions.closest(to: c.name, in: columns.candidates(f.entity))
                problem(f, line, column, .unknownColumn(raw, entity: f.entity, suggestion: suggestion))
            }
        }
        addCustomName(f.custom[f.custom.count - 1].name, entity: f.entity)
    }

    /// The custom cells of a row, typed; a cell that does not fit its declared type is reported.
    mutating func customValues(_ r: RawRecord, _ f: FileState, _ file: Bytes, _ scratch: Bytes) -> [(name: String, value: CustomValue)] {
        guard !f.custom.isEmpty else { return [] }
        var out: [(name: String, value: CustomValue)] = []
        out.reserveCapacity(f.custom.count)
        for (k, c) in f.layout.customColumns.enumerated() {
            let at = r.fields[c.column]
            let b = ValueParser.trim(r.bytes(at, file: file, scratch: scratch))
            let declared = f.custom[k]
            if b.isEmpty {
                out.append((declared.name, .missing))
            } else if let v = customValue(b, declared.kind, declared.name, at, f) {
                out.append((declared.name, v))
            }
        }
        return out
    }

    /// nil when the value does not fit (reported).
    private mutating func customValue(_ b: Bytes, _ kind: CustomKind, _ name: String, _ at: RawField, _ f: FileState) -> CustomValue? {
        func bad(_ m: ImportMessage) -> CustomValue? {
            problem(f, at.line, at.column, m)
            return nil
        }
        switch kind {
        case .undeclared, .text:
            return .text(ImportText.string(b))
        case .number:
            guard let v = ValueParser.number(b) else { return bad(.notANumber(name, value: Self.quoted(b))) }
            return .number(v)
        case .duration:
            guard let v = ValueParser.number(b) else { return bad(.notADuration(name, value: Self.quoted(b))) }
            return .number(v)
        case .boolean:
            guard let v = ValueParser.bool(b) else { return bad(.notYesNo(name, value: Self.quoted(b))) }
            return .bool(v)
        case .date:
            switch ValueParser.date(b) {
            case .date(let d): return .date(d)
            case .badFormat: return bad(.notADate(name, value: Self.quoted(b)))
            case .notARealDay: return bad(.notARealDay(name, value: Self.quoted(b)))
            }
        case .choice(let list, let keys):
            guard let i = ValueParser.choice(b, keys: keys) else {
                let value = String(decoding: b, as: UTF8.self)
                return bad(.notInList(name, value: Self.quoted(b), list: list, suggestion: Suggestions.closest(to: value, in: list)))
            }
            return .text(list[i])
        case .list(let element):
            var items: [CustomValue] = []
            var fits = true
            for part in b.split(separator: UInt8(ascii: ";")) {
                let item = ValueParser.trim(Bytes(rebasing: part))
                guard !item.isEmpty else { continue }
                if let v = customValue(item, element, name, at, f) { items.append(v) } else { fits = false }
            }
            return fits ? .list(items) : nil
        }
    }

    /// The account id an unknown one most plausibly meant, among the import's and the
    /// repository's. Only the first few unknown ids get one: each compares with every id.
    mutating func accountSuggestion(_ id: String) -> String? {
        if let known = accountSuggestions[id] { return known }
        guard !isRereading, accountSuggestions.count < Self.accountSuggestionLimit else { return nil }
        if accountCandidates == nil {
            accountCandidates = Array(Set(registry.ids.accountIDs()).union(existing.accountIDs()))
        }
        let suggestion = Suggestions.closest(to: id, in: accountCandidates ?? [])
        accountSuggestions[id] = suggestion
        return suggestion
    }

    static var accountSuggestionLimit: Int { 20 }

    /// The text of the line from where `field` starts, as written: with `"id";"name"` the one
    /// field read ends at the first closing quote, but the separator comes after it.
    static func firstLine(from field: RawField, _ bytes: [UInt8]) -> String {
        guard !field.inScratch, field.start <= bytes.count else { return "" }
        let rest = bytes[field.start...].prefix(4096)
        let end = rest.firstIndex { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") } ?? rest.endIndex
        return String(decoding: rest[..<end], as: UTF8.self)
    }

    /// A header read as one column that holds another separator: the file is not comma-separated.
    static func otherSeparator(_ header: String) -> String? {
        for (separator, shown) in [(";", "`;`"), ("\t", "tabs"), ("|", "`|`")] where header.contains(separator) {
            return shown
        }
        return nil
    }
}
