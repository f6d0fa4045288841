/// `source` declarations: files one per line with their columns in a block, and a column's map
/// of values on its line when it fits and holds no comment, else one value per line.
extension Printer {
    mutating func source(_ s: SourceDecl, trailing: String) {
        emit(0, "source \(ExprPrinter.quoted(s.name.text)) {")
        block(s.items, closing: s.closingTrivia, indent: Self.step) { pr, item, indent, trailing in
            switch item {
            case .file(let f): pr.fileMapping(f, indent: indent, trailing: trailing)
            }
        }
        emit(0, "}" + trailing)
    }

    mutating func fileMapping(_ f: FileMapping, indent: Int, trailing: String) {
        let head = "file \(ExprPrinter.quoted(f.file.text)) as \(f.entity.text)"
        // An empty block says nothing: it goes, unless it holds a comment.
        guard let b = f.block, !b.items.isEmpty || !b.closingTrivia.isEmpty else {
            emit(indent, head + trailing)
            return
        }
        emit(indent, head + " {")
        block(b.items, closing: b.closingTrivia, indent: indent + Self.step) { pr, m, indent, trailing in
            pr.columnMapping(m, indent: indent, trailing: trailing)
        }
        emit(indent, "}" + trailing)
    }

    mutating func columnMapping(_ m: ColumnMapping, indent: Int, trailing: String) {
        let head = "column \(ExprPrinter.quoted(m.header.text)) as \(m.target.text)"
        guard let map = m.values else {
            emit(indent, head + trailing)
            return
        }
        let entries = map.entries.map { entry($0.kind) }
        let commented = !map.closingTrivia.isEmpty || map.entries.contains { !$0.trivia.leading.isEmpty || $0.trivia.trailing != nil }
        let flat = head + " with { " + entries.joined(separator: ", ") + " }"
        if !commented, indent + flat.count <= ExprPrinter.width {
            emit(indent, flat + trailing)
            return
        }
        emit(indent, head + " with {")
        block(map.entries, closing: map.closingTrivia, indent: indent + Self.step) { pr, e, indent, trailing in
            pr.emit(indent, pr.entry(e) + "," + trailing)
        }
        emit(indent, "}" + trailing)
    }

    private func entry(_ e: ValueMapEntry) -> String {
        "\(ExprPrinter.quoted(e.spelling.text)): \(exprs.flat(e.value))"
    }
}
