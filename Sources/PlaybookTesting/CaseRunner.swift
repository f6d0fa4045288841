import CentralRepository
import Foundation
import Import
import PlaybookEngine
import PlaybookLanguage

/// Runs one case: a fresh in-memory repository, the file's shared data, then the case's lines
/// in order. Runs go through the same `Runner` as `playbook run`, and task changes through the
/// same repository calls as `playbook task`, so a passing case shows what production would do.
struct CaseRunner {
    let file: TestFile
    /// Directory of the test file: `import` paths are relative to it.
    let directory: String
    let variant: PlaybookVariant
    /// When set, probe rules are evaluated before every run and their outcomes collected.
    let coverage: CoverageProbes?

    /// Who task changes are recorded as, and the run's time stamp: fixed, so results never depend on the clock.
    static let actor = "playbook test"
    static let fallbackOwner = "unassigned"

    func run(_ c: TestCase, hits: inout Set<CoverageHit>) -> CaseResult {
        var state = CaseState(result: CaseResult(file: file.path, name: c.name, range: c.range))
        do {
            // Rules are known before anything runs: report every unknown one at once.
            for step in c.steps {
                switch step {
                case .expect(let e): checkRule(e.selector, &state)
                case .act(let a): checkRule(a.selector, &state)
                case .data, .run: break
                }
            }
            guard state.result.diagnostics.isEmpty else { return state.result }
            state.repo = try Repository(path: ":memory:", create: true)
            for d in file.shared { try load(d, &state) }
            steps: for step in c.steps {
                // A problem in the file stops the case; a failure lets the rest of its step be
                // checked, then stops it, since later runs build on what failed.
                guard state.result.diagnostics.isEmpty else { break }
                switch step {
                case .data(let d): try load(d, &state)
                case .run(let date):
                    guard state.result.failures.isEmpty else { break steps }
                    try coverage?.observe(state.repo, asOf: date.value, into: &hits)
                    try run(date.value, &state)
                case .expect(let e):
                    guard resolve(e.selector, &state) else { continue }
                    state.result.failures += try Expectations.check(e, tasks: state.tasks(), run: state.run!)
                case .act(let a):
                    guard state.result.failures.isEmpty, resolve(a.selector, &state) else { continue }
                    try act(a, &state)
                }
            }
        } catch {
            // The repository failed under a case (never expected in memory): report it on the case.
            state.result.failures.append(Failure(range: c.range, date: state.run?.date ?? CivilDate(daysSinceEpoch: 0),
                                                 expected: "the case to run", actual: "\(error)"))
        }
        return state.result
    }

    // MARK: Data

    private func load(_ d: DataSource, _ state: inout CaseState) throws {
        var files: [(path: String, bytes: [UInt8])] = []
        switch d.kind {
        case .table(let entity, let csv, _):
            files.append(("table/\(entity).csv", csv))
        case .files(let path):
            let (listed, problems) = ImportFiles.list(paths: [TestPaths.join(directory, path)])
            for p in problems { state.problem(.dataProblem("\(p.file): \(p.reason)"), at: d.range) }
            for f in listed {
                guard let data = FileManager.default.contents(atPath: f) else {
                    state.problem(.dataProblem("\(f): cannot read the file"), at: d.range)
                    continue
                }
                files.append((f, [UInt8](data)))
            }
        }
        guard state.result.diagnostics.isEmpty else { return }
        switch ImportValidator.validate(files: files, existing: try state.repo.existingKeys(),
                                         columns: ImportColumns(schema: variant.workspace.library.schema)) {
        case .failure(let problems):
            for p in problems.problems { state.problem(.dataProblem(Self.reason(p, d)), at: Self.range(of: p, in: d)) }
        case .success(let v):
            _ = try state.repo.write(v, wait: 0)
            if let rows = v.rows[.accounts], let id = ImportEntity.accounts.columnIndex("id") {
                for r in rows { if case .text(let a) = r.values[id] { state.accounts.insert(a) } }
            }
        }
    }

    /// A problem in an inline table is placed on its cell; one in an imported file keeps the
    /// file's own position in its text.
    private static func reason(_ p: ImportProblem, _ d: DataSource) -> String {
        if case .table = d.kind { return p.reason }
        return p.description
    }

