import PlaybookLanguage

/// Writes a validated import in one transaction: an upsert per row by its stable key, which
/// leaves a row untouched when nothing in it changed, so re-importing the same files writes
/// nothing.
extension Repository {
    package struct ImportCounts: Sendable, Equatable {
        package var inserted = 0
        package var updated = 0
        package var unchanged = 0
        package init() {}
    }

    /// Keys already in the repository, for validating references in an import.
    package func existingKeys() throws -> RepositoryKeys {
        var accounts: Set<String> = []
        let a = try connection.prepare("SELECT id FROM accounts")
        while try a.step() { accounts.insert(a.text(0) ?? "") }
        var kpis: Set<String> = []
        let k = try connection.prepare("SELECT account_id, id FROM kpis")
        while try k.step() { kpis.insert((k.text(0) ?? "") + "\u{0}" + (k.text(1) ?? "")) }
        return RepositoryKeys(accounts: accounts, kpis: kpis)
    }

    package func write(_ data: ValidatedImport, wait: Double) throws -> [ImportEntity: ImportCounts] {
        try write(wait: wait) { try writeRows(data) }
    }

    /// Upserts validated rows inside the caller's transaction.
    func writeRows(_ data: ValidatedImport) throws -> [ImportEntity: ImportCounts] {
        var result: [ImportEntity: ImportCounts] = [:]
        // Parents before children, so a reader never sees a stakeholder without its account.
        for entity in ImportEntity.allCases {
            guard let rows = data.rows[entity], !rows.isEmpty else { continue }
            result[entity] = try upsert(entity, rows, present: data.presentColumns[entity])
        }
        return result
    }

    /// - Parameter present: the columns the files gave (nil: all); an existing row keeps its
    ///   values in the others.
    private func upsert(_ entity: ImportEntity, _ rows: [ImportRow], present: Set<Int>?) throws -> ImportCounts {
        let columns = entity.columns.map(\.name)
        let hasCustom = entity != .raci
        let all = columns + (hasCustom ? ["custom"] : [])
        let keys = entity.keyColumns
        let updatable = columns.enumerated().filter { !keys.contains($0.element) && (present?.contains($0.offset) ?? true) }.map(\.element)
        let placeholders = all.map { _ in "?" }.joined(separator: ", ")
        var assignments = updatable.map { "\($0) = excluded.\($0)" }
        var compared = updatable
        if hasCustom {
            assignments.append("custom = COALESCE(excluded.custom, \(entity.rawValue).custom)")
            compared.append("custom")
        }
        let table = entity.rawValue
        let current: [String] = compared.map { "\(table).\($0)" }
        let incoming: [String] = compared.map { $0 == "custom" ? "COALESCE(excluded.custom, \(table).custom)" : "excluded.\($0)" }
        let changed: String = compared.isEmpty ? "0" : "(\(current.joined(separator: ", "))) IS NOT (\(incoming.joined(separator: ", ")))"
        let sql = """
            INSERT INTO \(entity.rawValue) (\(all.joined(separator: ", "))) VALUES (\(placeholders))
            ON CONFLICT (\(keys.joined(separator: ", "))) DO \(assignments.isEmpty ? "NOTHING" : "UPDATE SET \(assignments.joined(separator: ", ")) WHERE \(changed)")
            """
        let statement = try connection.prepare(sql)
        // Rows added = growth of the table; rows written = what SQLite reports as changed.
        let before = try connection.scalarInt("SELECT count(*) FROM \(entity.rawValue)") ?? 0
        var written = 0
        for row in rows {
            for (n, v) in row.values.enumerated() { bind(statement, Int32(n + 1), v) }
            if hasCustom {
                statement.bind(Int32(columns.count + 1), FlatJSON.encode(row.custom.map { ($0.name, $0.value) }))
            }
            try statement.run()
            written += connection.changes
        }
        let after = try connection.scalarInt("SELECT count(*) FROM \(entity.rawValue)") ?? 0
        var counts = ImportCounts()
        counts.inserted = Int(after - before)
        counts.updated = written - counts.inserted
        counts.unchanged = rows.count - written
        return counts
    }

    private func bind(_ s: Statement, _ i: Int32, _ v: FieldValue) {
        switch v {
        case .missing: s.bind(i, nil as String?)
        case .text(let t): s.bind(i, t)
        case .number(let n): s.bind(i, n)
        case .integer(let n): s.bind(i, n)
        case .date(let d): s.bind(i, d.description)
        case .bool(let b): s.bind(i, b)
        }
    }
}

/// Account and KPI ids already stored, for an import's reference checks.
package struct RepositoryKeys: ExistingKeys {
    var accounts: Set<String>
    var kpis: Set<String>

    /// Adds the accounts and KPIs of a validated file, for the files after it.
    mutating func add(_ v: ValidatedImport) {
        if let rows = v.rows[.accounts], let i = ImportEntity.accounts.columns.firstIndex(where: { $0.name == "id" }) {
            for r in rows { if case .text(let id) = r.values[i] { accounts.insert(id) } }
        }
        if let rows = v.rows[.kpis], let a = ImportEntity.kpis.columns.firstIndex(where: { $0.name == "account_id" }),
           let k = ImportEntity.kpis.columns.firstIndex(where: { $0.name == "id" }) {
            for r in rows { if case .text(let acc) = r.values[a], case .text(let id) = r.values[k] { kpis.insert(acc + "\u{0}" + id) } }
        }
    }
    package func hasAccount(_ id: String) -> Bool { accounts.contains(id) }
    package func hasKPI(account: String, kpi: String) -> Bool { kpis.contains(account + "\u{0}" + kpi) }
}
