/// A playbook file held as UTF-8 bytes, with a table of line starts so that a byte offset can be
/// turned into a line and column only when a diagnostic is rendered.
public struct SourceFile: Sendable {
    public let path: String
    public let bytes: [UInt8]
    let lineStarts: [Int]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        // Counted first so that the table is allocated once, at its size.
        self.lineStarts = bytes.withUnsafeBufferPointer { b in
            var lines = 1
            for c in b where c == UInt8(ascii: "\n") { lines += 1 }
            var starts: [Int] = []
            starts.reserveCapacity(lines)
            starts.append(0)
            for i in b.indices where b[i] == UInt8(ascii: "\n") { starts.append(i + 1) }
            return starts
        }
    }

    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// 1-based line and column; the column counts characters (Unicode scalars), not bytes, so a
    /// caret lines up under the right letter in an editor.
    public func lineColumn(of offset: Int) -> (line: Int, column: Int) {
        let offset = min(max(0, offset), bytes.count)
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        var column = 1
        var i = lineStarts[lo]
        while i < offset {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        // Continuation bytes before the offset were skipped; correct for starting mid-scalar.
        return (lo + 1, column)
    }

    public func text(_ range: SourceRange) -> String {
        String(decoding: bytes.clampedSlice(range), as: UTF8.self)
    }
}

extension [UInt8] {
    /// The bytes under a range, cut to the file (a range may point past the end of an edited file).
    func clampedSlice(_ range: SourceRange) -> ArraySlice<UInt8> {
        let s = Swift.min(Int(range.start), count), e = Swift.min(Swift.max(Int(range.end), s), count)
        return self[s..<e]
    }
}

/// A half-open byte range in one file. Files are numbered by the `SourceSet` that loaded them.
public struct SourceRange: Sendable, Hashable, Comparable {
    public var file: Int32
    public var start: Int32
    public var end: Int32

    public init(file: Int32, start: Int, end: Int) {
        self.file = file
        self.start = Int32(clamping: start)
        self.end = Int32(clamping: end)
    }

    public static let none = SourceRange(file: -1, start: 0, end: 0)

    public func to(_ other: SourceRange) -> SourceRange {
        SourceRange(file: file, start: Int(min(start, other.start)), end: Int(max(end, other.end)))
    }

    public static func < (a: SourceRange, b: SourceRange) -> Bool {
        (a.file, a.start, a.end) < (b.file, b.start, b.end)
    }
}

/// All the files of one run, so that a range can be resolved to a path, line and column.
public struct SourceSet: Sendable {
    public private(set) var files: [SourceFile] = []

    public init() {}

    @discardableResult
    public mutating func add(_ file: SourceFile) -> Int32 {
        files.append(file)
        return Int32(files.count - 1)
    }

    public subscript(id: Int32) -> SourceFile? {
        id >= 0 && Int(id) < files.count ? files[Int(id)] : nil
    }

    public func text(_ range: SourceRange) -> String { self[range.file]?.text(range) ?? "" }

    /// `text(a) == text(b)` without building the two Strings when the bytes settle it: equal
    /// bytes are equal text, and different ASCII is different text. Other bytes may still be
    /// canonically equivalent (or repaired alike), so those fall back to comparing Strings.
    func sameText(_ a: SourceRange, _ b: SourceRange) -> Bool {
        guard a.file >= 0, Int(a.file) < files.count, b.file >= 0, Int(b.file) < files.count else { return text(a) == text(b) }
        let x = files[Int(a.file)].bytes.clampedSlice(a), y = files[Int(b.file)].bytes.clampedSlice(b)
        if x.elementsEqual(y) { return true }
        if x.allSatisfy({ $0 < 0x80 }), y.allSatisfy({ $0 < 0x80 }) { return false }
        return text(a) == text(b)
    }

    /// "path:line:col" for a range, or just the path when the range has no position.
    public func location(_ range: SourceRange) -> String {
        guard let f = self[range.file] else { return "<unknown>" }
        let (l, c) = f.lineColumn(of: Int(range.start))
        return "\(f.path):\(l):\(c)"
    }
}
