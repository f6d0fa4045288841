/// Which accounts and KPIs exist, in this import or already in the repository. The ids live in
/// `ImportedIDs` and the repository; only the last answer is kept here, because exports list
/// an account's rows together and a KPI's measurements together, so the previous row's
/// account is usually this row's: one string comparison instead of a look-up.
struct KeyRegistry {
    let ids: any ImportedIDs
    private var lastAccount: (id: String, known: Bool, begunBefore: Bool)?
    private var lastKPI: (account: String, kpi: String, known: Bool)?

    init(ids: any ImportedIDs) {
        self.ids = ids
    }

    /// An `id` of the accounts entity: it exists from now on, whatever else is wrong with its
    /// row. With `place`, the row's key: returns where a row with the same id was before.
    mutating func importAccount(_ id: String, place: UInt64? = nil) -> UInt64? {
        lastAccount = nil
        return ids.defineAccount(id, place: place)
    }

    /// Whether the account is in the import or the repository; a row of entity number
    /// `entity` refers to it.
    mutating func knownAccount(_ id: String, entity: Int, existing: any ExistingKeys) -> Bool {
        if let last = lastAccount, last.id == id { return last.known }
        var (known, begunBefore) = ids.enterAccount(id, entity: entity)
        if !known, existing.hasAccount(id) {
            known = true
            ids.markAccount(id, entity: entity)
        }
        lastAccount = (id, known, begunBefore)
        return known
    }

    /// The rows of the last account asked about began before in its entity, before another
    /// account's rows: the entity's rows are not grouped by account.
    var accountBegunBefore: Bool { lastAccount?.begunBefore ?? false }

    /// A new entity: every account's rows begin again.
    mutating func startEntity() {
        lastAccount = nil
        lastKPI = nil
    }

    mutating func importKPI(account: String, kpi: String) {
        ids.defineKPI(account: account, kpi: kpi)
        lastKPI = nil
    }

    mutating func hasKPI(account: String, kpi: String, existing: any ExistingKeys) -> Bool {
        if let last = lastKPI, last.account == account, last.kpi == kpi { return last.known }
        let known = ids.definesKPI(account: account, kpi: kpi) || existing.hasKPI(account: account, kpi: kpi)
        lastKPI = (account, kpi, known)
        return known
    }
}
