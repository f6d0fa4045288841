/// An RFC 4180 reader over raw bytes. Fields come back as byte ranges (see `RawField`), never as
/// Strings, so a file of millions of rows is read without building text it does not need.
///
/// Line breaks are LF, CRLF or a lone CR (old Mac exports); each counts as one line for
/// positions. A UTF-8 byte-order mark at the start is skipped (one further in, or a NUL, is
/// reported). Empty lines are skipped. Syntax problems do
/// not stop the reader: each is added to `errors`, the row is marked `hasError`, and reading
/// carries on, so one stray quote does not hide the problems in the rest of the file.
package struct CSVReader {
    /// The bytes read so far and not yet consumed: the whole input, or a window of a file that
    /// `refill` slides along. Field ranges point into it until the next call to `next`.
    package private(set) var bytes: [UInt8]
    package private(set) var errors: [SyntaxError] = []

    private var source: ByteSource?
    private var pos: Int
    private var line = 1
    private var lineStart: Int
    /// UTF-8 continuation bytes between `lineStart` and `pos`: column = bytes - extra + 1.
    private var lineExtra = 0
    /// A file saved in another encoding has bad bytes on every line; one report per row is plenty.
    private var reportedUTF8InRecord = false
    private var reportedNULInRecord = false
    private var sawBOMCheck = false

    private static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

    package init(bytes: [UInt8]) {
        self.bytes = bytes
        pos = 0
        lineStart = 0
        skipBOM()
    }

    /// Reads `source` a window at a time, so memory holds the longest row, not the file.
    package init(source: ByteSource) {
        bytes = []
        self.source = source
        pos = 0
        lineStart = 0
    }

    /// The reading failed (not a syntax problem: the file went away or could not be read).
    package var readFailed: Bool { source?.failed ?? false }

    private mutating func skipBOM() {
        sawBOMCheck = true
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { pos = 3; lineStart = 3 }
    }

    /// Syntax problems found so far are handed over, so a file with a bad row on every line
    /// does not pile them up here.
    package mutating func takeErrors() -> [SyntaxError] {
        defer { errors.removeAll(keepingCapacity: true) }
        return errors
    }

    /// Reads the next non-empty row into `record`; false at the end of the file.
    ///
    /// A row that reaches the end of the window may continue past it: the reader forgets what it
    /// saw of that row, slides the window to the row's start, reads more and tries again.
    package mutating func next(into record: inout RawRecord) -> Bool {
        while true {
            let saved = (pos, line, lineStart, lineExtra, errors.count)
            record.reset()
            reportedUTF8InRecord = false
            reportedNULInRecord = false
            let found = bytes.withUnsafeBufferPointer { p in readRecord(p, &record) }
            guard let source, !source.atEnd, pos >= bytes.count else { return found }
            (pos, line, lineStart, lineExtra) = (saved.0, saved.1, saved.2, saved.3)
            errors.removeSubrange(saved.4...)
            refill(source)
            // The mark is looked for once three bytes are there (windows in tests are tiny).
            if !sawBOMCheck, bytes.count >= 3 || source.atEnd { skipBOM() }
        }
    }

    /// Drops the bytes before `pos`, then reads at least as much again as the row so far holds.
    private mutating func refill(_ source: ByteSource) {
        if pos > 0 {
            bytes.removeSubrange(..<pos)
            lineStart -= pos
            pos = 0
        }
        source.read(into: &bytes, atLeast: max(source.chunk, bytes.count))
    }

    /// Every row as strings, with the syntax errors; for tests and small files.
    package static func readAll(_ bytes: [UInt8]) -> (rows: [[String]], errors: [SyntaxError]) {
        var reader = CSVReader(bytes: bytes)
        var record = RawRecord()
        var rows: [[String]] = []
        while reader.next(into: &record) {
            rows.append(record.fields.map { record.string($0, file: bytes) })
        }
        return (rows, reader.errors)
    }

    @inline(__always)
    private var column: Int { pos - lineStart - lineExtra + 1 }

    @inline(__always)
    private mutating func newLine() {
        line += 1
        lineStart = pos
        lineExtra = 0
    }

    private mutating func fail(_ message: ImportMessage, line: Int, column: Int, _ record: inout RawRecord) {
        errors.append(SyntaxError(line: line, column: column, reason: message.text))
        record.hasError = true
    }

    /// Consumes one line break at `pos`, if there is one.
    @inline(__always)
    private mutating func consumeLineBreak(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        guard pos < p.count else { return false }
        if p[pos] == Self.lf {
            pos += 1
        } else if p[pos] == Self.cr {
            pos += 1
            if pos < p.count, p[pos] == Self.lf { pos += 1 }
        } else {
            return false
        }
        newLine()
        return true
    }

    private mutating func readRecord(_ p: UnsafeBufferPointer<UInt8>, _ record: inout RawRecord) -> Bool {
        while consumeLineBreak(p) {}
        guard pos < p.count else { return false }
        record.line = line
        record.column = column
        while true {
            if p[pos] == Self.quote {
                readQuoted(p, &record)
            } else {
                readUnquoted(p, &record)
            }
            // The field ends at a comma, a line break or the end of the file.
            if pos < p.count, p[pos] == Self.comma {
                pos += 1
                if pos == p.count {
                    // A trailing comma on the last line still opens one more (empty) field.
                    record.fields.append(RawField(start: pos, end: pos, line: line, column: column, inScratch: false))
                    return true
                }
                continue
            }
            _ = consumeLineBreak(p)
            return true
        }
    }

    /// Scans to the next comma or line break; the common case, so the loop body is one test
    /// for the bytes that cannot be special (everything from `-` to DEL).
    private mutating func readUnquoted(_ p: UnsafeBufferPointer<UInt8>, _ record: inout RawRecord) {
        let start = pos, startLine = line, startColumn = column
        let n = p.count
        while pos < n {
            // Local index so the scan runs in a register, not through `self`.
            var i = pos
            while i < n, p[i] >= 0x2D, p[i] < 0x80 { i += 1 }
            pos = i
            guard i < n else { break }
            let b = p[i]
            if b >= 0x2D && b < 0x80 { continue }
            if b == Self.comma || b == Self.lf || b == Self.cr { break }
            if b == Self.quote {
                fail(.quoteInUnquotedField, line: line, column: column, &record)
                pos += 1
            } else if b >= 0x80 {
                skipNonASCII(p, &record)
            } else {
                skipControl(p, &record)
            }
        }
        record.fields.append(RawField(start: start, end: pos, line: startLine, column: startColumn, inScratch: false))
    }

    private mutating func readQuoted(_ p: UnsafeBufferPointer<UInt8>, _ record: inout RawRecord) {
        let startLine = line, startColumn = column
        let n = p.count
        pos += 1
        let contentStart = pos
        var segment = pos
        var scratchStart = -1 // set once a doubled quote forces the content into scratch
        while true {
            guard pos < n else {
                fail(.unterminatedQuote, line: startLine, column: startColumn, &record)
                finishQuoted(p, &record, contentStart, segment, scratchStart, end: n, startLine, startColumn)
                return
            }
            var i = pos
            while i < n, p[i] != Self.quote, p[i] >= 0x20, p[i] < 0x80 { i += 1 }
            pos = i
            guard pos < n else { continue }
            let b = p[pos]
            if b == Self.quote {
                if pos + 1 < n, p[pos + 1] == Self.quote {
                    // Keep one quote of the pair: copy up to and including it, skip the other.
                    if scratchStart < 0 { scratchStart = record.scratch.count }
                    record.scratch.append(contentsOf: UnsafeBufferPointer(rebasing: p[segment...pos]))
                    pos += 2
                    segment = pos
                    continue
                }
                let end = pos
                pos += 1
                finishQuoted(p, &record, contentStart, segment, scratchStart, end: end, startLine, startColumn)
                skipAfterClosingQuote(p, &record)
                return
            }
            if b == Self.lf || b == Self.cr {
                _ = consumeLineBreak(p)
            } else if b >= 0x80 {
                skipNonASCII(p, &record)
            } else {
                skipControl(p, &record)
            }
        }
    }

    private func finishQuoted(_ p: UnsafeBufferPointer<UInt8>, _ record: inout RawRecord, _ contentStart: Int, _ segment: Int,
                              _ scratchStart: Int, end: Int, _ startLine: Int, _ startColumn: Int) {
        if scratchStart < 0 {
            record.fields.append(RawField(start: contentStart, end: end, line: startLine, column: startColumn, inScratch: false))
        } else {
            record.scratch.append(contentsOf: UnsafeBufferPointer(rebasing: p[segment..<end]))
            record.fields.append(RawField(start: scratchStart, end: record.scratch.count, line: startLine, column: startColumn, inScratch: true))
        }
    }

    /// After a closing quote only a comma or a line break may follow; anything else is
    /// reported once and skipped up to the next comma or line break.
    private mutating func skipAfterClosingQuote(_ p: UnsafeBufferPointer<UInt8>, _ record: inout RawRecord) {
        guard pos < p.count else { return }
        let b = p[pos]
        if b == Self.comma || b == Self.lf || b == Self.cr { return }
        fail(.textAfterClosingQuote, line: line, column: column, &record)
        while pos < p.count {
            let c = p[pos]
            if c == Self.comma || c == Self.lf || c == Self.cr { return }
            if c >= 0x80 { skipNonASCII(p, &record) } else { pos += 1 }
        }
    }

    /// A control character other than a line break is kept, but a NUL is never text: the file
    /// is binary or UTF-16, so it is reported (once per row).
    @inline(__always)
    private mutating func skipControl(_ p: UnsafeBufferPointer<UInt8>, _ record: inout RawRecord) {
        if p[pos] == 0, !reportedNULInRecord {
            fail(.nulInField, line: line, column: column, &record)
            reportedNULInRecord = true
        }
        pos += 1
    }

    @inline(__always)
    private mutating func skipNonASCII(_ p: UnsafeBufferPointer<UInt8>, _ record: inout RawRecord) {
        let length = UTF8Check.sequenceLength(p, pos)
        if length == 0 {
            if !reportedUTF8InRecord { fail(.invalidUTF8, line: line, column: column, &record) }
            reportedUTF8InRecord = true
            pos += 1
        } else {
            // Only the file's first bytes may be a byte-order mark: one further in comes from
            // files joined together, and would become part of an id.
            if length == 3, p[pos] == 0xEF, p[pos + 1] == 0xBB, p[pos + 2] == 0xBF {
                fail(.byteOrderMarkInField, line: line, column: column, &record)
            }
            pos += length
            lineExtra += length - 1
        }
    }
}
