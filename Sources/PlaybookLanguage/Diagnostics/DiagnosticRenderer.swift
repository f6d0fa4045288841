/// The one place diagnostics become text: for people, in the Swift compiler's layout, and as
/// JSON for editors and scripts. Rendering is a pure function of the diagnostics and sources.
///
/// A diagnostic with an empty range in an empty file (what `SourceLoader` records for a path it
/// could not read) is about the whole file, so it prints as `path: error: …` with no source
/// line; one whose range names no file prints as `error: …`.
public enum DiagnosticRenderer {
    /// Source lines are cut to about this many columns either side of the caret, so that a
    /// minified or binary file cannot print megabytes per diagnostic.
    static let contextColumns = 100
    /// Tabs are shown as this many spaces, always, rather than aligned to tab stops: the caret
    /// line is computed from the same text, so it stays under the right character either way.
    static let tabWidth = 4

    public static func text(_ diags: [Diagnostic], sources: SourceSet) -> String {
        var out = ""
        for d in diags {
            line(&out, severity: d.severity.rawValue, message: "\(d.text) [\(d.code)]", range: d.range, sources: sources)
            for note in d.notes {
                if let r = note.range {
                    line(&out, severity: "note", message: note.message, range: r, sources: sources)
                } else {
                    out += "note: \(escapeControls(note.message))\n"
                }
            }
            if let s = d.suggestion {
                out += "help: did you mean `\(escapeControls(s))`?\n"
            }
        }
        return out
    }

    /// `2 errors, 1 warning`; errors the bag dropped past its cap are counted and said so.
    public static func summary(_ bag: DiagnosticBag) -> String {
        var s = summary(errors: bag.errorCount, warnings: bag.warningCount)
        if bag.dropped > 0 { s += " (\(bag.dropped) not shown)" }
        return s
    }

    public static func summary(errors: Int, warnings: Int) -> String {
        "\(errors) \(errors == 1 ? "error" : "errors"), \(warnings) \(warnings == 1 ? "warning" : "warnings")"
    }

    // MARK: Text

    private static func line(_ out: inout String, severity: String, message: String, range: SourceRange, sources: SourceSet) {
        let message = escapeControls(message)
        guard let file = sources[range.file] else {
            out += "\(severity): \(message)\n"
            return
        }
        let path = escapeControls(file.path)
        if file.bytes.isEmpty {
            out += "\(path): \(severity): \(message)\n"
            return
        }
        let (l, c) = file.lineColumn(of: Int(range.start))
        out += "\(path):\(l):\(c): \(severity): \(message)\n"
        snippet(&out, file: file, line: l, range: range)
    }

    /// The source line and a caret under the range: `^` at its start, `~` for the rest of it on
    /// that line (to the end of the line when the range goes on to later lines).
    private static func snippet(_ out: inout String, file: SourceFile, line: Int, range: SourceRange) {
        let bytes = file.bytes
        let lineStart = file.lineStarts[line - 1]
        var lineEnd = line < file.lineStarts.count ? file.lineStarts[line] - 1 : bytes.count
        if lineEnd > lineStart, bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
        let start = min(max(Int(range.start), lineStart), lineEnd)
        let markEnd = min(max(Int(range.end), start), lineEnd)

        // Decode only a window of bytes around the range (four bytes is the widest character).
        let budget = contextColumns * 4
        let lo = boundary(bytes, max(lineStart, start - budget), forwardTo: start)
        let markHi = boundary(bytes, min(markEnd, start + budget), backTo: start)
        let hi = boundary(bytes, min(lineEnd, markHi + budget), backTo: markHi)

        var before = cells(bytes[lo..<start])
        var marked = cells(bytes[start..<markHi])
        var after = cells(bytes[markHi..<hi])
        let cutBefore = lo > lineStart || before.width > contextColumns
        if cutBefore { before.keepLast(contextColumns - 1) }
        var cutAfter = hi < lineEnd || markHi < markEnd
        if marked.width > contextColumns {
            marked.keepFirst(contextColumns)
            after = Cells()
            cutAfter = true
        }
        if marked.width + after.width > contextColumns {
            after.keepFirst(contextColumns - marked.width)
            cutAfter = true
        }

        out += (cutBefore ? "…" : "") + before.text + marked.text + after.text + (cutAfter ? "…" : "") + "\n"
        let pad = String(repeating: " ", count: (cutBefore ? 1 : 0) + before.width)
        out += pad + "^" + String(repeating: "~", count: max(0, marked.width - 1)) + "\n"
    }

    /// Printed characters with their terminal widths, kept so that trimming a long line to a
    /// window is linear rather than re-measuring the line for every character dropped.
    struct Cells {
        private var items: [(text: String, width: Int)] = []
        private(set) var width = 0

