import PlaybookEngine
import PlaybookLanguage

/// What the per-CSM task lists are made from: every open and snoozed task with its account's
/// phase and latest health as of a date, and the run whose new tasks get marked. The rendering
/// lives in the TaskLists module, which knows nothing of SQLite; the CLI maps these rows to it.
extension Repository {
    package struct ReportRow: Sendable {
        package var task: StoredTask
        package var createdRun: Int64
        /// nil when the account is no longer in the repository.
        package var accountPhase: Int?
        package var health: (date: CivilDate, score: Double?, light: String?)?
    }

    package struct ReportData: Sendable {
        /// The newest run recorded on or before the as-of date.
        package var latestRun: Int64?
        package var rows: [ReportRow]
    }

    /// One consistent read: tasks, accounts, health and runs all from the same snapshot, even
    /// while a run or import is writing.
    package func reportData(asOf: CivilDate) throws -> ReportData {
        try read {
            let day = asOf.description
            let run = try connection.prepare("SELECT max(id) FROM runs WHERE as_of <= ?")
            run.bind(1, day)
            let latestRun = try run.step() ? run.optionalInt(0) : nil
            // The latest health row per account on or before the date, through the
            // (account_id, date) primary key: one index probe per task.
            let s = try connection.prepare("""
                SELECT \(Self.taskColumns), t.created_run, a.phase, h.date, h.score, h.light
                FROM tasks t
                LEFT JOIN accounts a ON a.id = t.account_id
                LEFT JOIN health h ON h.account_id = t.account_id
                    AND h.date = (SELECT max(date) FROM health WHERE account_id = t.account_id AND date <= ?)
                WHERE t.status IN ('open', 'snoozed')
                ORDER BY t.owner, t.id
                """)
            s.bind(1, day)
            var rows: [ReportRow] = []
            let base = Int32(23)
            while try s.step() {
                let health = s.date(base + 2).map { (date: $0, score: s.optionalDouble(base + 3), light: s.text(base + 4)) }
                rows.append(ReportRow(task: storedTask(s), createdRun: s.int64(base), accountPhase: s.optionalInt(base + 1).map(Int.init),
                                      health: health))
            }
            return ReportData(latestRun: latestRun, rows: rows)
        }
    }
}
