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
    package var guards = RunGuards()

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
        /// What it resolves; `trips` tells a plan that a run would stop (a run that trips stops).
        package var resolutions = MassResolution()
        /// Entities read that are stale or were never imported (warnings; tasks of rules reading
        /// stale data were kept unless allowed).
        package var stale: [StaleEntity] = []
        /// How many rules had their tasks kept (not resolved) because they read stale data.
        package var heldRules = 0
        /// Rules not evaluated for an account, and task parts left out, because a value was out of range.
        package var problems: [EvaluationProblem] = []
    }

    /// - Parameter onAction: called for each task created, resolved, reassigned, woken or held back, in account order.
    package func run(plan: EvaluationPlan, repository: some RunStore, wait: Double,
                     onAction: (TaskAction) -> Void = { _ in }) throws -> Result {
        let body = { () throws -> Result in
            var counts = RunCounts()
            if !dryRun, let latest = try repository.latestRunDate(), asOf < latest {
                throw RunRefusal.backDated(asOf: asOf, latest: latest)
            }
            var tally = MassResolution()
            tally.share = guards.massShare
            tally.minimum = guards.massMinimum
            let openByRule = try repository.activeTasksByRule()
            tally.openBefore = openByRule.values.reduce(0, +)
            tally.missingRules = openByRule.filter { plan.resolution(of: $0.key) == nil }
            let (stale, held) = freshness(plan: plan, records: try repository.importRecords())
            var problems: [EvaluationProblem] = []
            let closedSince = plan.longestCooldown.map { asOf.adding(days: -$0) }
            let runId = dryRun ? nil : try repository.beginRun(asOf: asOf, digest: plan.digest, startedAt: startedAt)
            let writer = try runId.map { try repository.actionSink(runId: $0, asOf: asOf, at: startedAt) }
            let batches = try repository.accountBatches(schema: plan.library.schema, asOf: asOf, batchSize: batchSize,
                                                        usage: EvaluationPlan.fieldUsage(plan.library),
                                                        // A plan's snapshot is this connection's read transaction;
                                                        // loader threads would read outside it.
                                                        threads: dryRun ? 0 : loaderThreads, plan: plan)
            defer { batches.stop() }
            let frame = plan.makeFrame(today: asOf)
            var firings: [Firing] = []
            // Task state is read a batch at a time, for the stretch of account ids the batch
            // covers: memory follows the batch size, not the size of the book.
            var covered: String? = nil
            while true {
                let loaded = try batches.next()
                let batch = loaded.accounts
                if batch.isEmpty { break }
                counts.accounts += batch.count
                var reconcileFirings: [Reconciler.Firing] = []
                var sub = try repository.loadReconcileState(closedSince: closedSince, after: covered, through: batch.last!.id)
                covered = batch.last!.id
                try resolveOrphans(of: &sub, keeping: Set(batch.map(\.id)), writer, &counts, &tally, onAction)
                for (n, (id, account)) in batch.enumerated() {
                    if let evaluated = loaded.firings {
                        firings = evaluated[n]
                    } else {
                        firings.removeAll(keepingCapacity: true)
                        plan.evaluate(account, frame: frame, into: &firings)
                    }
                    for f in firings {
                        if let p = f.problem(account: id) { problems.append(p) }
                        let key = TaskKey(rule: f.rule.identity, account: id, item: f.itemKey)
                        // Owners are evaluated only where a task exists to compare with.
                        let owner = sub.active[key] != nil || sub.suspended[key] != nil ? plan.owner(f, account: account, frame: frame) : nil
                        let fallback = fallbackOwner
                        reconcileFirings.append(Reconciler.Firing(
                            key: key, forDays: f.rule.forDays, cooldownDays: f.rule.cooldownDays, owner: owner, hold: f.hold,
                            draft: { plan.draft(f, account: account, frame: frame, fallbackOwner: fallback) }))
                    }
                }
                // Asked only of tasks whose rule did not fire: is it absent, switched off for
                // this account, held on stale data, or did its condition clear?
                var records: [String: Record]?
                let ruleState = { (key: TaskKey) -> RuleState in
                    if records == nil { records = Dictionary(batch.map { ($0.id, $0.record) }, uniquingKeysWith: { a, _ in a }) }
                    guard let account = records![key.account] else { return .absent }
                    let state = plan.ruleState(key.rule, item: key.item, account: account, frame: frame)
                    if held.contains(key.rule), state == .automatic || state == .manual { return .held }
                    return state
                }
                let actions = Reconciler.reconcile(firings: reconcileFirings, state: sub, asOf: asOf,
                                                   fallbackOwner: fallbackOwner, ruleState: ruleState)
                problems += EvaluationProblem.inDrafts(actions)
                try apply(actions, writer, &counts, &tally, onAction)
            }
            // Tasks of accounts after the last one still in the repository.
            var rest = try repository.loadReconcileState(closedSince: nil, after: covered, through: nil)
            try resolveOrphans(of: &rest, keeping: [], writer, &counts, &tally, onAction)
            // Everything so far is inside the run's transaction: throwing here commits nothing.
            if !dryRun, tally.trips, !guards.allowMassResolve { throw RunRefusal.massResolve(tally) }
            if let runId { try repository.finishRun(runId, counts: counts) }
            return Result(runId: runId, counts: counts, digest: plan.digest, resolutions: tally, stale: stale, heldRules: held.count, problems: problems)
        }
        if dryRun {
            // A plan reads a consistent snapshot and writes nothing.
            return try repository.read(body)
        }
        return try repository.write(wait: wait, body)
    }

    /// Takes the tasks of accounts that are no longer in the repository out of `state` and
    /// resolves them as suspended (they come back if the account does); their pending
    /// conditions are forgotten, their dismissals kept.
    private func resolveOrphans(of state: inout Reconciler.State, keeping accounts: Set<String>, _ writer: (any ActionSink)?,
                                _ counts: inout RunCounts, _ tally: inout MassResolution, _ onAction: (TaskAction) -> Void) throws {
        var orphans = Reconciler.State()
        for (k, t) in state.active where !accounts.contains(k.account) { orphans.active[k] = t; state.active[k] = nil }
        for (k, d) in state.pending where !accounts.contains(k.account) { orphans.pending[k] = d; state.pending[k] = nil }
        guard !orphans.active.isEmpty || !orphans.pending.isEmpty else { return }
        let actions = Reconciler.reconcile(firings: [], state: orphans, asOf: asOf, fallbackOwner: fallbackOwner, ruleState: { _ in .absent })
            .map { a -> TaskAction in
                if case .resolve(let id, let k, _) = a { return .resolve(id: id, k, cause: .accountRemoved) }
                return a
            }
        try apply(actions, writer, &counts, &tally, onAction)
    }

    private func apply(_ actions: [TaskAction], _ writer: (any ActionSink)?, _ counts: inout RunCounts,
                       _ tally: inout MassResolution, _ onAction: (TaskAction) -> Void) throws {
        // In account order, as documented for `plan` (reconciliation groups them by kind).
        let ordered = actions.enumerated().sorted { ($0.element.key.account, $0.offset) < ($1.element.key.account, $1.offset) }.map(\.element)
        for a in ordered {
            if let writer {
                try writer.apply(a, counts: &counts)
            } else {
                count(a, &counts)
            }
            if case .resolve(_, let k, let cause) = a { tally.count(k, cause) }
            switch a {
            case .create, .resolve, .restore, .reassign, .wake, .wait: onAction(a)
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
        case .restore: c.restored += 1
        case .reassign: c.reassigned += 1
        case .wake: c.woken += 1; c.kept += 1
        case .wait: c.waiting += 1
        case .markCleared, .startPending, .clearPending: break
        }
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
