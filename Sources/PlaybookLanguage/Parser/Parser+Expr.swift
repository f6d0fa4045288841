extension Parser {
    /// Words with a meaning inside expressions; they cannot name fields or parameters.
    static let reservedKeywords: [StaticString] = ["and", "or", "not", "in", "is", "missing", "present", "true", "false", "where"]
    static let reservedWords: Set<String> = Set(reservedKeywords.map { "\($0)" })

    mutating func parseExpr() -> Expr {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maxDepth { return tooDeep() }
        return parseBinary(minPrecedence: 1)
    }

    /// Reports deep nesting once and skips the rest of the expression without recursing.
    mutating func tooDeep() -> Expr {
        let start = current
        height = 1
        error(.nestingTooDeep, at: range(start), notes: [.init(message: "split the condition with `let` names", range: nil)])
        var level = 0
        while current.kind != .eof {
            switch current.kind {
            case .lparen, .lbracket: level += 1
            case .rparen, .rbracket:
                if level == 0 { return Expr(.error, range(from: start)) }
                level -= 1
            case .lbrace, .rbrace:
                return Expr(.error, range(from: start))
            default:
                if level == 0, current.newlineBefore, pos > 0, current.start != start.start { return Expr(.error, range(from: start)) }
            }
            _ = advance()
        }
        return Expr(.error, range(from: start))
    }

    func binaryOp(_ t: Token) -> BinaryOp? {
        switch t.kind {
        case .plus: .add
        case .minus: .sub
        case .star: .mul
        case .slash: .div
        case .eq: .eq
        case .ne: .ne
        case .lt: .lt
        case .le: .le
        case .gt: .gt
        case .ge: .ge
        case .identifier:
            isWord(t, "and") ? .and : isWord(t, "or") ? .or : isWord(t, "in") ? .in : nil
        default: nil
        }
    }

    /// Precedence climbing. Operator chains are loops, but each link deepens the tree, so the
    /// tree's height (not just the nesting) counts against the depth budget.
    mutating func parseBinary(minPrecedence: Int) -> Expr {
        var left = parseNot(minPrecedence: minPrecedence)
        var h = height
        defer { height = h }
        while true {
            if isWord(current, "is"), minPrecedence <= 4 {
                h += 1
                if depth + h > Self.maxDepth * 4 {
                    _ = tooDeep()
                    h = 1
                    return Expr(.error, left.range)
                }
                let isTok = advance()
                let negated = accept("not")
                if accept("missing") {
                    left = Expr(.presence(left, present: negated), left.range.to(range(previous)))
                } else if accept("present") {
                    left = Expr(.presence(left, present: !negated), left.range.to(range(previous)))
                } else {
                    error(.expected("`missing` or `present` after `is`", found: describe(current)), at: range(current))
                    left = Expr(.error, left.range.to(range(isTok)))
                }
                continue
            }
            guard let op = binaryOp(current), op.precedence >= minPrecedence else { return left }
            if depth + h + 1 > Self.maxDepth * 4 {
                _ = tooDeep()
                h = 1
                return Expr(.error, left.range)
            }
            _ = advance()
            let right = parseBinary(minPrecedence: op.precedence + 1)
            h = max(h, height) + 1
            left = Expr(.binary(op, left, right), left.range.to(right.range))
        }
    }

    mutating func parseNot(minPrecedence: Int) -> Expr {
        if at("not"), minPrecedence <= 3 {
            let t = advance()
            depth += 1
            defer { depth -= 1 }
            if depth > Self.maxDepth { return tooDeep() }
            let operand = parseBinary(minPrecedence: 3)
            height += 1
            return Expr(.unary(.not, operand), range(t).to(operand.range))
        }
        return parseUnary()
    }

    mutating func parseUnary() -> Expr {
        if current.kind == .minus {
            let t = advance()
            depth += 1
            defer { depth -= 1 }
            if depth > Self.maxDepth { return tooDeep() }
            let operand = parseUnary()
            height += 1
            return Expr(.unary(.negate, operand), range(t).to(operand.range))
        }
        return parsePostfix()
    }

    mutating func parsePostfix() -> Expr {
        var e = parsePrimary()
        var h = height
        defer { height = h }
        while current.kind == .dot {
            _ = advance()
            h += 1
            guard let n = parseIdentifier("a field name after `.`") else { h = 1; return Expr(.error, e.range) }
            if depth + h > Self.maxDepth * 4 { _ = tooDeep(); h = 1; return Expr(.error, e.range) }
            e = Expr(.member(e, n), e.range.to(n.range))
        }
        return e
    }

    mutating func parsePrimary() -> Expr {
        let t = current
        height = 1
        switch t.kind {
        case .number:
            _ = advance()
            let s = text(t)
            let value = Double(s) ?? 0
            if isWord(current, "day") || isWord(current, "days") || isWord(current, "week") || isWord(current, "weeks") {
                let u = advance()
                let unit: DurationUnit = isWord(u, "week") || isWord(u, "weeks") ? .week : .day
                return Expr(.duration(amount: value, amountText: s, unit: unit), range(from: t))
            }
            return Expr(.number(value, text: s), range(t))
        case .date:
            _ = advance()
            let d = CivilDate.parse(bytes[Int(t.start)..<Int(t.end)]) ?? CivilDate(daysSinceEpoch: 0)
            return Expr(.date(d), range(t))
        case .string:
            _ = advance()
            return Expr(.text(parseText(t)), range(t)) // parseText sets the height
        case .lparen:
            _ = advance()
            depth += 1
            defer { depth -= 1 }
            if depth > Self.maxDepth { return tooDeep() }
            let inner = parseBinary(minPrecedence: 1)
            if !expect(.rparen, "`)`") { height = 1; return Expr(.error, range(from: t)) }
            height += 1
            return Expr(.paren(inner), range(from: t))
        case .lbracket:
            _ = advance()
            depth += 1
            defer { depth -= 1 }
            if depth > Self.maxDepth { return tooDeep() }
            var elements: [Expr] = []
            var h = 0
            while current.kind != .rbracket, current.kind != .eof, current.kind != .rbrace {
                elements.append(parseBinary(minPrecedence: 1))
                h = max(h, height)
                if !accept(.comma) { break }
            }
            if !expect(.rbracket, "`,` or `]`") { height = 1; return Expr(.error, range(from: t)) }
            height = h + 1
            return Expr(.list(elements), range(from: t))
        case .identifier:
            if isWord(t, "true") || isWord(t, "false") {
                _ = advance()
                return Expr(.boolean(isWord(t, "true")), range(t))
            }
            let word = text(t)
            // Compared as bytes: hashing every name's String shows in profiles of large files.
            if Self.reservedKeywords.contains(where: { isWord(t, $0) }) {
                error(.expected("a value", found: "`\(word)`"), at: range(t))
                _ = advance()
                return Expr(.error, range(t))
            }
            _ = advance()
            let name = Name(word, range(t))
            guard current.kind == .lparen, current.start == t.end || !current.newlineBefore else {
                return Expr(.name(name), range(t))
            }
            // `any(s in account.stakeholders: s.is_spl)`: an operation with a bound variable.
            if let op = AggregateOp(rawValue: word), peek().kind == .identifier, isWord(peek(2), "in") {
                _ = advance() // (
                let variable = Name(text(current), range(current))
                _ = advance()
                _ = advance() // in
                depth += 1
                defer { depth -= 1 }
                if depth > Self.maxDepth { return tooDeep() }
                let collection = parseBinary(minPrecedence: 1)
                var h = height
                var filter: Expr?
                if accept("where") {
                    filter = parseBinary(minPrecedence: 1)
                    h = max(h, height)
                }
                var body: Expr?
                let needsBody = filter == nil || [.sum, .min, .max, .average].contains(op)
                if needsBody || current.kind == .colon {
                    guard expect(.colon, needsBody && filter == nil ? "`where` or `:` and what to test for each item" : "`:` and what to add up or compare for each item")
                    else { height = 1; return Expr(.error, range(from: t)) }
                    body = parseBinary(minPrecedence: 1)
                    h = max(h, height)
                }
                guard expect(.rparen, "`)`") else { height = 1; return Expr(.error, range(from: t)) }
                height = h + 1
                return Expr(.aggregate(op, variable: variable, collection: collection, filter: filter, body: body), range(from: t))
            }
            _ = advance() // (
            depth += 1
            defer { depth -= 1 }
            if depth > Self.maxDepth { return tooDeep() }
            var args: [Expr] = []
            var h = 0
            while current.kind != .rparen, current.kind != .eof, current.kind != .rbrace {
                args.append(parseBinary(minPrecedence: 1))
                h = max(h, height)
                if !accept(.comma) { break }
            }
            guard expect(.rparen, "`,` or `)`") else { height = 1; return Expr(.error, range(from: t)) }
            height = h + 1
            return Expr(.call(name, args), range(from: t))
        default:
            error(.expected("a value", found: describe(t)), at: range(t))
            // Leave `}` and the end of the file for the block parser to report.
            if t.kind != .rbrace, t.kind != .eof { _ = advance() }
            return Expr(.error, range(t))
        }
    }
}
