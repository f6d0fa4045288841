import Foundation
import Testing
import PlaybookEngine
import PlaybookLanguage
import CentralRepository
import Import

/// A fresh directory holding one repository file, removed when the value is released.
final class RepositoryDir {
    let url: URL
    /// `repo.sqlite` inside the directory (not created here).
    var path: String { url.appendingPathComponent("repo.sqlite").path }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("playbook-repo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func file(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Opens (creating) the repository at `path`.
    func open(create: Bool = true) throws -> Repository { try Repository(path: path, create: create, waitSeconds: 5) }
}

/// One task row as stored, every column that the lifecycle rules touch.
struct TaskRow: Equatable, CustomStringConvertible {
    var id: Int64
    var rule, account, item, status, title: String
    var taskDescription: String?
    var owner: String
    var ownerIsFallback: Int64
    var due: String?
    var priority, steps, tags: String
    var phase: Int64?
    var explanation, ruleSource, createdOn: String
    var createdRun: Int64
    var resolvedOn, resolvedReason, closedOn, closedBy, snoozedUntil, conditionClearedOn: String?

    var description: String { "#\(id) \(rule) \(account)[\(item)] \(status) owner=\(owner)" }
}

extension TaskRow {
    static let columns = """
        id, rule, account_id, item_key, status, title, description, owner, owner_is_fallback, due, priority, steps, tags, phase,
        explanation, rule_source, created_on, created_run, resolved_on, resolved_reason, closed_on, closed_by, snoozed_until,
        condition_cleared_on
        """
}

extension TaskRow {
    init(_ s: Statement) {
        id = s.int64(0); rule = s.text(1) ?? ""; account = s.text(2) ?? ""; item = s.text(3) ?? ""; status = s.text(4) ?? ""
        title = s.text(5) ?? ""; taskDescription = s.text(6); owner = s.text(7) ?? ""; ownerIsFallback = s.int64(8); due = s.text(9)
        priority = s.text(10) ?? ""; steps = s.text(11) ?? ""; tags = s.text(12) ?? ""; phase = s.optionalInt(13)
        explanation = s.text(14) ?? ""; ruleSource = s.text(15) ?? ""; createdOn = s.text(16) ?? ""; createdRun = s.int64(17)
        resolvedOn = s.text(18); resolvedReason = s.text(19); closedOn = s.text(20); closedBy = s.text(21)
        snoozedUntil = s.text(22); conditionClearedOn = s.text(23)
    }
}

/// Helpers shared by the repository, runner and migration tests.
enum RepoTest {
    static let fallback = "cs-ops"
    static let startedAt = "2026-11-01T02:00:00Z"

    static func day(_ s: String) -> CivilDate { CivilDate.parse(s)! }

    /// Compiles playbook text; the test fails when it does not check cleanly.
    static func plan(_ source: String, path: String = "cs.playbook") throws -> EvaluationPlan {
        var set = SourceSet()
        set.add(SourceFile(path: path, text: source))
        let ws = Workspace.check(set)
        try #require(!ws.hasErrors, "\(ws.diagnostics.sorted.map(\.text))")
        return EvaluationPlan(workspace: ws)
    }

    /// The import columns that playbook declarations add, as `playbook import --playbooks` reads them.
    static func columns(_ declarations: String) throws -> ImportColumns {
        var set = SourceSet()
        set.add(SourceFile(path: "fields.playbook", text: declarations))
        let ws = Workspace.check(set)
        try #require(!ws.hasErrors, "\(ws.diagnostics.sorted.map(\.text))")
        return ImportColumns(schema: ws.library.schema)
    }

    /// The custom columns `playbook generate` writes, declared as Playbooks/examples/enterprise.playbook does.
    static func generatedColumns() throws -> ImportColumns {
        try columns("field account.executive_sponsor: text\nfield account.crm_tier: one of \"gold\", \"silver\", \"bronze\"\n")
    }

    /// Validates files against what the repository holds and writes them, as `playbook import` does.
    @discardableResult
    static func importFiles(_ repo: Repository, _ files: [(String, String)], columns: ImportColumns = ImportColumns()) throws -> [ImportEntity: Repository.ImportCounts] {
        let keys = try repo.existingKeys()
        switch ImportValidator.validate(files: files.map { ($0.0, Array($0.1.utf8)) }, existing: keys, columns: columns) {
        case .success(let v):
            return try repo.write(v, wait: 5)
        case .failure(let p):
            Issue.record("import refused:\n\(p.description)")
            throw p
        }
    }

