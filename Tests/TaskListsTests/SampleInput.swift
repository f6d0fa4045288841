import PlaybookEngine
import PlaybookLanguage
import TaskLists

/// A small book with everything the renderers must survive: markup, quotes and formula prefixes
/// in names, titles, steps and notes; line breaks, tabs, control characters, emoji and very long
/// text; an owner name that looks like a path; overdue, due today, undated, new and snoozed tasks.
/// Fixed dates and run numbers, so the golden files never change by themselves.
enum SampleInput {
    static func day(_ s: String) -> CivilDate { CivilDate.parse(s)! }
    static let asOf = day("2026-11-23")
    static let latestRun: Int64 = 2

    static let halvorsen = ReportAccount(id: "halvorsen-maritime", name: "Halvorsen Maritime ASA", phase: 1,
                                         health: ReportHealth(date: day("2026-11-01"), score: 72, light: "amber"))
    static let xss = ReportAccount(id: "xss-corp", name: "<script>alert(1)</script>", phase: 6,
                                   health: ReportHealth(date: day("2026-11-15"), score: 41.25, light: "red"))
    static let formula = ReportAccount(id: "formula-co", name: "=HYPERLINK(\"http://evil.example\",\"click\")", phase: 3, health: nil)
    static let ostrava = ReportAccount(id: "ostrava-steel", name: "Ostrava Steelworks, a.s.; \"Ltd\" \\ Ostrava", phase: 2,
                                       health: ReportHealth(date: day("2026-10-30"), score: nil, light: "green\"><b>x</b>"))
    static let fjord = ReportAccount(id: "fjord-co", name: "Fjord & Co <AS>", phase: 7,
                                     health: ReportHealth(date: day("2026-11-20"), score: 90, light: nil))
    /// An account no longer in the repository: shown by id.
    static let gone = ReportAccount(id: "gone-ltd", name: nil, phase: nil, health: nil)

    static let longText = String(repeating: "Very long text without a break, Ünïcödé and 🚀 emoji; ", count: 6)
        + String(repeating: "x", count: 200)

    static let tasks: [ReportTask] = [
        ReportTask(id: 1, account: halvorsen, owner: "Ana Ruiz", title: "Hold the handover meeting for Halvorsen Maritime ASA",
                   description: "Meet the account manager first.\nThen the sales engineer.", due: day("2026-11-18"), priority: .high,
                   steps: ["Book the meeting", "Collect the sales notes"],
                   explanation: "not any(m in account.meetings where m.kind == \"handover\") (no) and [\n    \"a\",\n    \"b\",\n  ]",
                   rule: "preparation/handover", rulePhase: 1, createdOn: day("2026-11-16"), createdRun: 1),
        ReportTask(id: 2, account: halvorsen, owner: "Ana Ruiz", title: "List the information gaps for Halvorsen Maritime ASA",
                   due: day("2026-11-23"), priority: .normal, explanation: "gaps (3) > 0", rule: "preparation/gaps", rulePhase: 1,
                   createdOn: day("2026-11-23"), createdRun: 2),
        ReportTask(id: 3, account: halvorsen, owner: "Ana Ruiz", title: "Capture lessons learned, someday", due: nil, priority: .low,
                   explanation: "lessons (0) == 0", rule: "hygiene/lessons", createdOn: day("2026-11-16"), createdRun: 1),
        ReportTask(id: 4, account: xss, owner: "Ana Ruiz", title: "Fix \"quotes\" & <b>bold</b> 'apostrophes' </article>",
                   description: "<img src=x onerror=alert(2)>\r\nSecond line\ttabbed", due: day("2026-11-20"), priority: .urgent,
                   steps: ["=1+1", "@SUM(A1:A9)", "-2+3", "+cmd|' /C calc'!A0", "\tTabbed", "\rReturned", "plain, with \"quotes\""],
                   explanation: "score (41.25) < floor (60); a\\b, c", rule: "health/low", createdOn: day("2026-11-23"), createdRun: 2),
        ReportTask(id: 5, account: xss, owner: "Ana Ruiz", title: "Snoozed <task>", due: day("2026-11-10"), priority: .high,
                   explanation: "x", rule: "health/other", status: .snoozed, createdOn: day("2026-11-01"), createdRun: 1,
                   snoozedUntil: day("2026-12-01")),
        ReportTask(id: 6, account: formula, owner: "Ben Okafor", title: "🚀 Launch review 👩🏽‍💻 für Zoë — ok?", due: day("2026-11-25"),
                   priority: .high, steps: ["Ask \"why\"; then, decide\\", "日本語のステップ"], explanation: "a; b, c \\ d",
                   rule: "onboarding/review", rulePhase: 3, createdOn: day("2026-11-16"), createdRun: 1),
        ReportTask(id: 7, account: formula, owner: "Ben Okafor", title: longText, description: longText, due: day("2026-12-24"),
                   priority: .normal, steps: [longText], explanation: longText, rule: "onboarding/long", rulePhase: 3,
                   createdOn: day("2026-11-23"), createdRun: 2),
        ReportTask(id: 8, account: ostrava, owner: "Ben Okafor", title: "Chase the proposal, signed \"soon\"", due: day("2026-11-22"),
                   priority: .urgent, explanation: "days (49) > grace (14)", rule: "commitment/proposal", rulePhase: 2,
                   createdOn: day("2026-11-16"), createdRun: 1),
        ReportTask(id: 9, account: ostrava, owner: "Ben Okafor", title: "Ostrava follow-up, also overdue", due: day("2026-11-22"),
                   priority: .high, explanation: "x", rule: "commitment/follow-up", rulePhase: 2,
                   createdOn: day("2026-11-16"), createdRun: 1),
        ReportTask(id: 10, account: fjord, owner: "../../etc/passwd", ownerIsFallback: true, title: "Null\u{0}byte and bell\u{7} title",
                   due: day("2026-11-30"), priority: .normal, explanation: "owner expression named nobody", rule: "hygiene/owner",
                   createdOn: day("2026-11-23"), createdRun: 2),
        ReportTask(id: 11, account: gone, owner: "../../etc/passwd", title: "Account left the repository", due: day("2026-11-26"),
                   priority: .low, explanation: "x", rule: "hygiene/gone", createdOn: day("2026-11-16"), createdRun: 1),
        // Closed tasks are never listed, even if a caller passes them.
        ReportTask(id: 12, account: halvorsen, owner: "Ana Ruiz", title: "Done already", due: day("2026-11-01"), priority: .urgent,
                   explanation: "x", rule: "x/done", status: .done, createdOn: day("2026-11-01"), createdRun: 1),
    ]

    static var input: TaskListInput { TaskListInput(asOf: asOf, latestRun: latestRun, tasks: tasks) }
}
