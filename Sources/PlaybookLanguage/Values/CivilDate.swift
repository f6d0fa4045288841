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

    /// Monday to Friday; holidays are not modelled.
    public var isBusinessDay: Bool { weekday < 5 }
}

/// Date arithmetic stays within the dates that can be written: `0001-01-01` to `9999-12-31`.
/// Numbers of days come from the data (a custom field of 1e10), so a result beyond that range
/// is an answer to handle, never an overflow trap and never a date without four digits.
extension CivilDate {
    /// The first and the last day a date can be.
    public static let first = CivilDate(daysSinceEpoch: -719_162)
    public static let last = CivilDate(daysSinceEpoch: 2_932_896)
    /// Days from the first day to the last.
    static let span = Int(last.daysSinceEpoch) - Int(first.daysSinceEpoch)

    public var isInRange: Bool { self >= .first && self <= .last }

    /// A number of days (a duration, or a number from the data) as whole days: nil when it is
    /// not a number or infinite. A count beyond the whole calendar is cut to one day more than
    /// it, which takes any date out of range as the full count would, without overflowing.
    public static func wholeDays(_ days: Double) -> Int? {
        guard days.isFinite else { return nil }
        let limit = Double(span + 1)
        return Int(min(max(days.rounded(), -limit), limit))
    }

    /// The date that many days later (earlier when negative); nil when it is out of range.
    public func checkedAdding(days: Int) -> CivilDate? {
        let (r, overflow) = Int(daysSinceEpoch).addingReportingOverflow(days)
        guard !overflow, r >= Int(Self.first.daysSinceEpoch), r <= Int(Self.last.daysSinceEpoch) else { return nil }
        return CivilDate(daysSinceEpoch: Int32(r))
    }

    /// The date that many days later, held at the first or the last day: for offsets known to
    /// be small, and for windows where the end of the calendar is the right answer (how far
    /// back a cooldown can reach).
    public func adding(days: Int) -> CivilDate {
        checkedAdding(days: days) ?? (days < 0 ? .first : .last)
    }

    /// The date that many business days later (earlier when negative); nil when it is out of
    /// range. At most five steps of a day, then whole weeks: counts come from the data.
    public func checkedAdding(businessDays n: Int) -> CivilDate? {
        if n == 0 { return self }
        let step = n > 0 ? 1 : -1
        let count = n.magnitude
        // Stepping a day at a time reaches a business day within three days; from a business
        // day, five business days are exactly one week.
        let steps = Int((count - 1) % 5) + 1
        var d = self
        var left = steps
        while left > 0 {
            guard let next = d.checkedAdding(days: step) else { return nil }
            d = next
            if d.isBusinessDay { left -= 1 }
        }
        let weeks = (count - UInt(steps)) / 5
        guard weeks <= UInt(Self.span / 7 + 1) else { return nil }
        return d.checkedAdding(days: step * Int(weeks) * 7)
    }
}
