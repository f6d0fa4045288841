/// Which accounts and KPIs exist, in this import or already in the repository. Account ids are
/// interned to small integers, so row keys carry an integer rather than the id text.
struct KeyRegistry {
    enum AccountState: UInt8 { case unchecked, imported, existing, absent }

    struct KPIKey: Hashable {
        var account: Int32
        var kpi: String
    }

    private var accountIndex: [String: Int32] = [:]
    private(set) var accountIDs: [String] = []
    private var accountState: [AccountState] = []
    private var importedKPIs: Set<KPIKey> = []
    private var existingKPIs: [KPIKey: Bool] = [:]
    /// Exports list an account's rows together, so the previous row's account is usually this
    /// row's: one string comparison instead of a hash lookup.
    private var lastAccount: (id: String, index: Int32)?

    mutating func intern(_ id: String) -> Int32 {
        if let last = lastAccount, last.id == id { return last.index }
        let i: Int32
        if let known = accountIndex[id] {
            i = known
        } else {
            i = Int32(accountIDs.count)
            accountIndex[id] = i
            accountIDs.append(id)
            accountState.append(.unchecked)
        }
        lastAccount = (id, i)
        return i
    }

    /// An `id` of the accounts entity: it exists from now on, whatever else is wrong with its row.
    mutating func importAccount(_ id: String) -> Int32 {
        let i = intern(id)
        accountState[Int(i)] = .imported
        return i
    }

    /// The account's index when it is in the import or the repository; the repository is
    /// asked once per id.
    mutating func knownAccount(_ id: String, existing: any ExistingKeys) -> Int32? {
        let i = intern(id)
        if accountState[Int(i)] == .unchecked {
            accountState[Int(i)] = existing.hasAccount(id) ? .existing : .absent
        }
        return accountState[Int(i)] == .absent ? nil : i
    }

    mutating func importKPI(account: Int32, kpi: String) {
        importedKPIs.insert(KPIKey(account: account, kpi: kpi))
        lastKPI = nil
    }

    /// Like `lastAccount`: measurements of one KPI usually follow each other.
    private var lastKPI: (key: KPIKey, known: Bool)?

    mutating func hasKPI(account: Int32, kpi: String, existing: any ExistingKeys) -> Bool {
        let key = KPIKey(account: account, kpi: kpi)
        if let last = lastKPI, last.key == key { return last.known }
        let known: Bool
        if importedKPIs.contains(key) {
            known = true
        } else if let cached = existingKPIs[key] {
            known = cached
        } else {
            known = existing.hasKPI(account: accountIDs[Int(account)], kpi: kpi)
            existingKPIs[key] = known
        }
        lastKPI = (key, known)
        return known
    }

    var accountCount: Int { accountIDs.count }
}
