/// `source` declarations: every file, column and value they name is checked against the import
/// (`ImportSchema`) and the declared custom fields, so `import --source` never meets a mapping
/// it cannot apply.
extension Checker {
    mutating func checkSources(_ decls: [SourceDecl]) {
        var first: [String: SourceRange] = [:]
        for decl in decls {
            if let earlier = first[decl.name.text] {
                diagnostics.add(Diagnostic(.duplicateSource(decl.name.text), at: decl.name.range).note("first defined here", at: earlier))
                continue
            }
            first[decl.name.text] = decl.name.range
            library.sources.append(checkSource(decl))
        }
    }

    private mutating func checkSource(_ decl: SourceDecl) -> CheckedSource {
        var files: [CheckedSource.File] = []
        var names: [String: SourceRange] = [:]
        for item in decl.items {
            guard case .file(let f) = item.kind else { continue }
            let name = f.file.text
            if !Self.isImportFileName(name) {
                report(.mappedFileName(name), f.file.range)
            } else if let earlier = names[name.lowercased()] {
                diagnostics.add(Diagnostic(.duplicateMappedFile(name), at: f.file.range).note("first mapped here", at: earlier))
            } else {
                names[name.lowercased()] = f.file.range
            }
            guard let file = ImportSchema.file(f.entity.text) else {
                report(.unknownImportFile(f.entity.text), f.entity.range,
                       suggestion: Suggestions.closest(to: f.entity.text, in: ImportSchema.files.map(\.name)))
                continue
            }
            // In CSV the RACI grid spells stakeholders as headers and roles as cells, so only
            // its JSON layout (one object per cell) has `stakeholder` and `code` columns.
            let grid = file.name == "raci" && !name.lowercased().hasSuffix(".json")
            files.append(CheckedSource.File(name: name, entity: file.name, columns: checkColumns(f.block?.items ?? [], of: file, grid: grid),
                                            range: f.file.range))
        }
        return CheckedSource(name: decl.name.text, files: files, range: decl.range)
    }

