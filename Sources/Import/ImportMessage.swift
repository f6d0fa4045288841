/// Every reason an import can give, in one place, so wording stays consistent and tests can
/// name the message they expect. Names (columns, entities) are in backticks, values in quotes,
/// one phrase, no trailing period — the style of the playbook diagnostics.
package enum ImportMessage: Sendable, Equatable {
    // Files
    case unknownEntity(String, suggestion: String?)
    case unsupportedFormat(String)
    case noHeader
    case unreadable

    // CSV syntax
    case unterminatedQuote
    case quoteInUnquotedField
    case textAfterClosingQuote
    case invalidUTF8
    case nulInField
    case byteOrderMarkInField
    /// A reader's message, already worded by one of the cases here.
    case syntax(String)

    // JSON syntax
    case jsonExpected(String, found: String)
    case jsonInvalidEscape(String)
    case jsonControlCharacter
    case jsonUnterminatedString
    case jsonTooDeep(Int)
    case jsonNotAnArray
    case jsonNotAnObject
    case jsonNestedValue(column: String)
    case jsonDuplicateKey(String, line: Int, column: Int)

    // Header
    case missingColumn(String, suggestion: String?)
    case duplicateColumn(String, firstColumn: Int)
    case sameColumn(String, as: String)
    case valueInUnnamedColumn
    case unknownColumn(String, entity: ImportEntity, suggestion: String?)
    /// A warning: kept as text because the import allows unknown columns.
    case undeclaredColumn(String, entity: ImportEntity)
    /// The header is one column holding a separator other than the comma (`;`, a tab).
    case notCommaSeparated(String)

    // Rows
    case fieldCount(got: Int, header: Int)
    case required(String)
    case notANumber(String, value: String)
    case notInRange(String, value: String, range: String)
    case notAWholeNumber(String, value: String, range: String?)
    case notADate(String, value: String)
    case notARealDay(String, value: String)
    case notAMonth(String, value: String)
    case notYesNo(String, value: String)
    case notADuration(String, value: String)
    /// `freeText`: the column a sentence belongs in instead (`strategy_notes`), when there is one.
    case notInList(String, value: String, list: [String], suggestion: String?, freeText: String? = nil)
    case unknownAccount(String, suggestion: String?)
    case accountLeftOutOfSync(String, files: [String])
    case unknownKPI(String, account: String)
    case duplicateKey(String, first: String)
    case moreProblems(Int)

    // Column mappings (`import --source`)
    case unmappedValue(String, value: String, header: String, source: String, suggestion: String?)
    case mappedFileMissing(String, source: String, suggestion: String?)
    case mappedColumnMissing(String, target: String, source: String, suggestion: String?, required: Bool)

    /// Whether a header could be a playbook field's name as it stands (`crm_tier`, not `ARR ($)`).
    static func isFieldName(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first == "_" || ("a"..."z").contains(first) else { return false }
        return s.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }

    package var text: String {
        switch self {
        case .unknownEntity(let e, let s):
            "`\(e)` is not something that can be imported" + (s.map { "; did you mean `\($0)`?" }
                ?? "; name the file after one of " + ImportEntity.allCases.map(\.rawValue).joined(separator: ", ")
                    + ", or map it with a `source` declaration and import with --source")
        case .unsupportedFormat(let ext): "only .csv and .json files can be imported, not `\(ext)`"
        case .noHeader: "the file is empty; expected a header row with the column names"
        case .unreadable: "cannot read the file (check its permissions)"
        case .unterminatedQuote: "this quoted field is never closed"
        case .quoteInUnquotedField: "quote inside an unquoted field; quote the whole field and double the quote (\"\")"
        case .textAfterClosingQuote: "text after a closing quote; expected a comma or the end of the line"
        case .invalidUTF8: "invalid UTF-8; save the file as UTF-8"
        case .nulInField: "NUL character in a field; the file may not be text, or an export went wrong"
        case .byteOrderMarkInField: "byte-order mark (U+FEFF) inside the file; only its very start may have one (were two files joined?)"
        case .syntax(let reason): reason
        case .jsonExpected(let what, let found): "expected \(what), found \(found)"
        case .jsonInvalidEscape(let e): "invalid escape in a string: \(e)"
        case .jsonControlCharacter: "control character in a string; write it as an escape such as \\n"
        case .jsonUnterminatedString: "this string is never closed"
        case .jsonTooDeep(let limit): "nested more than \(limit) levels deep"
        case .jsonNotAnArray: "expected an array of objects, one per row"
        case .jsonNotAnObject: "expected an object (one row)"
        case .jsonNestedValue(let c): "`\(c)` must be a single value, not an array or object"
        case .jsonDuplicateKey(let k, let l, let c): "key `\(k)` appears twice in this object (first at \(l):\(c))"
        case .missingColumn(let c, let s):
            "missing required column `\(c)`" + (s.map { "; is `\($0)` a misspelling of it?" } ?? "")
        case .duplicateColumn(let c, let first): "column `\(c)` appears twice (first as column \(first))"
        case .sameColumn(let c, let other): "`\(c)` names the same column as `\(other)`"
        case .valueInUnnamedColumn: "value in a column that has no name in the header"
        case .unknownColumn(let c, let e, let s):
            "unknown column `\(c)` in \(e.rawValue)" + (s.map { "; did you mean `\($0)`?" }
                ?? (Self.isFieldName(c)
                    ? "; declare it in a playbook (`field \(e.record).\(c): text`) or import with --allow-unknown-columns"
                    : "; rename it, map it to a column with a `source` declaration (import --source), or import with --allow-unknown-columns"))
        case .undeclaredColumn(let c, let e):
            "column `\(c)` is neither a column of \(e.rawValue) nor declared by a playbook; imported as undeclared text"
        case .notCommaSeparated(let sep):
            "the header has one column; the file seems to be separated by \(sep); export it as comma-separated CSV"
        case .fieldCount(let got, let header): "row has \(got) field\(got == 1 ? "" : "s"), the header has \(header)"
        case .required(let c): "`\(c)` is required"
        case .notANumber(let c, let v): "`\(c)` must be a number, not \"\(v)\""
        case .notInRange(let c, let v, let r): "`\(c)` must be from \(r), not \(v)"
        case .notAWholeNumber(let c, let v, let r): "`\(c)` must be a whole number\(r.map { " " + $0 } ?? ""), not \"\(v)\""
        case .notADate(let c, let v): "`\(c)` must be a date as YYYY-MM-DD, not \"\(v)\""
        case .notARealDay(let c, let v): "`\(c)` must be a real day, not \"\(v)\""
        case .notAMonth(let c, let v): "`\(c)` must be a month as YYYY-MM (or a date), not \"\(v)\""
        case .notYesNo(let c, let v): "`\(c)` must be yes or no, not \"\(v)\""
        case .notADuration(let c, let v): "`\(c)` must be a number of days, not \"\(v)\""
        case .notInList(let c, let v, let list, let s, let freeText):
            "`\(c)` must be one of \(list.joined(separator: ", ")), not \"\(v)\"" + (freeText.map { "; free text belongs in `\($0)`" } ?? "")
                + (s.map { "; did you mean \"\($0)\"?" } ?? "")
        case .unknownAccount(let a, let s):
            "account \"\(a)\" is neither in this import nor in the repository" + (s.map { "; did you mean \"\($0)\"?" } ?? "")
        case .accountLeftOutOfSync(let a, let files):
            "account \"\(a)\" is not in "
                + (files.isEmpty ? "the accounts file" : files.map { "\($0)" }.joined(separator: " or "))
                + ", which --sync takes as the whole list of accounts; remove its rows from this file too (its later rows here are not listed)"
        case .unknownKPI(let k, let a): "KPI \"\(k)\" is not a KPI of account \"\(a)\""
        case .duplicateKey(let key, let first): "duplicate key (\(key)); first at \(first)"
        case .moreProblems(let n): "and \(n) more problem\(n == 1 ? "" : "s")"
        case .unmappedValue(let c, let v, let h, let source, let s):
            "\"\(v)\" in `\(h)` is not in the values source \"\(source)\" maps to `\(c)`" + (s.map { "; did you mean \"\($0)\"?" }
                ?? "; add it to the column's `with { … }`")
        case .mappedFileMissing(let file, let source, let s):
            "no file \"\(file)\" here, which source \"\(source)\" maps" + (s.map { "; did you mean \"\($0)\"?" } ?? "")
        case .mappedColumnMissing(let h, let c, let source, let s, let required):
            "no column `\(h)`, which source \"\(source)\" reads as `\(c)`"
                + (required ? "" : ", so the stored values of `\(c)` are kept")
                + (s.map { "; did you mean `\($0)`? (if the export renamed it, change the `column` line of the source)" }
                    ?? "; if the export no longer has it, remove its `column` line from the source")
        }
    }
}
