import PlaybookEngine
import PlaybookLanguage

/// What a run needs from a central repository. The embedded SQLite `Repository` is one; the
/// planned PostgreSQL backend (a shared repository for larger teams) is meant to be another,
/// added without touching the engine or the runner.
package protocol RunStore: AnyObject {
    /// Open and snoozed tasks, closed tasks whose condition has not cleared, pending conditions.
    func loadReconcileState(closedSince: CivilDate?, after: String?, through: String?) throws -> Reconciler.State
    /// The as-of date of the latest run recorded; a run may not be dated before it.
    func latestRunDate() throws -> CivilDate?
    /// Open and snoozed tasks, counted by rule identity.
    func activeTasksByRule() throws -> [String: Int]
    /// The last import of each entity, for the freshness guard.
    func importRecords() throws -> [String: ImportRecord]
    func beginRun(asOf: CivilDate, digest: String, startedAt: String) throws -> Int64
    func finishRun(_ id: Int64, counts: RunCounts) throws
    /// Applies a run's actions inside its transaction.
    func actionSink(runId: Int64, asOf: CivilDate, at: String) throws -> any ActionSink
    /// Accounts in id order, a batch at a time, as records for evaluation as of a date, with only
    /// the fields in `usage` loaded.
    /// With `plan`, loader threads also evaluate each batch, so the caller gets its firings.
    func accountBatches(schema: Schema, asOf: CivilDate, batchSize: Int, usage: [String: Set<String>], threads: Int,
                        plan: EvaluationPlan?) throws -> any AccountBatches
    /// One consistent read (a plan).
    func read<T>(_ body: () throws -> T) throws -> T
    /// One write transaction holding the repository's write lock; waits up to `wait` seconds for it.
    func write<T>(wait: Double, _ body: () throws -> T) throws -> T
}

package protocol ActionSink: AnyObject {
    func apply(_ action: TaskAction, counts: inout RunCounts) throws
}

package protocol AccountBatches: AnyObject {
    /// The next batch; empty when all accounts have been read.
    func next() throws -> LoadedBatch
    func stop()
}

/// A batch of accounts, and what fired for each when a loader thread already evaluated them.
package struct LoadedBatch {
    package var accounts: [(id: String, record: Record)]
    /// Per account, in the same order; nil when the caller is to evaluate.
    package var firings: [[Firing]]?
}

package struct RunCounts: Sendable, Equatable {
    package var accounts = 0, created = 0, kept = 0, resolved = 0, reassigned = 0, woken = 0, waiting = 0, restored = 0
    package init() {}
}

extension Repository: RunStore {
    package func actionSink(runId: Int64, asOf: CivilDate, at: String) throws -> any ActionSink {
        try ActionWriter(connection, runId: runId, asOf: asOf, at: at)
    }

    package func accountBatches(schema: Schema, asOf: CivilDate, batchSize: Int, usage: [String: Set<String>], threads: Int,
                                plan: EvaluationPlan?) throws -> any AccountBatches {
        // Separate read connections need a file; an in-memory repository loads on this thread.
        if path != ":memory:", threads > 0 {
            return try LoaderPipeline(path: path, schema: schema, asOf: asOf, batchSize: batchSize, usage: usage, threads: threads, plan: plan)
        }
        return try AccountLoader(connection: connection, schema: schema, asOf: asOf, batchSize: batchSize, usage: usage, plan: plan)
    }
}

extension Repository.ActionWriter: ActionSink {}
extension LoaderPipeline: AccountBatches {}
extension AccountLoader: AccountBatches {
    package func next() throws -> LoadedBatch { LoadedBatch(accounts: try nextRecords(), firings: nil) }
    package func stop() {}
}
