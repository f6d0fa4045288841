/// Names visible while checking one expression: bound variables (innermost last), the
/// parameters and lets of the playbook chain, and `account`.
struct Scope {
    var variables: [(name: String, slot: Int, type: PType)] = []
    var parameters: [String: Int] = [:]
    var lets: [String: Int] = [:]
    var nextSlot = 0
    /// Whether account data may be read: false for parameter defaults, `for` and `cooldown`.
    var allowsAccountData = true

    func lookupVariable(_ name: String) -> (slot: Int, type: PType)? {
        for v in variables.reversed() where v.name == name { return (v.slot, v.type) }
        return nil
    }

    var visibleNames: [String] {
        variables.map(\.name) + Array(parameters.keys) + Array(lets.keys) + ["account"]
    }

    mutating func bind(_ name: String, _ type: PType) -> Int {
        let slot = nextSlot
        nextSlot += 1
        variables.append((name, slot, type))
        return slot
    }

    mutating func unbind() { variables.removeLast() }
}
