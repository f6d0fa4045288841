/// The row keys of one entity, logged as rows are read and searched for duplicates once the
/// entity's files are done.
///
/// A hash table over millions of keys costs a cache (and TLB) miss per row, and that was the
/// largest cost of validation. Appending to this log is sequential; the search groups keys by
/// account with a counting sort (accounts are small interned integers), then sorts each
/// account's few keys by hash, in cache. Exports list an account's rows together, so even the
/// grouping pass mostly walks memory in order; a file in random order costs one sort, never
/// a quadratic search.
struct KeyLog {
    struct Entry {
        var hash: Int
        var account: Int32
        var file: Int32
        /// The row's first line, for "first at line N".
        var rowLine: Int32
        /// Where the key's first field is, for the problem.
        var line: Int32
        var column: Int32
    }

    struct Parts: Equatable {
        var first: FieldValue
        var second: FieldValue
    }

    private(set) var entries: [Entry] = []
    private(set) var parts: [Parts] = []

    var isEmpty: Bool { entries.isEmpty }

    mutating func reserve(_ n: Int) {
        entries.reserveCapacity(entries.count + n)
        parts.reserveCapacity(parts.count + n)
    }

    mutating func add(account: Int32, _ first: FieldValue, _ second: FieldValue, file: Int32, rowLine: Int, line: Int, column: Int) {
        var hasher = Hasher()
        hasher.combine(account)
        hasher.combine(first)
        hasher.combine(second)
        entries.append(Entry(hash: hasher.finalize(), account: account, file: file, rowLine: Int32(clamping: rowLine),
                             line: Int32(clamping: line), column: Int32(clamping: column)))
        parts.append(Parts(first: first, second: second))
    }

    /// Every entry whose key an earlier entry already has, with the earliest such entry.
    func duplicates(accountCount: Int) -> [(later: Int, first: Int)] {
        guard entries.count > 1 else { return [] }
        // Counting sort by account; stable, so each group stays in row order.
        var start = [Int32](repeating: 0, count: accountCount + 1)
        for e in entries { start[Int(e.account) + 1] += 1 }
        for a in 0..<accountCount { start[a + 1] += start[a] }
        var next = start
        var order = [Int32](repeating: 0, count: entries.count)
        for (i, e) in entries.enumerated() {
            order[Int(next[Int(e.account)])] = Int32(i)
            next[Int(e.account)] += 1
        }
        var found: [(later: Int, first: Int)] = []
        var group: [(hash: Int, entry: Int32)] = []
        for a in 0..<accountCount where start[a + 1] - start[a] > 1 {
            group.removeAll(keepingCapacity: true)
            for i in order[Int(start[a])..<Int(start[a + 1])] { group.append((entries[Int(i)].hash, i)) }
            // By hash, then row order, so equal keys sit together with the earliest first.
            group.sort { $0 < $1 }
            var runStart = 0
            for k in 1...group.count {
                guard k == group.count || group[k].hash != group[runStart].hash else { continue }
                if k - runStart > 1 { collect(group[runStart..<k].map { Int($0.entry) }, into: &found) }
                runStart = k
            }
        }
        return found
    }

    /// Entries with one hash: almost always one key, but a collision must not merge two keys.
    private func collect(_ run: [Int], into found: inout [(later: Int, first: Int)]) {
        var firsts: [Int] = []
        for i in run {
            if let first = firsts.first(where: { parts[$0] == parts[i] }) {
                found.append((i, first))
            } else {
                firsts.append(i)
            }
        }
    }
}
