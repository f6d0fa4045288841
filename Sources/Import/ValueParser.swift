import PlaybookLanguage

/// Typed values from field bytes. Works on byte buffers because it runs for every cell of
/// files with millions of rows: no Strings, no Foundation formatters.
enum ValueParser {
    typealias Bytes = UnsafeBufferPointer<UInt8>

    /// Surrounding spaces and tabs are not part of a value (spreadsheets pad, people type).
    @inline(__always)
    static func trim(_ b: Bytes) -> Bytes {
        var s = 0, e = b.count
        while s < e, b[s] == 0x20 || b[s] == 0x09 { s += 1 }
        while e > s, b[e - 1] == 0x20 || b[e - 1] == 0x09 { e -= 1 }
        return s == 0 && e == b.count ? b : Bytes(rebasing: b[s..<e])
    }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }

    private static let powersOfTen: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { r, _ in r * 10 } }

    /// `[+-]digits[.digits][e[+-]digits]`, `.` as the decimal point, no thousands separators.
    static func number(_ b: Bytes) -> Double? {
        let n = b.count
        var i = 0
        var negative = false
        if i < n, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") { negative = b[i] == UInt8(ascii: "-"); i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0, fractionDigits = 0, significant = 0
        while i < n, isDigit(b[i]) {
            if significant > 0 || b[i] != 0x30 { significant += 1 }
            if significant <= 19 { mantissa = mantissa &* 10 &+ UInt64(b[i] - 0x30) }
            digits += 1; i += 1
        }
        if i < n, b[i] == UInt8(ascii: ".") {
            i += 1
            while i < n, isDigit(b[i]) {
                if significant > 0 || b[i] != 0x30 { significant += 1 }
                if significant <= 19 { mantissa = mantissa &* 10 &+ UInt64(b[i] - 0x30) }
                digits += 1; fractionDigits += 1; i += 1
            }
        }
        guard digits > 0 else { return nil }
        var hasExponent = false
        if i < n, b[i] | 0x20 == UInt8(ascii: "e") {
            hasExponent = true
            i += 1
            if i < n, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") { i += 1 }
            guard i < n, isDigit(b[i]) else { return nil }
            while i < n, isDigit(b[i]) { i += 1 }
        }
        guard i == n else { return nil }
        // Exact fast path (Clinger): an integer below 2^53 divided by an exact power of ten is
        // correctly rounded by one IEEE division. Everything else goes to the C library.
        if !hasExponent, significant <= 15, fractionDigits <= 22 {
            let v = Double(mantissa) / powersOfTen[fractionDigits]
            return negative ? -v : v
        }
        guard let v = Double(String(decoding: b, as: UTF8.self)), v.isFinite else { return nil }
        return v
    }

    /// A whole number; `3.0` is accepted because JSON writers and spreadsheets produce it.
    static func integer(_ b: Bytes) -> Int64? {
        let n = b.count
        var i = 0
        let negative = n > 0 && b[0] == UInt8(ascii: "-")
        if n > 0, b[0] == UInt8(ascii: "-") || b[0] == UInt8(ascii: "+") { i = 1 }
        if n - i >= 1, n - i <= 18 {
            var v: Int64 = 0
            var j = i
            while j < n, isDigit(b[j]) { v = v * 10 + Int64(b[j] - 0x30); j += 1 }
            if j == n { return negative ? -v : v }
        }
        guard let d = number(b), d.rounded() == d, abs(d) < 9.2e18 else { return nil }
        return Int64(d)
    }

    enum DateResult { case date(CivilDate), badFormat, notARealDay }

    private static func hasDateShape(_ b: Bytes, count: Int) -> Bool {
        guard b.count == count else { return false }
        for (k, c) in b.enumerated() {
            if k == 4 || k == 7 { if c != UInt8(ascii: "-") { return false } } else if !isDigit(c) { return false }
        }
        return true
    }

    static func date(_ b: Bytes) -> DateResult {
        guard hasDateShape(b, count: 10) else { return .badFormat }
        // The digits are checked above; CivilDate's initializer decides whether the day exists,
        // exactly as CivilDate.parse does, without the array that parse builds for every call.
        @inline(__always) func digits(_ r: Range<Int>) -> Int { r.reduce(0) { $0 * 10 + Int(b[$1] &- 0x30) } }
        return CivilDate(year: digits(0..<4), month: digits(5..<7), day: digits(8..<10)).map(DateResult.date) ?? .notARealDay
    }

    /// `YYYY-MM`, or a date of which only the month is kept.
    static func month(_ b: Bytes) -> DateResult {
        if hasDateShape(b, count: 7) {
            let year = (0..<4).reduce(0) { $0 * 10 + Int(b[$1] - 0x30) }
            let month = Int(b[5] - 0x30) * 10 + Int(b[6] - 0x30)
            return CivilDate(year: year, month: month, day: 1).map(DateResult.date) ?? .badFormat
        }
        guard case .date(let d) = date(b) else { return date(b) }
        let (y, m, _) = d.components
        return .date(CivilDate(year: y, month: m, day: 1)!)
    }

    static func bool(_ b: Bytes) -> Bool? {
        guard b.count <= 5 else { return nil }
        var word: UInt64 = 0
        for c in b { word = word << 8 | UInt64(c >= 0x41 && c <= 0x5A ? c | 0x20 : c) }
        switch word {
        case 0x79_65_73, 0x79, 0x74_72_75_65, 0x31: return true           // yes, y, true, 1
        case 0x6E_6F, 0x6E, 0x66_61_6C_73_65, 0x30: return false          // no, n, false, 0
        default: return nil
        }
    }

    /// The candidates reduced to lowercase letters and digits, the form values are compared in.
    static func choiceKeys(_ values: [String]) -> [[UInt8]] {
        values.map { v in v.utf8.compactMap { c in isAlphanumeric(c) ? (c >= 0x41 && c <= 0x5A ? c | 0x20 : c) : nil } }
    }

    @inline(__always) static func isAlphanumeric(_ c: UInt8) -> Bool {
        isDigit(c) || (c | 0x20) &- 0x61 < 26 || c >= 0x80
    }

    /// Index of the candidate the value spells, ignoring case and punctuation, so `Proof of
    /// concept`, `proof-of-concept` and `R-A` are accepted for `proof_of_concept` and `R/A`.
    static func choice(_ b: Bytes, keys: [[UInt8]]) -> Int? {
        for (index, key) in keys.enumerated() {
            var i = 0, k = 0
            var matched = true
            while true {
                while i < b.count, !isAlphanumeric(b[i]) { i += 1 }
                if i == b.count { matched = k == key.count; break }
                let c = b[i] >= 0x41 && b[i] <= 0x5A ? b[i] | 0x20 : b[i]
                if k == key.count || key[k] != c { matched = false; break }
                i += 1; k += 1
            }
            if matched { return index }
        }
        return nil
    }
}
