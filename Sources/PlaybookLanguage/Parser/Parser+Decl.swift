extension Parser {
    static let playbookKeywords: [StaticString] = ["title", "description", "phase", "stage", "applies", "param", "set", "let", "rule", "change", "disable", "field"]
    static let ruleKeywords: [StaticString] = ["title", "description", "each", "when", "for", "task", "resolve", "cooldown"]
    static let taskKeywords: [StaticString] = ["title", "description", "owner", "due", "priority", "steps", "tags"]
    static let topKeywords: [StaticString] = ["playbook", "field", "source"]
    /// Settings that may appear once per block.
    static let playbookSingletons: [StaticString] = ["title", "description", "phase", "stage", "applies"]
    static let ruleSingletons: [StaticString] = ["title", "description", "each", "when", "for", "task", "resolve", "cooldown"]
    static let taskSingletons: [StaticString] = ["title", "description", "owner", "due", "priority", "steps", "tags"]

    static func names(_ k: [StaticString]) -> [String] { k.map { "\($0)" } }

    mutating func parseFile() -> FileAST {
        var items: [Item<TopLevel>] = []
        while current.kind != .eof {
            var trivia = leadingTrivia()
            let start = current
            var decl: TopLevel?
            if at("playbook") {
                decl = parsePlaybook().map(TopLevel.playbook)
            } else if at("field") {
                decl = parseField().map(TopLevel.field)
            } else if at("source") {
                decl = parseSource().map(TopLevel.source)
            } else {
                let found = current
                error(.unexpectedTopLevel(describe(found)), at: range(found),
                      suggestion: found.kind == .identifier ? Suggestions.closest(to: text(found), in: Self.names(Self.topKeywords)) : nil)
                recover(to: Self.topKeywords)
                if current.kind == .rbrace { _ = advance() }
                continue
            }
            if let decl {
                trivia.trailing = takeTrailingComment()
                items.append(Item(decl, range(from: start), trivia: trivia))
            } else {
                recover(to: Self.topKeywords)
                if current.kind == .rbrace { _ = advance() }
            }
        }
        return FileAST(file: file, items: items, trailingComments: takeComments(before: Int32.max))
    }

    /// `{ item* }` with recovery; reports a missing `}` at the block's opening brace.
    mutating func parseBlock<K>(_ blockName: String, keywords: [StaticString], singletons: [StaticString],
                                _ parseItem: (inout Parser) -> K?) -> (items: [Item<K>], closing: [Comment], end: Token) {
        let open = current
        // Accepted first: the message is built only when the brace is missing.
        guard accept(.lbrace) || expect(.lbrace, "`{` to open the \(blockName) block") else { return ([], [], previous) }
        var items: [Item<K>] = []
        // Where each setting that may appear once was first written, by its index in
        // `singletons`: blocks are small, so a short array beats hashing the word.
        var seen: [SourceRange?] = []
        while current.kind != .rbrace, current.kind != .eof {
            var trivia = leadingTrivia()
            let start = current
            guard current.kind == .identifier, keywords.contains(where: { isWord(current, $0) }) else {
                let word = text(current)
                if current.kind == .identifier {
                    error(.unknownSetting(word, block: blockName), at: range(current),
                          suggestion: Suggestions.closest(to: word, in: Self.names(keywords)),
                          notes: [.init(message: "a `\(blockName)` block may hold: \(Self.names(keywords).joined(separator: ", "))")])
                } else {
                    error(.expected("a setting of the `\(blockName)` block", found: describe(current)), at: range(current))
                }
                recover(to: keywords)
                continue
            }
            let before = diagnostics.items.count
            let startPos = pos
            if let k = parseItem(&self) {
                let r = range(from: start)
                if let once = singletons.firstIndex(where: { isWord(start, $0) }) {
                    if seen.isEmpty { seen = Array(repeating: nil, count: singletons.count) }
                    if let first = seen[once] {
                        error(.duplicateSetting(text(start)), at: SourceRange(file: file, start: Int(start.start), end: Int(start.end)),
                              notes: [.init(message: "first set here", range: first)])
                    } else {
                        seen[once] = r
                    }
                }
                trivia.trailing = takeTrailingComment()
                items.append(Item(k, r, trivia: trivia))
                // A statement that parsed with errors may have stopped early: skip its remains.
                if diagnostics.items.count > before, !atStatementStart(keywords) { recover(to: keywords) }
            } else if !atStatementStart(keywords) || pos == startPos {
                recover(to: keywords)
            }
        }
        if current.kind == .rbrace {
            let closing = takeComments(before: current.start)
            let end = advance()
            return (items, closing, end)
        }
        error(.unclosedBlock(blockName), at: range(open),
              notes: [.init(message: "the file ends before the block is closed; add `}` after its last setting", range: nil)])
        return (items, takeComments(before: current.start), previous)
    }

    /// Whether the next statement can start here: the block ends, or a setting word begins a
    /// line or is followed by `{` or quoted text (`task {`, `title "…"`).
    func atStatementStart(_ keywords: [StaticString]) -> Bool {
        if current.kind == .rbrace || current.kind == .eof { return true }
        guard current.kind == .identifier, keywords.contains(where: { isWord(current, $0) }) else { return false }
        return current.newlineBefore || peek().kind == .lbrace || peek().kind == .string
    }

    /// A quoted name such as a playbook or rule id: plain text, no `{…}`.
    mutating func parseQuotedName(_ what: String) -> Name? {
        guard current.kind == .string else {
            error(.expected("\(what) in quotes", found: describe(current)), at: range(current))
            return nil
        }
        let t = advance()
        let template = parseText(t)
        guard let plain = template.plain, !plain.isEmpty else {
            error(.expected("\(what) without `{…}`", found: "text with interpolation"), at: range(t))
            return Name(text(t), range(t))
        }
        return Name(plain, range(t))
    }

    mutating func parseIdentifier(_ what: String) -> Name? {
        guard current.kind == .identifier else {
            error(.expected(what, found: describe(current)), at: range(current))
            return nil
        }
        let t = advance()
        return Name(text(t), range(t))
    }

    mutating func parseTextSetting(_ what: String) -> TextTemplate? {
        guard current.kind == .string else {
            error(.expected("\(what) in quotes", found: describe(current)), at: range(current))
            return nil
        }
        return parseText(advance())
    }

    // MARK: Declarations

    mutating func parsePlaybook() -> PlaybookDecl? {
        let start = advance() // playbook
        guard let id = parseQuotedName("a playbook id") else { return nil }
        var base: Name?
        if accept("extends") {
            guard let b = parseQuotedName("the id of the playbook to extend") else { return nil }
            base = b
        }
        let block = parseBlock("playbook", keywords: Self.playbookKeywords,
                               singletons: Self.playbookSingletons) { p in p.parsePlaybookItem() }
        return PlaybookDecl(id: id, extends: base, items: block.items, closingTrivia: block.closing,
                            range: SourceRange(file: file, start: Int(start.start), end: Int(block.end.end)))
    }

    mutating func parsePlaybookItem() -> PlaybookItem? {
        let kw = advance()
        if isWord(kw, "title") { return parseTextSetting("a title").map(PlaybookItem.title) }
        if isWord(kw, "description") { return parseTextSetting("a description").map(PlaybookItem.description) }
        if isWord(kw, "phase") { return .phase(parseExpr()) }
        if isWord(kw, "stage") { return parseIdentifier("a stage (initial, user_readiness or ongoing)").map(PlaybookItem.stage) }
        if isWord(kw, "applies") {
            guard expect("when") else { return nil }
            return .appliesWhen(parseExpr())
        }
        if isWord(kw, "param") {
            guard let name = parseIdentifier("a parameter name") else { return nil }
            var type: TypeRef?
            if accept(.colon) { guard let t = parseType() else { return nil }; type = t }
            guard expect(.assign, "`=` and the parameter's default value") else { return nil }
            return .param(ParamDecl(name: name, type: type, value: parseExpr()))
        }
        if isWord(kw, "set") {
            guard let name = parseIdentifier("the name of a parameter to set") else { return nil }
            guard expect(.assign, "`=` and the new value") else { return nil }
            return .set(name, parseExpr())
        }
        if isWord(kw, "let") {
            guard let name = parseIdentifier("a name") else { return nil }
            guard expect(.assign, "`=` and an expression") else { return nil }
            return .let(name, parseExpr())
        }
        if isWord(kw, "rule") { return parseRule(start: kw).map(PlaybookItem.rule) }
        if isWord(kw, "change") {
            guard expect("rule") else { return nil }
            return parseRule(start: kw).map(PlaybookItem.changeRule)
        }
        if isWord(kw, "disable") {
            guard expect("rule") else { return nil }
            return parseQuotedName("the id of the rule to disable").map(PlaybookItem.disableRule)
        }
        if isWord(kw, "field") { pos -= 1; return parseField().map(PlaybookItem.field) }
        return nil
    }

    mutating func parseField() -> FieldDecl? {
        _ = advance() // field
        guard let entity = parseIdentifier("a record type such as `account`") else { return nil }
        guard expect(.dot, "`.` and the field name") else { return nil }
        guard let name = parseIdentifier("a field name") else { return nil }
        guard expect(.colon, "`:` and the field's type") else { return nil }
        guard let type = parseType() else { return nil }
        return FieldDecl(entity: entity, name: name, type: type)
    }

    /// `number`, `text`, `list of text`, `one of "gold", "silver"`.
    mutating func parseType() -> TypeRef? {
        // `list of` is read in a loop and its depth bounded: types are walked recursively by
        // the checker, the formatter and the engine, and a generated file may nest thousands.
        var lists: [Token] = []
        while at("list") {
            let t = advance()
            guard expect("of") else { return nil }
            if lists.count == Self.maxTypeDepth {
                error(.typeNestedTooDeep(Self.maxTypeDepth), at: range(t))
                while accept("list") || accept("of") {}
                _ = parseType()
                return nil
            }
            lists.append(t)
        }
        guard var type = parseElementType() else { return nil }
        for t in lists.reversed() { type = TypeRef(kind: .list(type), range: range(from: t)) }
        return type
    }

    /// How many `list of` a type may nest; real data nests one or two.
    static let maxTypeDepth = 16

    private mutating func parseElementType() -> TypeRef? {
        let start = current
        if accept("one") {
            guard expect("of") else { return nil }
            var values: [Name] = []
            repeat {
                guard let v = parseQuotedName("a value") else { return nil }
                values.append(v)
            } while accept(.comma)
            return TypeRef(kind: .oneOf(values), range: range(from: start))
        }
        guard let n = parseIdentifier("a type (number, text, boolean, date, duration, list of …, one of …)") else { return nil }
        return TypeRef(kind: .named(n), range: n.range)
    }

    mutating func parseRule(start: Token) -> RuleDecl? {
        guard let id = parseQuotedName("a rule id") else { return nil }
        let block = parseBlock("rule", keywords: Self.ruleKeywords,
                               singletons: Self.ruleSingletons) { p in p.parseRuleItem() }
        return RuleDecl(id: id, items: block.items, closingTrivia: block.closing,
                        range: SourceRange(file: file, start: Int(start.start), end: Int(block.end.end)))
    }

    mutating func parseRuleItem() -> RuleItem? {
        let kw = advance()
        if isWord(kw, "title") { return parseTextSetting("a title").map(RuleItem.title) }
        if isWord(kw, "description") { return parseTextSetting("a description").map(RuleItem.description) }
        if isWord(kw, "each") {
            guard let v = parseIdentifier("a name for each item, as in `each kpi in account.kpis`") else { return nil }
            guard expect("in") else { return nil }
            return .each(v, parseExpr())
        }
        if isWord(kw, "when") { return .when(parseExpr()) }
        if isWord(kw, "for") { return .for(parseExpr()) }
        if isWord(kw, "cooldown") { return .cooldown(parseExpr()) }
        if isWord(kw, "resolve") {
            guard let how = parseIdentifier("`automatically` or `manually`") else { return nil }
            guard let r = Resolution(rawValue: how.text) else {
                error(.unknownResolution(how.text), at: how.range,
                      suggestion: Suggestions.closest(to: how.text, in: ["automatically", "manually"]))
                return nil
            }
            return .resolve(r, how)
        }
        if isWord(kw, "task") {
            let block = parseBlock("task", keywords: Self.taskKeywords,
                                   singletons: Self.taskSingletons) { p in p.parseTaskItem() }
            return .task(TaskDecl(items: block.items, closingTrivia: block.closing,
                                  range: SourceRange(file: file, start: Int(kw.start), end: Int(block.end.end))))
        }
        return nil
    }

    mutating func parseTaskItem() -> TaskItem? {
        let kw = advance()
        if isWord(kw, "title") { return parseTextSetting("a title").map(TaskItem.title) }
        if isWord(kw, "description") { return parseTextSetting("a description").map(TaskItem.description) }
        if isWord(kw, "owner") {
            var owners = [parseExpr()]
            while accept("else") { owners.append(parseExpr()) }
            return .owner(owners)
        }
        if isWord(kw, "due") {
            if accept("on") { return .due(.on(parseExpr())) }
            guard expect("in") else { return nil }
            // `in 3 business days` is not an expression on its own: business days only make
            // sense counted from a date, so the form lives here.
            if (current.kind == .number || current.kind == .identifier), isWord(peek(), "business") {
                let amount = parseUnary()
                _ = advance() // business
                guard accept("days") || accept("day") else {
                    error(.expected("`days` after `business`", found: describe(current)), at: range(current))
                    return nil
                }
                return .due(.after(amount, businessDays: true))
            }
            return .due(.after(parseExpr(), businessDays: false))
        }
        if isWord(kw, "priority") {
            guard let p = parseIdentifier("a priority (low, normal, high or urgent)") else { return nil }
            return .priority(p)
        }
        if isWord(kw, "steps") { return .steps(parseExpr()) }
        if isWord(kw, "tags") { return .tags(parseExpr()) }
        return nil
    }
}
