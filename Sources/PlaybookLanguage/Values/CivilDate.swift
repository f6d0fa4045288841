/// A calendar day with no time and no time zone, stored as days since 1970-01-01 so that date
/// arithmetic and comparison are integer operations.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var daysSinceEpoch: Int32

    public init(daysSinceEpoch: Int32) { self.daysSinceEpoch = daysSinceEpoch }

    /// nil when the day does not exist (2026-02-30, month 13).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CivilDate.daysInMonth(year: year, month: month)).contains(day) else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        daysSinceEpoch = Int32(era * 146097 + doe - 719468)
    }

    public var components: (year: Int, month: Int, day: Int) {
        let z = Int(daysSinceEpoch) + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// 0 = Monday … 6 = Sunday.
    public var weekday: Int { Int(((Int(daysSinceEpoch) % 7) + 7 + 3) % 7) }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Parses exactly `YYYY-MM-DD`.
    public static func parse<C: Collection>(_ bytes: C) -> CivilDate? where C.Element == UInt8 {
        if let r = bytes.withContiguousStorageIfAvailable({ parse($0) }) { return r }
        return Array(bytes).withUnsafeBufferPointer { parse($0) }
    }

    /// The fast path, not generic: it runs for every date in every row a run loads.
    public static func parse(_ b: UnsafeBufferPointer<UInt8>) -> CivilDate? {
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        var y = 0, m = 0, d = 0
        for i in 0..<10 where i != 4 && i != 7 {
            let c = b[i]
            guard c >= 0x30, c <= 0x39 else { return nil }
            let v = Int(c &- 0x30)
            if i < 4 { y = y * 10 + v } else if i < 7 { m = m * 10 + v } else { d = d * 10 + v }
        }
        return CivilDate(year: y, month: m, day: d)
    }

    public static func parse(_ text: String) -> CivilDate? {
        var t = text
        return t.withUTF8 { parse($0) }
    }

    public var description: String {
        let (y, m, d) = components
        func pad(_ v: Int, _ w: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, w - s.count)) + s }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    public func adding(days: Int) -> CivilDate { CivilDate(daysSinceEpoch: daysSinceEpoch + Int32(days)) }

    /// Monday to Friday; holidays are not modelled.
    public var isBusinessDay: Bool { weekday < 5 }

    public func adding(businessDays n: Int) -> CivilDate {
        var d = self
        var left = abs(n)
        let step = n >= 0 ? 1 : -1
        while left > 0 {
            d = d.adding(days: step)
            if d.isBusinessDay { left -= 1 }
        }
        return d
    }
}
