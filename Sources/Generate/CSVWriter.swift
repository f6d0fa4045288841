import Foundation
import PlaybookLanguage

/// Writes one CSV file row by row through a 1 MB buffer, so a million-account export never holds
/// more than a buffer per file in memory. Output is RFC 4180: CRLF line ends, and a field is quoted
/// only when it holds a comma, a quote, CR or LF, with quotes doubled.
struct CSVWriter {
    static let bufferSize = 1 << 20

    let path: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var fieldsInRow = 0
    /// Data rows written so far; the header is not counted.
    private(set) var rows = 0

    init(path: String, header: [String]) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw GeneratorError.cannotCreate(path)
        }
        self.path = path
        self.handle = handle
        buffer.reserveCapacity(Self.bufferSize + 64 * 1024)
        for name in header { text(name) }
        appendLineEnd()
    }

    private mutating func separate() {
        if fieldsInRow > 0 { buffer.append(UInt8(ascii: ",")) }
        fieldsInRow += 1
    }

    private mutating func appendLineEnd() {
        buffer.append(13)
        buffer.append(10)
        fieldsInRow = 0
    }

    /// A text field, quoted only when it has to be.
    mutating func text(_ value: String) {
        separate()
        var value = value
        value.withUTF8 { bytes in
            var needsQuotes = false
            for byte in bytes where byte == 0x2C || byte == 0x22 || byte == 0x0D || byte == 0x0A {
                needsQuotes = true
                break
            }
            guard needsQuotes else {
                buffer.append(contentsOf: bytes)
                return
            }
            buffer.append(0x22)
            for byte in bytes {
                if byte == 0x22 { buffer.append(0x22) }
                buffer.append(byte)
            }
            buffer.append(0x22)
        }
    }

    /// nil writes an empty field, which the importer reads as "missing".
    mutating func text(_ value: String?) {
        if let value { text(value) } else { empty() }
    }

    mutating func empty() { separate() }

    mutating func number(_ value: Int) {
        separate()
        appendDigits(value)
    }

    mutating func number(_ value: Int?) {
        if let value { number(value) } else { empty() }
    }

    /// A number kept in tenths, written with `.` as the decimal point ("12.5", "40").
    mutating func number(tenths: Int) {
        separate()
        if tenths < 0 { buffer.append(UInt8(ascii: "-")) }
        let magnitude = abs(tenths)
        appendDigits(magnitude / 10)
        if magnitude % 10 != 0 {
            buffer.append(UInt8(ascii: "."))
            buffer.append(UInt8(48 + magnitude % 10))
        }
    }

    mutating func yesNo(_ value: Bool) { text(value ? "yes" : "no") }

    mutating func date(_ value: CivilDate) {
        separate()
        let (year, month, day) = value.components
        appendPadded(year, width: 4)
        buffer.append(UInt8(ascii: "-"))
        appendPadded(month, width: 2)
        buffer.append(UInt8(ascii: "-"))
        appendPadded(day, width: 2)
    }

    mutating func date(_ value: CivilDate?) {
        if let value { date(value) } else { empty() }
    }

    /// `YYYY-MM`, the stakeholder plan's month.
    mutating func month(_ value: YearMonth) {
        separate()
        appendPadded(value.year, width: 4)
        buffer.append(UInt8(ascii: "-"))
        appendPadded(value.month, width: 2)
    }

    mutating func endRow() throws {
        appendLineEnd()
        rows += 1
        if buffer.count >= Self.bufferSize { try flush() }
    }

    mutating func close() throws {
        try flush()
        try handle.close()
    }

    private mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private mutating func appendDigits(_ value: Int) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        var rest = value.magnitude
        let start = buffer.count
        repeat {
            buffer.append(UInt8(48 + rest % 10))
            rest /= 10
        } while rest > 0
        buffer[start...].reverse()
    }

    private mutating func appendPadded(_ value: Int, width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            buffer.append(UInt8(48 + (rest / divisor) % 10))
            rest %= divisor
            divisor /= 10
        }
    }
}

package enum GeneratorError: Error, Equatable, CustomStringConvertible {
    case cannotCreate(String)
    case notADirectory(String)

    package var description: String {
        switch self {
        case .cannotCreate(let path): "cannot create \(path)"
        case .notADirectory(let path): "\(path) is not a directory"
        }
    }
}
