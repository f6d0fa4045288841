/// The canonical layout of a playbook file: what `playbook fmt` writes.
public enum Format {
    /// Canonical text of a file that parsed without errors. Every comment of the tree is kept;
    /// `source` is read only for layout the tree does not record (a blank line between a comment
    /// and the statement it precedes) and for the text of `.error` nodes.
    public static func file(_ ast: FileAST, source: SourceFile) -> String {
        var p = Printer(source: source)
        p.file(ast)
        return p.finish()
    }
}

/// Writes lines with indentation and the blank lines and comments around statements.
struct Printer {
    let source: SourceFile
    let exprs: ExprPrinter
    private var out = ""

    init(source: SourceFile) {
        self.source = source
        self.exprs = ExprPrinter(source: source)
    }

    static let step = 2

    mutating func emit(_ indent: Int, _ text: String) {
        out += String(repeating: " ", count: indent) + text + "\n"
    }

    mutating func blank() {
        // Never two blank lines in a row, and none at the start of the file.
        if out.isEmpty || out.hasSuffix("\n\n") { return }
        out += "\n"
    }

    mutating func finish() -> String {
        while out.hasSuffix("\n\n") { out.removeLast() }
        if out.isEmpty { return "\n" }
        return out
    }

    mutating func file(_ ast: FileAST) {
        for (i, item) in ast.items.enumerated() {
            // Exactly one blank line between declarations, whatever the source had.
            if i > 0 { blank() }
            comments(item.trivia.leading, indent: 0, blankBeforeFirst: false)
            blankAfterComments(item.trivia.leading, before: item.range)
            let trailing = suffix(item.trivia.trailing)
            switch item.kind {
            case .field(let f): emit(0, field(f) + trailing)
            case .playbook(let p): playbook(p, trailing: trailing)
            case .source(let s): source(s, trailing: trailing)
            }
        }
        comments(ast.trailingComments, indent: 0, blankBeforeFirst: ast.trailingComments.first?.blankLineBefore ?? false)
    }

    // MARK: Blocks and trivia

    /// The statements of a block at `indent`, each after its comments, then the comments that
    /// come before the closing `}`.
    mutating func block<K>(_ items: [Item<K>], closing: [Comment], indent: Int,
                           _ statement: (inout Printer, K, _ indent: Int, _ trailing: String) -> Void) {
        for (i, item) in items.enumerated() {
            // A blank line the user left between statements stays, but not right after `{`.
            let blankBefore = i > 0 && item.trivia.blankLineBefore
            if blankBefore { blank() }
            comments(item.trivia.leading, indent: indent, blankBeforeFirst: blankBefore)
            blankAfterComments(item.trivia.leading, before: item.range)
            statement(&self, item.kind, indent, suffix(item.trivia.trailing))
        }
        comments(closing, indent: indent, blankBeforeFirst: !items.isEmpty && (closing.first?.blankLineBefore ?? false))
    }

    /// Comments on their own lines, keeping a blank line before each that had one; the first
    /// one's blank line is the caller's decision (it depends on what came before).
    mutating func comments(_ list: [Comment], indent: Int, blankBeforeFirst: Bool) {
        for (i, c) in list.enumerated() {
            if i == 0 ? blankBeforeFirst : c.blankLineBefore { blank() }
            emit(indent, Self.clean(c))
        }
    }

    /// The lexer records blank lines before comments and tokens but not between a comment and
    /// the statement after it; a header comment set apart from the first declaration should
    /// stay apart, so the source is asked. A comment that came from inside the previous
    /// statement (`[\n "a",  # why\n "b",\n]`) has code after it, not a blank line.
    mutating func blankAfterComments(_ leading: [Comment], before statement: SourceRange) {
        guard let last = leading.last else { return }
        let lo = min(Int(last.range.end), source.bytes.count)
        let hi = min(max(Int(statement.start), lo), source.bytes.count)
        var newlines = 0
        for b in source.bytes[lo..<hi] {
            switch b {
            case UInt8(ascii: "\n"): newlines += 1
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): continue
            default: return
            }
        }
        if newlines > 1 { blank() }
    }

    func suffix(_ c: Comment?) -> String { c.map { "  " + Self.clean($0) } ?? "" }

    static func clean(_ c: Comment) -> String {
        var t = Substring(c.text)
        while let l = t.last, l == " " || l == "\t" || l == "\r" { t.removeLast() }
        return String(t)
    }

    // MARK: Expressions in statements

    /// One statement's text: flat when the line fits, otherwise with its lists broken.
    func fit(indent: Int, _ render: (ExprPrinter.Mode) -> String) -> String {
        let flat = render(.flat)
        if indent + flat.count <= ExprPrinter.width { return flat }
        return render(.broken(indent: indent))
    }

    /// `keyword expr`, the shape of most statements.
    func simple(_ keyword: String, _ e: Expr, indent: Int) -> String {
        if case .binary = e.kind {
            return keyword + " " + exprs.fit(e, indent: indent, column: indent + keyword.count + 1)
        }
        if case .call = e.kind {
            return keyword + " " + exprs.fit(e, indent: indent, column: indent + keyword.count + 1)
        }
        return fit(indent: indent) { keyword + " " + exprs.render(e, $0) }
    }

    func text(_ t: TextTemplate) -> String { exprs.text(t) }
}
