import PlaybookEngine
import PlaybookLanguage

/// Which accounts need a table's rows: those that a playbook reading the table applies to.
/// Most of the base library is phase by phase (`applies when account.phase == 2`), so an
/// account in phase 6 needs neither its RACI grid nor its research items; not reading them
/// is a third of the rows of a run.
struct TableDemand {
    /// Per child table (`AccountLoader.Table.rawValue`): nil when every account needs it, else
    /// the base playbooks (indexes of `EvaluationPlan.baseDemands`) that read it, each with an
    /// `applies when` that the account's own columns decide.
    let bases: [[Int]?]
    private let plan: EvaluationPlan?

    /// Everything for every account: without a plan, or when a reader's scope needs more than
    /// the account row to be decided.
    init(plan: EvaluationPlan?, tables: [AccountLoader.Table], account: RecordShape) {
        self.plan = plan
        guard let plan else {
            bases = Array(repeating: nil, count: AccountLoader.Table.allCases.count)
            return
        }
        let demands = plan.baseDemands
        // What an account row holds before any child table is read (stage is derived from phase).
        let rowFields = Set(TableMap.accountColumns.compactMap(\.field)).union(["stage"]).union(account.custom.keys)
        let decidable = demands.map { d in
            d.scope.map { s in s.keys.allSatisfy { $0 == "account" } && (s["account"] ?? []).isSubset(of: rowFields) } ?? false
        }
        var bases = [[Int]?](repeating: nil, count: AccountLoader.Table.allCases.count)
        for t in tables {
            let readers = demands.indices.filter { b in
                t.map.neededFor.contains { demands[b].fields[$0.record]?.contains($0.field) ?? false }
            }
            // No reader means something outside the playbooks' rules reads it: load it for all.
            guard !readers.isEmpty, readers.allSatisfy({ decidable[$0] }) else { continue }
            bases[t.rawValue] = readers
        }
        self.bases = bases
    }

    /// Per table, per account of a batch, whether its rows are needed; nil for all accounts.
    /// - Parameter accounts: the batch's account rows, with derived fields, as one block.
    func needs(_ accounts: RecordBlock, frame: () -> Frame) -> [[Bool]?] {
        guard let plan, bases.contains(where: { $0 != nil }) else { return bases.map { _ in nil } }
        let frame = frame()
        var applies: [Int: [Bool]] = [:]
        func appliesTo(_ base: Int) -> [Bool] {
            if let a = applies[base] { return a }
            let a = (0..<accounts.count).map { plan.applies(base: base, to: Record(block: accounts, row: $0), frame: frame) }
            applies[base] = a
            return a
        }
        return bases.map { readers in
            readers.map { readers in
                var need = [Bool](repeating: false, count: accounts.count)
                for b in readers {
                    for (n, yes) in appliesTo(b).enumerated() where yes { need[n] = true }
                }
                return need
            }
        }
    }
}
