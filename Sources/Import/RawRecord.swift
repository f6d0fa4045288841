/// One field as read from a file, before it is given a type: a byte range plus where it starts.
/// The bytes live either in the file buffer or, when they had to be rewritten (a CSV field with
/// doubled quotes, every JSON value), in the record's `scratch`, so no field costs a String
/// until the validator knows it is text.
package struct RawField: Sendable, Equatable {
    package var start: Int
    package var end: Int
    /// 1-based; the column counts Unicode scalars, like the playbook diagnostics.
    package var line: Int
    package var column: Int
    package var inScratch: Bool

    package init(start: Int, end: Int, line: Int, column: Int, inScratch: Bool) {
        self.start = start
        self.end = end
        self.line = line
        self.column = column
        self.inScratch = inScratch
    }
}

/// One row of a file. Reused from row to row so reading allocates nothing in the steady state.
package struct RawRecord: Sendable {
    package var fields: [RawField] = []
    package var scratch: [UInt8] = []
    /// Where the row starts (for JSON, the object's `{`).
    package var line = 0
    package var column = 0
    /// A syntax problem was found in this row and reported; its values are not to be trusted.
    package var hasError = false

    package init() {}

    mutating func reset() {
        fields.removeAll(keepingCapacity: true)
        scratch.removeAll(keepingCapacity: true)
        hasError = false
    }

    /// The field's bytes; `file` is the buffer the reader was made from.
    @inline(__always)
    package func bytes(_ field: RawField, file: UnsafeBufferPointer<UInt8>, scratch: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: (field.inScratch ? scratch : file)[field.start..<field.end])
    }

    /// Convenience for callers that are not in a hot loop (tests, error messages).
    package func string(_ field: RawField, file: [UInt8]) -> String {
        field.inScratch ? String(decoding: scratch[field.start..<field.end], as: UTF8.self)
            : String(decoding: file[field.start..<field.end], as: UTF8.self)
    }
}

/// A syntax problem in a CSV or JSON file.
package struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    package var line: Int
    package var column: Int
    package var reason: String

    package init(line: Int, column: Int, reason: String) {
        self.line = line
        self.column = column
        self.reason = reason
    }

    package var description: String { "\(line):\(column): \(reason)" }
}

enum UTF8Check {
    /// Length of the well-formed UTF-8 sequence starting at a non-ASCII byte `p[i]`, or 0 when
    /// it is malformed (overlong, surrogate, above U+10FFFF, truncated). Follows the table in
    /// the Unicode standard, section 3.9.
    @inline(__always)
    static func sequenceLength(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let n = p.count
        let b0 = p[i]
        @inline(__always) func cont(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
            i + k < n && p[i + k] >= lo && p[i + k] <= hi
        }
        switch b0 {
        case 0xC2...0xDF: return cont(1) ? 2 : 0
        case 0xE0: return cont(1, 0xA0) && cont(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE, 0xEF: return cont(1) && cont(2) ? 3 : 0
        case 0xED: return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0
        case 0xF0: return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0
        case 0xF1...0xF3: return cont(1) && cont(2) && cont(3) ? 4 : 0
        case 0xF4: return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0
        default: return 0
        }
    }
}
