/// `source` declarations: the column mappings of an export (see docs/language.md, "Column
/// mappings").
extension Parser {
    static let sourceKeywords: [StaticString] = ["file"]
    static let fileMappingKeywords: [StaticString] = ["column"]

    mutating func parseSource() -> SourceDecl? {
        let start = advance() // source
        guard let name = parseQuotedName("a source name") else { return nil }
        let block = parseBlock("source", keywords: Self.sourceKeywords, singletons: []) { p in p.parseFileMapping() }
        return SourceDecl(name: name, items: block.items, closingTrivia: block.closing,
                          range: SourceRange(file: file, start: Int(start.start), end: Int(block.end.end)))
    }

    /// `file "Account Export.csv" as accounts`, then optionally `{ column … }`.
    mutating func parseFileMapping() -> SourceItem? {
        let start = advance() // file
        guard let name = parseQuotedName("the export's file name") else { return nil }
        guard expect("as") else { return nil }
        guard let entity = parseIdentifier("the import file it stands for, such as `accounts`") else { return nil }
        var block: FileMapping.Block?
        if current.kind == .lbrace {
            let b = parseBlock("file", keywords: Self.fileMappingKeywords, singletons: []) { p in p.parseColumnMapping() }
            block = FileMapping.Block(items: b.items, closingTrivia: b.closing)
        }
        return .file(FileMapping(file: name, entity: entity, block: block, range: range(from: start)))
    }

    /// `column "Stage" as phase`, optionally `with { "Onboarding": 3, … }`.
    mutating func parseColumnMapping() -> ColumnMapping? {
        _ = advance() // column
        guard let header = parseQuotedName("the export's column name") else { return nil }
        guard expect("as") else { return nil }
        guard let target = parseIdentifier("the column it fills, such as `csm`") else { return nil }
        var values: ValueMap?
        if accept("with") {
            guard let map = parseValueMap() else { return nil }
            values = map
        }
        return ColumnMapping(header: header, target: target, values: values)
    }

    /// `{ "spelling": value, … }`, a trailing comma allowed. A broken entry skips to the map's
    /// closing `}` so the statements after it are still read.
    mutating func parseValueMap() -> ValueMap? {
        let open = current
        guard expect(.lbrace, "`{` to open the map of values") else { return nil }
        var entries: [Item<ValueMapEntry>] = []
        while current.kind != .rbrace, current.kind != .eof {
            var trivia = leadingTrivia()
            let start = current
            guard let spelling = parseQuotedName("a value as the export spells it"),
                  expect(.colon, "`:` and the value it stands for") else {
                skipToClosingBrace()
                return nil
            }
            let value = parseUnary()
            let more = accept(.comma)
            trivia.trailing = takeTrailingComment()
            entries.append(Item(ValueMapEntry(spelling: spelling, value: value), range(from: start), trivia: trivia))
            if !more { break }
        }
        if entries.isEmpty {
            error(.expected("a value as the export spells it", found: describe(current)), at: range(current))
        }
        let closing = takeComments(before: current.start)
        guard current.kind == .rbrace else {
            error(.expected("`,` or `}` to close the map of values", found: describe(current)), at: range(current),
                  notes: [.init(message: "the map opens here", range: range(open))])
            skipToClosingBrace()
            return nil
        }
        let end = advance()
        return ValueMap(entries: entries, closingTrivia: closing,
                        range: SourceRange(file: file, start: Int(open.start), end: Int(end.end)))
    }

    /// Inside a block whose `{` was read: skips past the `}` that closes it.
    private mutating func skipToClosingBrace() {
        var level = 1
        while current.kind != .eof {
            let t = advance()
            if t.kind == .lbrace { level += 1 }
            if t.kind == .rbrace { level -= 1; if level == 0 { return } }
        }
    }
}
