/// The row keys of the entity being read (any entity but accounts, whose ids `ImportedIDs`
/// checks), while its rows arrive grouped by account (each account's rows together, as exports
/// sorted by account are). Every such key starts with the account, so a duplicate can then only be in the current account's run: whole keys are kept
/// for that run alone and dropped when the account changes. Memory is bounded by the largest
/// account, not by the entity, and the check is exact, so nothing is read twice.
///
/// An account seen again after another account's rows means the rows are not grouped: from
/// there on nothing is checked here, and the run reads the entity's files again with the
/// global check (`KeyFingerprints`, `KeyCheck`). The entity's files count as one stream, so
/// files split by account range stay grouped (even when one account's rows go on from the end
/// of a file into the next), and an account found again in a later file does not.
struct KeyRuns {
    struct Key: Hashable {
        var first: FieldValue
        var second: FieldValue
    }

    /// False once an account came back after another: the global check must run.
    private(set) var grouped = true
    /// Keys checked here before the rows turned out not grouped. Their duplicates are reported
    /// already, with the same first occurrence the global check finds: until then every
    /// account's rows were in its first run.
    private(set) var checked = 0
    /// The entity's number in this import, for `ImportedIDs.enterAccount`.
    let entity: Int
    private var current: String?
    /// Where each key of the current account's run was first seen (file << 32 | row line).
    private var keys: [Key: UInt64] = [:]

    init(entity: Int) {
        self.entity = entity
    }

    /// Records the key of a row of `account`; returns where the same key was seen before in
    /// this account's run. Nil as well once the rows are not grouped.
    ///
    /// `begunBefore`: the account's rows began before in this entity (`KeyRegistry` asks
    /// `ImportedIDs`, which remembers it outside memory, as the row's account is checked).
    mutating func record(_ account: String, _ first: FieldValue, _ second: FieldValue, at place: UInt64, begunBefore: Bool) -> UInt64? {
        guard grouped else { return nil }
        if account != current {
            guard !begunBefore else {
                grouped = false
                keys = [:]
                return nil
            }
            current = account
            // A table left large by a big account is dropped rather than cleared bucket by
            // bucket at every later account.
            if keys.capacity > 1024 { keys = [:] } else { keys.removeAll(keepingCapacity: true) }
        }
        checked += 1
        let key = Key(first: first, second: second)
        if let seen = keys[key] { return seen }
        keys[key] = place
        return nil
    }
}