    /// One evaluation, with an injected date and wall-clock stamp.
    @discardableResult
    static func run(_ plan: EvaluationPlan, _ repo: Repository, asOf: String, threads: Int, dryRun: Bool = false,
                    batchSize: Int = 2, fallback: String = RepoTest.fallback, guards: RunGuards = RunGuards(),
                    onAction: (TaskAction) -> Void = { _ in }) throws -> Runner.Result {
        var runner = Runner(asOf: day(asOf), fallbackOwner: fallback, dryRun: dryRun, startedAt: startedAt)
        runner.guards = guards
        runner.loaderThreads = threads
        runner.batchSize = batchSize
        return try runner.run(plan: plan, repository: repo, wait: 5, onAction: onAction)
    }

    static func scalar(_ repo: Repository, _ sql: String) throws -> Int64 {
        try #require(try repo.connection.scalarInt(sql))
    }

    /// Rows changed by this connection since it opened (`total_changes()`).
    static func totalChanges(_ repo: Repository) throws -> Int64 { try scalar(repo, "SELECT total_changes()") }

    static func tasks(_ repo: Repository, where clause: String = "1") throws -> [TaskRow] {
        let s = try repo.connection.prepare("SELECT \(TaskRow.columns) FROM tasks WHERE \(clause) ORDER BY id")
        var out: [TaskRow] = []
        while try s.step() { out.append(TaskRow(s)) }
        return out
    }

    static func tasks(_ repo: Repository, rule: String, account: String) throws -> [TaskRow] {
        try tasks(repo, where: "rule = '\(rule)' AND account_id = '\(account)'")
    }

    static func tableNames(_ c: Connection) throws -> [String] {
        let s = try c.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        var out: [String] = []
        while try s.step() { out.append(s.text(0) ?? "") }
        return out
    }

    /// Every row of a table as text, every column quoted (NULL, numbers and text told apart), in a
    /// stable order.
    static func dump(_ c: Connection, table: String, columns only: [String]? = nil) throws -> [String] {
        let columns = try only ?? columnNames(c, table: table)
        let expr = columns.map { "quote(\"\($0)\")" }.joined(separator: " || '|' || ")
        let s = try c.prepare("SELECT \(expr) FROM \"\(table)\" ORDER BY 1")
        var out: [String] = []
        while try s.step() { out.append(s.text(0) ?? "") }
        return out
    }

    static func columnNames(_ c: Connection, table: String) throws -> [String] {
        let info = try c.prepare("SELECT name FROM pragma_table_info('\(table)') ORDER BY cid")
        var columns: [String] = []
        while try info.step() { columns.append(info.text(0) ?? "") }
        return columns
    }

    /// Every table, with the schema version: what "the repository is unchanged" means.
    static func dumpAll(_ c: Connection) throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        for t in try tableNames(c) { out[t] = try dump(c, table: t) }
        out["#schema"] = [String(try c.scalarInt("PRAGMA user_version") ?? -1)]
        let s = try c.prepare("SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master ORDER BY 1")
        var schema: [String] = []
        while try s.step() { schema.append(s.text(0) ?? "") }
        out["#sqlite_master"] = schema
        return out
    }

    static func dumpAll(_ repo: Repository) throws -> [String: [String]] { try dumpAll(repo.connection) }

    /// Row counts of every table.
    static func counts(_ repo: Repository) throws -> [String: Int64] {
        var out: [String: Int64] = [:]
        for t in try tableNames(repo.connection) { out[t] = try scalar(repo, "SELECT count(*) FROM \"\(t)\"") }
        return out
    }

    /// The task tables that a run writes, for "nothing changed" checks.
    static func taskState(_ repo: Repository) throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        for t in ["tasks", "task_events", "pending"] { out[t] = try dump(repo.connection, table: t) }
        return out
    }

    static func events(_ repo: Repository, task id: Int64) throws -> [String] {
        try repo.events(of: id).map { "\($0.onDate) \($0.who) \($0.action)" + ($0.detail.map { ": \($0)" } ?? "") }
    }

    static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    /// Guards that let a deliberate change through.
    static var allowMass: RunGuards {
        var g = RunGuards()
        g.allowMassResolve = true
        return g
    }
}