        mutating func append(_ text: String, width w: Int) {
            items.append((text, w))
            width += w
        }

        mutating func keepLast(_ columns: Int) {
            var drop = 0
            while width > columns, drop < items.count { width -= items[drop].width; drop += 1 }
            items.removeFirst(drop)
        }

        mutating func keepFirst(_ columns: Int) {
            while width > columns, let last = items.popLast() { width -= last.width }
        }

        var text: String { items.map(\.text).joined() }
    }

    private static func boundary(_ bytes: [UInt8], _ i: Int, forwardTo limit: Int) -> Int {
        var i = i
        while i < limit, bytes[i] & 0xC0 == 0x80 { i += 1 }
        return i
    }

    private static func boundary(_ bytes: [UInt8], _ i: Int, backTo limit: Int) -> Int {
        var i = i
        while i > limit, i < bytes.count, bytes[i] & 0xC0 == 0x80 { i -= 1 }
        return i
    }

    /// Each character of the text as it will be printed: tabs as spaces, control characters
    /// escaped, invalid UTF-8 as U+FFFD. ASCII, nearly all of a playbook, takes a fast path.
    private static func cells(_ bytes: ArraySlice<UInt8>) -> Cells {
        var cells = Cells()
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b < 0x80 {
                if b == 0x09 {
                    cells.append(String(repeating: " ", count: tabWidth), width: tabWidth)
                } else if b < 0x20 || b == 0x7F {
                    let escaped = escapeControls(String(Unicode.Scalar(b)))
                    cells.append(escaped, width: escaped.utf8.count)
                } else {
                    cells.append(String(Unicode.Scalar(b)), width: 1)
                }
                i += 1
                continue
            }
            var j = i + 1
            while j < bytes.endIndex, bytes[j] >= 0x80 { j += 1 }
            for u in String(decoding: bytes[i..<j], as: UTF8.self).unicodeScalars {
                if isUnsafe(u) {
                    let escaped = escapeControls(String(u))
                    cells.append(escaped, width: escaped.utf8.count)
                } else {
                    cells.append(String(u), width: displayWidth(u))
                }
            }
            i = j
        }
        return cells
    }

    /// Terminal columns: none for combining marks and joiners, two for East Asian wide
    /// characters and most emoji, one for the rest.
    static func displayWidth(_ u: Unicode.Scalar) -> Int {
        let v = u.value
        if v < 0x300 { return 1 }
        switch u.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) && v != 0x303F
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v)
            || (0x1F300...0x1F64F).contains(v) || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v)
        return wide ? 2 : 1
    }

    /// Control and bidirectional-override characters would move the cursor or reorder the line
    /// in a terminal; they print as `\u{…}` escapes instead.
    static func escapeControls(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: isUnsafe) else { return s }
        var out = ""
        for u in s.unicodeScalars {
            if isUnsafe(u) {
                out += "\\u{" + String(u.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    private static func isUnsafe(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x200E || v == 0x200F
            || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }

    // MARK: JSON

    /// An array with one object per diagnostic, keys always in the same order, one object per
    /// line. Lines and columns are 1-based; `endColumn` is just past the range, and a
    /// diagnostic that names no file has `null` for its file and positions.
    public static func json(_ diags: [Diagnostic], sources: SourceSet) -> String {
        if diags.isEmpty { return "[]\n" }
        let objects = diags.map { d -> JSONText.Value in
            var o = JSONText.Object()
            o.add("code", d.code)
            o.add("severity", d.severity.rawValue)
            o.add("message", d.text)
            if let f = sources[d.range.file] {
                let s = f.lineColumn(of: Int(d.range.start))
                let e = f.lineColumn(of: Int(max(d.range.start, d.range.end)))
                o.add("file", f.path)
                o.add("line", s.line)
                o.add("column", s.column)
                o.add("endLine", e.line)
                o.add("endColumn", e.column)
            } else {
                for key in ["file", "line", "column", "endLine", "endColumn"] { o.add(key, JSONText.Value.null) }
            }
            let notes = d.notes.map { n -> JSONText.Value in
                var no = JSONText.Object()
                no.add("message", n.message)
                if let r = n.range, let f = sources[r.file] {
                    let p = f.lineColumn(of: Int(r.start))
                    no.add("file", f.path)
                    no.add("line", p.line)
                    no.add("column", p.column)
                }
                return no.value
            }
            o.add("notes", .array(notes))
            if let s = d.suggestion { o.add("suggestion", s) }
            return o.value
        }
        return JSONText.Value.array(objects, layout: .block).text(.spaced) + "\n"
    }

    static func jsonString(_ s: String) -> String { JSONText.quote(s) }
}
