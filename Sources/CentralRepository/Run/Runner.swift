import Foundation
import PlaybookEngine
import PlaybookLanguage

/// One evaluation of the playbooks against the repository as of a date: `plan` (dry) or `run`.
/// A run is one transaction, taken with the write lock up front: a second run started at the
/// same time waits for it (up to the configured time) and then sees its result.
package struct Runner {
    package var asOf: CivilDate
    package var fallbackOwner: String
    package var dryRun: Bool
    package var batchSize = 2_000
    /// Threads that load accounts while the run evaluates (0: load on the calling thread).
    package var loaderThreads = 2
    /// Wall-clock time stamp recorded with the run and its task events.
    package var startedAt: String

    package init(asOf: CivilDate, fallbackOwner: String, dryRun: Bool, startedAt: String) {
        self.asOf = asOf
        self.fallbackOwner = fallbackOwner
        self.dryRun = dryRun
        self.startedAt = startedAt
    }

    package struct Result: Sendable {
        package var runId: Int64?
        package var counts: RunCounts
        package var digest: String
    }

    /// - Parameter onAction: called for each task created, resolved, reassigned, woken or held back, in account order.
    package func run(plan: EvaluationPlan, repository: some RunStore, wait: Double,
                     onAction: (TaskAction) -> Void = { _ in }) throws -> Result {
        let body = { () throws -> Result in
            var counts = RunCounts()
            let state = try repository.loadReconcileState(closedSince: plan.longestCooldown.map { asOf.adding(days: -$0) })
            let byAccount = StateIndex(state)
            let runId = dryRun ? nil : try repository.beginRun(asOf: asOf, digest: plan.digest, startedAt: startedAt)
            let writer = try runId.map { try repository.actionSink(runId: $0, asOf: asOf, at: startedAt) }
            let batches = try repository.accountBatches(schema: plan.library.schema, asOf: asOf, batchSize: batchSize,
                                                        usage: EvaluationPlan.fieldUsage(plan.library),
                                                        // A plan's snapshot is this connection's read transaction;
                                                        // loader threads would read outside it.
                                                        threads: dryRun ? 0 : loaderThreads)
            defer { batches.stop() }
            let frame = plan.makeFrame(today: asOf)
            var seen: Set<String> = []
            var firings: [Firing] = []
            let autoResolves = { (rule: String) -> Bool? in plan.resolution(of: rule) }
            while true {
                let batch = try batches.next()
                if batch.isEmpty { break }
                counts.accounts += batch.count
                var reconcileFirings: [Reconciler.Firing] = []
                var sub = Reconciler.State()
                for (id, account) in batch {
                    seen.insert(id)
                    byAccount.fill(&sub, account: id)
                    firings.removeAll(keepingCapacity: true)
                    plan.evaluate(account, frame: frame, into: &firings)
                    for f in firings {
                        let key = TaskKey(rule: f.rule.identity, account: id, item: f.itemKey)
                        // Owners are evaluated only where a task exists to compare with.
                        let owner = sub.active[key] != nil ? plan.owner(f, account: account, frame: frame) : nil
                        let fallback = fallbackOwner
                        reconcileFirings.append(Reconciler.Firing(
                            key: key, forDays: f.rule.forDays, cooldownDays: f.rule.cooldownDays, owner: owner,
                            draft: { plan.draft(f, account: account, frame: frame, fallbackOwner: fallback) }))
                    }
                }
                let actions = Reconciler.reconcile(firings: reconcileFirings, state: sub, asOf: asOf,
                                                   fallbackOwner: fallbackOwner, autoResolves: autoResolves)
                try apply(actions, writer, &counts, onAction)
            }
            // Tasks of accounts no longer in the repository.
            var orphans = Reconciler.State()
            for account in byAccount.accounts where !seen.contains(account) { byAccount.fill(&orphans, account: account) }
            let actions = Reconciler.reconcile(firings: [], state: orphans, asOf: asOf, fallbackOwner: fallbackOwner, autoResolves: { _ in nil })
                .map { a -> TaskAction in
                    if case .resolve(let id, let k, _) = a { return .resolve(id: id, k, reason: "the account is no longer in the repository") }
                    return a
                }
            try apply(actions, writer, &counts, onAction)
            if let runId { try repository.finishRun(runId, counts: counts) }
            return Result(runId: runId, counts: counts, digest: plan.digest)
        }
        if dryRun {
            // A plan reads a consistent snapshot and writes nothing.
            return try repository.read(body)
        }
        return try repository.write(wait: wait, body)
    }

    private func apply(_ actions: [TaskAction], _ writer: (any ActionSink)?, _ counts: inout RunCounts,
                       _ onAction: (TaskAction) -> Void) throws {
        // In account order, as documented for `plan` (reconciliation groups them by kind).
        let ordered = actions.enumerated().sorted { ($0.element.key.account, $0.offset) < ($1.element.key.account, $1.offset) }.map(\.element)
        for a in ordered {
            if let writer {
                try writer.apply(a, counts: &counts)
            } else {
                count(a, &counts)
            }
            switch a {
            case .create, .resolve, .reassign, .wake, .wait: onAction(a)
            // Bookkeeping, not news: kept tasks are counted, pending clocks are internal.
            case .keep, .markCleared, .startPending, .clearPending: break
            }
        }
    }

    private func count(_ a: TaskAction, _ c: inout RunCounts) {
        switch a {
        case .create: c.created += 1
        case .keep: c.kept += 1
        case .resolve: c.resolved += 1
        case .reassign: c.reassigned += 1
        case .wake: c.woken += 1; c.kept += 1
        case .wait: c.waiting += 1
        case .markCleared, .startPending, .clearPending: break
        }
    }
}

/// The reconcile state grouped by account, so each batch gets only its own tasks.
final class StateIndex {
    private var active: [String: [ExistingTask]] = [:]
    private var closed: [String: [ExistingTask]] = [:]
    private var pending: [String: [(TaskKey, CivilDate)]] = [:]
    private var recentlyClosed: [String: [(TaskKey, CivilDate)]] = [:]

    init(_ s: Reconciler.State) {
        for (_, t) in s.active { active[t.key.account, default: []].append(t) }
        for (_, t) in s.closed { closed[t.key.account, default: []].append(t) }
        for (k, d) in s.pending { pending[k.account, default: []].append((k, d)) }
        for (k, d) in s.recentlyClosed { recentlyClosed[k.account, default: []].append((k, d)) }
    }

    var accounts: [String] { Array(Set(active.keys).union(closed.keys).union(pending.keys)).sorted() }

    func fill(_ s: inout Reconciler.State, account: String) {
        for t in active[account] ?? [] { s.active[t.key] = t }
        for t in closed[account] ?? [] { s.closed[t.key] = t }
        for (k, d) in pending[account] ?? [] { s.pending[k] = d }
        for (k, d) in recentlyClosed[account] ?? [] { s.recentlyClosed[k] = d }
    }
}

extension Repository {
    /// A read transaction: one consistent snapshot, no lock held against writers in WAL mode.
    package func read<T>(_ body: () throws -> T) throws -> T {
        do {
            return try connection.transaction(immediate: false, body)
        } catch let e as SQLiteError {
            throw Self.map(e, path: path, wait: 0)
        }
    }
}
