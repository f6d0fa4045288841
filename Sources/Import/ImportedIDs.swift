/// The account and KPI ids an import defines, and which accounts' rows have begun in the
/// entity being read. Kept outside the run so that the repository can keep them on disk (a
/// temporary table, `StoredIDs`) and memory does not grow with the account count; tests and
/// imports that are only validated keep them in memory.
package protocol ImportedIDs: AnyObject {
    /// An account id the import defines. With `place` (file << 32 | row line, a row's key):
    /// returns the place of an earlier row with the same id, which is then a duplicate.
    func defineAccount(_ id: String, place: UInt64?) -> UInt64?
    /// A row of entity number `entity` refers to the account, and the previous row referred to
    /// another: `known` when the import defines it (or it was `markAccount`ed), and then
    /// `begunBefore` when its rows in this entity began before, so they are not grouped by
    /// account. One question does both, as it is asked for every account of every entity.
    func enterAccount(_ id: String, entity: Int) -> (known: Bool, begunBefore: Bool)
    /// An account of the repository, not of the import: its rows in `entity` begin.
    func markAccount(_ id: String, entity: Int)
    func defineKPI(account: String, kpi: String)
    func definesKPI(account: String, kpi: String) -> Bool
    /// Every account id known so far, for "did you mean" (asked only when an id is unknown).
    func accountIDs() -> [String]
}

package final class MemoryIDs: ImportedIDs {
    /// place 0: defined by a row whose key was not read; run: the entity its rows last began in.
    private var accounts: [String: (place: UInt64, run: Int)] = [:]
    private var kpis: Set<[String]> = []

    package init() {}

    package func defineAccount(_ id: String, place: UInt64?) -> UInt64? {
        let seen = accounts[id]?.place
        if let seen, seen != 0 { return place == nil ? nil : seen }
        if seen == nil || place != nil { accounts[id] = (place ?? 0, Int.min) }
        return nil
    }

    package func enterAccount(_ id: String, entity: Int) -> (known: Bool, begunBefore: Bool) {
        guard let a = accounts[id] else { return (false, false) }
        accounts[id]?.run = entity
        return (true, a.run == entity)
    }

    package func markAccount(_ id: String, entity: Int) { accounts[id] = (0, entity) }
    package func defineKPI(account: String, kpi: String) { kpis.insert([account, kpi]) }
    package func definesKPI(account: String, kpi: String) -> Bool { kpis.contains([account, kpi]) }
    package func accountIDs() -> [String] { Array(accounts.keys) }
}