    private static func range(of p: ImportProblem, in d: DataSource) -> SourceRange {
        guard case .table(_, let csv, let starts) = d.kind, p.line >= 1, p.line <= starts.count else { return d.range }
        // The table's rows are the file's bytes from each row's start; columns count characters.
        var i = 0
        for _ in 1..<p.line { while csv[i] != 0x0A { i += 1 }; i += 1 }
        let rowStart = i
        var column = 1
        while column < p.column, i < csv.count, csv[i] != 0x0A {
            i += 1
            while i < csv.count, csv[i] & 0xC0 == 0x80 { i += 1 }
            column += 1
        }
        let start = starts[p.line - 1] + (i - rowStart)
        return SourceRange(file: d.range.file, start: start, end: start + 1)
    }

    // MARK: Runs and task changes

    private func run(_ date: CivilDate, _ state: inout CaseState) throws {
        var runner = Runner(asOf: date, fallbackOwner: Self.fallbackOwner, dryRun: false, startedAt: Self.actor)
        runner.loaderThreads = 0
        var held: [TaskKey: String] = [:]
        _ = try runner.run(plan: variant.plan, repository: state.repo, wait: 0) { action in
            if case .wait(let key, let reason) = action { held[key] = reason }
        }
        state.run = RunRecord(date: date, held: held)
        state.cachedTasks = nil
    }

    private func act(_ a: TaskChangeSpec, _ state: inout CaseState) throws {
        let run = state.run!
        let matching = try state.tasks().filter { $0.status.isActive && a.selector.matches($0.key) }
        guard matching.count == 1, let task = matching.first else {
            let actual = matching.isEmpty ? "no open or snoozed task" : "\(matching.count) open or snoozed tasks; name the item: "
                + matching.map { TaskSelector.quoteIfNeeded($0.key.item) }.joined(separator: ", ")
            state.result.failures.append(Failure(range: a.range, date: run.date, expected: "\(a.kind.word) \(a.selector.text)", actual: actual))
            return
        }
        let change: Repository.TaskChange = switch a.kind {
        case .done: .done
        case .dismiss: .dismiss
        case .snooze(let until): .snooze(until: until)
        }
        do {
            _ = try state.repo.change(task.id, change, by: Self.actor, on: run.date, at: Self.actor, note: nil, wait: 0)
        } catch let e as RepositoryError {
            state.result.failures.append(Failure(range: a.range, date: run.date, expected: "\(a.kind.word) \(a.selector.text)", actual: e.description))
        }
        state.cachedTasks = nil
    }

    /// Rules must exist in the playbooks and accounts in the case's data, or an expectation
    /// that something is absent would pass for a typo.
    private func checkRule(_ s: TaskSelector, _ state: inout CaseState) {
        let rules = variant.plan.ruleIdentities
        if !rules.contains(s.rule.value) {
            state.problem(.unknownRule(s.rule.value), at: s.rule.range, suggestion: Suggestions.closest(to: s.rule.value, in: rules.sorted()))
        }
    }

    /// Accounts are known only as the case's data is imported.
    private func resolve(_ s: TaskSelector, _ state: inout CaseState) -> Bool {
        if let a = s.account, !state.accounts.contains(a.value) {
            state.problem(.unknownAccount(a.value), at: a.range, suggestion: Suggestions.closest(to: a.value, in: state.accounts.sorted()))
        }
        return state.result.diagnostics.isEmpty
    }
}

/// What the last run left: its date, and the tasks it held back (by `for` or a cooldown) with why.
struct RunRecord {
    var date: CivilDate
    var held: [TaskKey: String]
}

struct CaseState {
    var result: CaseResult
    // Set first thing in `run`; a case never reads it before.
    var repo: Repository!
    var accounts: Set<String> = []
    var run: RunRecord?
    var cachedTasks: [StoredTask]?

    init(result: CaseResult) { self.result = result }

    /// Every task of the case, any status, oldest first; read once per step.
    mutating func tasks() throws -> [StoredTask] {
        if let t = cachedTasks { return t }
        var filter = Repository.TaskFilter()
        filter.statuses = []
        let t = try repo.tasks(filter).sorted { $0.id < $1.id }
        cachedTasks = t
        return t
    }

    mutating func problem(_ m: TestMessage, at r: SourceRange, suggestion: String? = nil) {
        result.diagnostics.append(Diagnostic(test: m, at: r, suggestion: suggestion))
    }
}
