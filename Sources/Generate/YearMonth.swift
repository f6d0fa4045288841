import PlaybookLanguage

/// A calendar month, for monthly snapshots (health, stakeholder plan) counted back from as-of.
struct YearMonth: Equatable, Comparable {
    var year: Int
    var month: Int

    init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    init(_ date: CivilDate) {
        let (year, month, _) = date.components
        self.init(year: year, month: month)
    }

    /// Months since year 0, for differences between months.
    var index: Int { year * 12 + month - 1 }

    func adding(months: Int) -> YearMonth {
        let index = index + months
        return YearMonth(year: index / 12, month: index % 12 + 1)
    }

    /// The given day of this month, pulled back to the month's last day when it is shorter.
    func day(_ day: Int) -> CivilDate {
        let last = CivilDate.daysInMonth(year: year, month: month)
        return CivilDate(year: year, month: month, day: min(day, last))!
    }

    static func < (a: YearMonth, b: YearMonth) -> Bool { (a.year, a.month) < (b.year, b.month) }
}
