/// The row keys of an entity whose rows were not grouped by account (see `KeyRuns`), as
/// 64-bit fingerprints in an open-addressing table:
/// 8 bytes a slot, no per-key allocation, one probe (usually one cache miss) per row. The
/// table grows with the entity's row count, not with its bytes: at a million accounts the
/// largest entity (the RACI grid, 15 million cells) takes 256 MB, against 80 bytes a key for
/// keeping keys themselves.
///
/// Equal fingerprints are only suspects: two different keys may share one. The run reads the
/// entity's files again comparing whole keys, but only those of suspect fingerprints (see
/// `KeyCheck`), so a duplicate is reported exactly and a collision never is.
struct KeyFingerprints {
    private var slots: [UInt64] = []
    private var count = 0
    private var mask = 0

    static func fingerprint(account: String, _ first: FieldValue, _ second: FieldValue) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(account)
        hasher.combine(first)
        hasher.combine(second)
        let h = UInt64(bitPattern: Int64(hasher.finalize()))
        return h == 0 ? 1 : h // 0 marks an empty slot
    }

    /// Adds the fingerprint; false when it was already there.
    mutating func insert(_ fp: UInt64) -> Bool {
        // Grown at 5/8 full, where linear probing still costs little.
        if (count + 1) * 8 > slots.count * 5 { grow() }
        var i = Int(truncatingIfNeeded: fp) & mask
        while true {
            let s = slots[i]
            if s == 0 {
                slots[i] = fp
                count += 1
                return true
            }
            if s == fp { return false }
            i = (i + 1) & mask
        }
    }

    mutating func removeAll() {
        slots = []
        count = 0
        mask = 0
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: max(1 << 12, old.count * 2))
        mask = slots.count - 1
        count = 0
        for fp in old where fp != 0 { _ = insert(fp) }
    }
}

/// The second reading of an entity's files when fingerprints matched: whole keys are compared,
/// but only keys with a suspect fingerprint are kept, so this costs memory for the suspects,
/// not for the file.
struct KeyCheck {
    struct Key: Hashable {
        var account: String
        var first: FieldValue
        var second: FieldValue
    }

    let suspects: Set<UInt64>
    /// Keys the first reading checked exactly (`KeyRuns`): their duplicates are not reported twice.
    let reported: Int
    /// Keys read so far, in the order the first reading saw them.
    var seen = 0
    var firsts: [Key: (file: Int32, rowLine: Int32)] = [:]
    /// The duplicates found, to be reported by the run that asked.
    var found: [(path: String, line: Int, column: Int, message: ImportMessage)] = []
}
