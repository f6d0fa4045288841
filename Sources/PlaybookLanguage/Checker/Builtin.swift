/// The functions a playbook can call. A closed set: no user-defined functions, so evaluation
/// always terminates and costs time linear in the data.
public enum Builtin: String, Sendable, Hashable, CaseIterable {
    case today
    case days_since, days_until, business_days_between, add_business_days, start_of_month, year, month
    case contains, starts_with, ends_with, lower, upper
    case length
    case round, abs, in_days
    case first_present

    /// Argument types and result type; nil arguments means the function checks its own.
    var signature: (args: [PType]?, result: PType)? {
        switch self {
        case .today: ([], .date)
        case .days_since, .days_until: ([.date], .duration)
        case .business_days_between: ([.date, .date], .number)
        case .add_business_days: ([.date, .number], .date)
        case .start_of_month: ([.date], .date)
        case .year, .month: ([.date], .number)
        case .contains, .starts_with, .ends_with: ([.text, .text], .boolean)
        case .lower, .upper: ([.text], .text)
        case .round, .abs: ([.number], .number)
        case .in_days: ([.duration], .number)
        case .length, .first_present: nil
        }
    }

    var arityText: String {
        switch self {
        case .today: "no arguments"
        case .length: "1 argument"
        case .first_present: "2 or more arguments"
        default:
            signature.map { $0.args!.count == 1 ? "1 argument" : "\($0.args!.count) arguments" } ?? "arguments"
        }
    }

    /// One line for `docs/language.md` and `playbook help functions`.
    public var summary: String {
        switch self {
        case .today: "today(): the evaluation date (the run's as-of date)"
        case .days_since: "days_since(date): time from the date to today, e.g. `days_since(account.phase_entered) > 90 days`"
        case .days_until: "days_until(date): time from today to the date"
        case .business_days_between: "business_days_between(from, to): Monday-to-Friday days between two dates"
        case .add_business_days: "add_business_days(date, n): the date n business days later"
        case .start_of_month: "start_of_month(date): the first day of the date's month"
        case .year: "year(date): the year as a number"
        case .month: "month(date): the month as a number, 1 to 12"
        case .contains: "contains(text, part): whether the text contains the part, ignoring case"
        case .starts_with: "starts_with(text, prefix): whether the text starts with the prefix, ignoring case"
        case .ends_with: "ends_with(text, suffix): whether the text ends with the suffix, ignoring case"
        case .lower: "lower(text): the text in lower case"
        case .upper: "upper(text): the text in upper case"
        case .length: "length(list or text): how many items or characters"
        case .round: "round(number): to the nearest whole number"
        case .abs: "abs(number): without its sign"
        case .in_days: "in_days(duration): the duration as a number of days"
        case .first_present: "first_present(a, b, …): the first value that is not missing"
        }
    }
}