    /// A plain file name the import can read: `.csv` or `.json`, no folder.
    static func isImportFileName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return !name.contains("/") && !name.contains("\\") && (lower.hasSuffix(".csv") || lower.hasSuffix(".json"))
            && lower != ".csv" && lower != ".json"
    }

    private mutating func checkColumns(_ items: [Item<ColumnMapping>], of file: ImportSchema.File, grid: Bool) -> [CheckedSource.Column] {
        var columns: [CheckedSource.Column] = []
        var headers: [String: SourceRange] = [:]
        var targets: [String: SourceRange] = [:]
        for item in items {
            let m = item.kind
            let key = ImportSchema.headerKey(m.header.text)
            if let earlier = headers[key] {
                diagnostics.add(Diagnostic(.duplicateMappedColumn(m.header.text), at: m.header.range).note("first mapped here", at: earlier))
                continue
            }
            headers[key] = m.header.range
            if grid, m.target.text == "stakeholder" || m.target.text == "code" {
                diagnostics.add(Diagnostic(.gridColumnMapped(m.target.text), at: m.target.range)
                    .note("each column after `account_id` and `activity` is a stakeholder, read by its header, and its cells are R, A, C, I or R/A; map the file as raci.json (one object per cell) to use `stakeholder` and `code`"))
                continue
            }
            guard let target = resolveTarget(m.target, in: file) else { continue }
            if let earlier = targets[m.target.text] {
                diagnostics.add(Diagnostic(.columnFilledTwice(m.target.text), at: m.target.range).note("first filled here", at: earlier))
                continue
            }
            targets[m.target.text] = m.target.range
            let values = m.values.map { checkValues($0, column: m.target.text, target) }
            columns.append(CheckedSource.Column(header: m.header.text, target: m.target.text, values: values))
        }
        return columns
    }

    /// What a mapping target takes: an import column, or a custom field declared for the file's
    /// record (`.custom`). Nil, reported, when the file has no such column.
    private mutating func resolveTarget(_ target: Name, in file: ImportSchema.File) -> Target? {
        if let c = file.column(target.text) { return .column(c.kind) }
        if let record = file.record, let (_, f) = library.schema.field(target.text, of: record), f.isCustom {
            return .custom(f.type)
        }
        let custom = file.record.flatMap { library.schema.record($0) }?.fields.filter(\.isCustom).map(\.name) ?? []
        var d = Diagnostic(.unknownImportColumn(target.text, file: file.name), at: target.range,
                           suggestion: Suggestions.closest(to: target.text, in: file.columns.map(\.name) + custom))
        if let record = file.record {
            d = d.note("declare a custom field with `field \(record).\(target.text): text` (or another type)")
        }
        diagnostics.add(d)
        return nil
    }

    enum Target {
        case column(ImportSchema.Kind)
        case custom(PType)

        /// The kind a mapped value must fit; nil for custom types a cell cannot spell
        /// (durations, lists).
        var kind: ImportSchema.Kind? {
            switch self {
            case .column(let k): k
            case .custom(let t):
                switch t {
                case .number: .number(nil)
                case .text: .text
                case .boolean: .boolean
                case .date: .date
                case .choice(let c): .choice(c)
                default: nil
                }
            }
        }

        var description: String {
            switch self {
            case .column(let k): Self.describe(k)
            case .custom(let t): t.description
            }
        }

        static func describe(_ k: ImportSchema.Kind) -> String {
            func show(_ d: Double) -> String { d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : String(d) }
            switch k {
            case .text: return "text"
            case .number(nil): return "a number"
            case .number(let r?): return "a number from \(show(r.lowerBound)) to \(show(r.upperBound))"
            case .wholeNumber(nil): return "a whole number"
            case .wholeNumber(let r?): return r.upperBound == .max ? "a whole number, \(r.lowerBound) or more"
                : "a whole number from \(r.lowerBound) to \(r.upperBound)"
            case .date, .month: return "a date"
            case .boolean: return "true or false"
            case .choice(let c): return PType.choice(c).description
            }
        }
    }

    private mutating func checkValues(_ map: ValueMap, column: String, _ target: Target) -> [CheckedSource.Value] {
        guard let kind = target.kind else {
            report(.mappedValueType(column, expected: target.description, got: "a map of values, which can only give text, numbers, dates, true/false or choices"),
                   map.range)
            return []
        }
        var values: [CheckedSource.Value] = []
        var seen: [String: SourceRange] = [:]
        for entry in map.entries {
            let e = entry.kind
            let key = ImportSchema.valueKey(e.spelling.text[...])
            if let earlier = seen[key] {
                diagnostics.add(Diagnostic(.duplicateMappedValue(e.spelling.text), at: e.spelling.range).note("first mapped here", at: earlier))
                continue
            }
            seen[key] = e.spelling.range
            if let cell = cell(e.value, kind, column: column) { values.append(CheckedSource.Value(spelling: e.spelling.text, cell: cell)) }
        }
        return values
    }

    /// The import cell that stands for a mapped value, or nil (reported) when it does not fit.
    private mutating func cell(_ e: Expr, _ kind: ImportSchema.Kind, column: String) -> String? {
        var suggestion: String?
        switch (kind, Self.literal(e)) {
        case (.text, .text(let s)): return s
        case (.number(let r), .number(let v)) where r?.contains(v) ?? true: return Self.show(v)
        case (.wholeNumber(let r), .number(let v)) where v.rounded() == v && abs(v) < 1e15 && (r?.contains(Int64(v)) ?? true):
            return Self.show(v)
        case (.date, .date(let d)), (.month, .date(let d)): return d.description
        case (.boolean, .boolean(let b)): return b ? "true" : "false"
        case (.choice(let c), .text(let s)):
            if c.values.contains(s) { return s }
            suggestion = Suggestions.closest(to: s, in: c.values).map { "\"\($0)\"" }
        default: break
        }
        report(.mappedValueType(column, expected: Target.describe(kind), got: Self.literal(e).description), e.range, suggestion: suggestion)
        return nil
    }

    enum Literal: CustomStringConvertible {
        case number(Double), text(String), date(CivilDate), boolean(Bool), other

        var description: String {
            switch self {
            case .number(let v): Checker.show(v)
            case .text(let s): "\"\(s)\""
            case .date(let d): d.description
            case .boolean(let b): b ? "true" : "false"
            case .other: "not a fixed value"
            }
        }
    }

    static func literal(_ e: Expr) -> Literal {
        switch e.kind {
        case .number(let v, _): .number(v)
        case .unary(.negate, let inner): if case .number(let v, _) = inner.kind { .number(-v) } else { .other }
        case .text(let t): t.plain.map(Literal.text) ?? .other
        case .date(let d): .date(d)
        case .boolean(let b): .boolean(b)
        default: .other
        }
    }

    static func show(_ v: Double) -> String { v.rounded() == v && abs(v) < 1e15 ? String(Int64(v)) : String(v) }
}
