import Foundation
import PlaybookEngine
import PlaybookLanguage

/// Loads batches of accounts on background threads, each with its own read connection, while
/// the caller evaluates the previous batch: loading is most of a run's work, and the machine has
/// more than one core. Batches are handed out in order; at most a few are held at once, so
/// memory stays bounded by the batch size, not the size of the book.
package final class LoaderPipeline: @unchecked Sendable {
    private let condition = NSCondition()
    private let source: AccountLoader
    private var workers: [AccountLoader] = []
    private var ready: [Int: Result<LoadedBatch, Error>] = [:]
    private let plan: EvaluationPlan?
    private let asOf: CivilDate
    private var nextToDeliver = 0
    private var claimed = 0
    private var exhausted = false
    private var stopped = false
    private var running = 0
    private let ahead: Int

    /// - Parameter path: the repository file; each thread opens it read-only.
    package init(path: String, schema: Schema, asOf: CivilDate, batchSize: Int, usage: [String: Set<String>], threads: Int,
                 plan: EvaluationPlan? = nil) throws {
        self.plan = plan
        self.asOf = asOf
        func loader() throws -> AccountLoader {
            let c = try Connection(path: path, create: false, readOnly: true)
            c.busyTimeout(milliseconds: 10_000)
            return try AccountLoader(connection: c, schema: schema, asOf: asOf, batchSize: batchSize, usage: usage, plan: plan)
        }
        source = try loader()
        for _ in 0..<max(1, threads) { workers.append(try loader()) }
        ahead = workers.count + 1
        running = workers.count
        for n in workers.indices {
            let thread = Thread { [self] in work(workers[n]) }
            thread.stackSize = 4 << 20
            thread.start()
        }
    }

    deinit { stop() }

    private func work(_ loader: AccountLoader) {
        while true {
            condition.lock()
            while !stopped, !exhausted, claimed - nextToDeliver >= ahead { condition.wait() }
            if stopped || exhausted {
                running -= 1
                condition.broadcast()
                condition.unlock()
                return
            }
            let batch: AccountBatch?
            do {
                batch = try source.nextAccounts()
            } catch {
                ready[claimed] = .failure(error)
                claimed += 1
                exhausted = true
                running -= 1
                condition.broadcast()
                condition.unlock()
                return
            }
            guard let batch else {
                exhausted = true
                running -= 1
                condition.broadcast()
                condition.unlock()
                return
            }
            claimed += 1
            condition.unlock()
            let result = Result { () throws -> LoadedBatch in
                let accounts = try loader.records(of: batch)
                guard let plan else { return LoadedBatch(accounts: accounts, firings: nil) }
                // Evaluating here, beside the loading, keeps the run's own thread for reconciling.
                let frame = plan.makeFrame(today: asOf)
                var all: [[Firing]] = []
                all.reserveCapacity(accounts.count)
                for (_, record) in accounts {
                    var firings: [Firing] = []
                    plan.evaluate(record, frame: frame, into: &firings)
                    all.append(firings)
                }
                return LoadedBatch(accounts: accounts, firings: all)
            }
            condition.lock()
            ready[batch.index] = result
            condition.broadcast()
            condition.unlock()
        }
    }

    /// The next batch in account order; empty when all have been delivered.
    package func next() throws -> LoadedBatch {
        condition.lock()
        defer { condition.unlock() }
        while ready[nextToDeliver] == nil {
            if exhausted, nextToDeliver >= claimed, running == 0 { return LoadedBatch(accounts: [], firings: nil) }
            if exhausted, nextToDeliver >= claimed { condition.wait(); continue }
            condition.wait()
        }
        let r = ready.removeValue(forKey: nextToDeliver)!
        nextToDeliver += 1
        condition.broadcast()
        return try r.get()
    }

    /// Stops the threads and waits for them (on error, or when done).
    package func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while running > 0 { condition.wait() }
        condition.unlock()
    }
}
