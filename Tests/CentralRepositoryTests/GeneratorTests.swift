import Foundation
import Testing
import Generate
import Import
import PlaybookLanguage

/// The generator feeds demos and load tests of the importer, so these tests hold it to the
/// import format of docs/import.md and to the shape of a real book.
@Suite struct GeneratorTests {
    static let asOf = CivilDate(year: 2026, month: 3, day: 15)!

    /// Written out from docs/import.md rather than taken from the generator, so a drift between
    /// the two fails here.
    static let expectedHeaders: [String: [String]] = [
        "accounts.csv": ["id", "name", "csm", "account_manager", "segment", "contract_value", "renewal_date",
                         "engagement_start", "phase", "phase_entered", "pilot", "meeting_cadence_days", "reference_asked"],
        "stakeholders.csv": ["account_id", "id", "name", "role", "relevance", "seniority", "authority", "interest",
                             "support", "desires", "concerns", "category", "is_spl", "strategy", "strategy_notes",
                             "strategy_owner", "deadline", "measurement", "last_contact"],
        "research_items.csv": ["account_id", "area", "item", "state", "source", "notes", "updated"],
        "raci.csv": ["account_id", "activity"],
        "proposals.csv": ["account_id", "status", "drafted", "sent", "signed", "signed_by"],
        "documents.csv": ["account_id", "kind", "title", "status", "date"],
        "meetings.csv": ["account_id", "kind", "date", "notes", "status"],
        "kpis.csv": ["account_id", "id", "name", "unit", "target", "promised", "expected", "baseline", "baseline_date",
                     "activity_start"],
        "milestones.csv": ["account_id", "kpi_id", "name", "date", "target"],
        "measurements.csv": ["account_id", "kpi_id", "date", "value"],
        "health.csv": ["account_id", "date", "score", "light", "sponsorship", "advocacy", "sentiment",
                       "support_utilization", "product_utilization", "company_health", "nps", "nps_date"],
        "impacted_groups.csv": ["account_id", "name", "impact", "size", "ksa_needs", "communication_needs",
                                "training_needs", "support_needs"],
        "stakeholder_plan.csv": ["account_id", "month", "name", "role", "relevance", "seniority", "authority",
                                 "interest", "support", "desires", "concerns", "notes", "category",
                                 "current_situation", "desired_situation", "strategy", "assigned_to",
                                 "deadline", "measurement"],
    ]

    /// The import key of each file, to check that no row would be reported as a duplicate.
    static let keys: [String: [String]] = [
        "accounts.csv": ["id"], "stakeholders.csv": ["account_id", "id"],
        "research_items.csv": ["account_id", "area", "item"], "raci.csv": ["account_id", "activity"],
        "proposals.csv": ["account_id"], "documents.csv": ["account_id", "kind", "title"],
        "meetings.csv": ["account_id", "kind", "date"], "kpis.csv": ["account_id", "id"],
        "milestones.csv": ["account_id", "kpi_id", "name"], "measurements.csv": ["account_id", "kpi_id", "date"],
        "health.csv": ["account_id", "date"], "impacted_groups.csv": ["account_id", "name"],
        "stakeholder_plan.csv": ["account_id", "month", "name"],
    ]

    @Test func sameArgumentsGiveIdenticalBytes() throws {
        let first = try Sample(accounts: 300, seed: 7)
        let second = try Sample(accounts: 300, seed: 7)
        let other = try Sample(accounts: 300, seed: 8)
        #expect(first.summary == second.summary)
        for file in Generator.fileNames {
            #expect(try first.bytes(file) == second.bytes(file), "\(file) differs between runs")
        }
        #expect(try first.bytes("accounts.csv") != other.bytes("accounts.csv"))
    }

    /// Only the owners differ: the team grows with the book.
    @Test func anAccountDoesNotDependOnTheTotal() throws {
        let small = try Sample(accounts: 20, seed: 3).table("accounts.csv")
        let large = try Sample(accounts: 120, seed: 3).table("accounts.csv")
        let owners = [small.column("csm"), small.column("account_manager")]
        func withoutOwners(_ row: [String]) -> [String] {
            row.enumerated().filter { !owners.contains($0.offset) }.map(\.element)
        }
        #expect(large.rows.prefix(20).map(withoutOwners) == small.rows.map(withoutOwners))
    }

    @Test func everyFileHasTheDocumentedHeader() throws {
        let sample = try Sample(accounts: 50, seed: 1)
        #expect(Set(Generator.fileNames) == Set(Self.expectedHeaders.keys))
        for (file, expected) in Self.expectedHeaders {
            let header = try sample.table(file).header
            #expect(Array(header.prefix(expected.count)) == expected, "\(file)")
        }
        let accounts = try sample.table("accounts.csv").header
        #expect(accounts.contains("crm_tier") && accounts.contains("executive_sponsor"))
        #expect(try sample.table("raci.csv").header.count > 3, "the RACI grid has stakeholder columns")
    }

    @Test func rowsParseAndKeysAreUnique() throws {
        let sample = try Sample(accounts: 200, seed: 42)
        for file in Generator.fileNames {
            let table = try sample.table(file)
            #expect(table.rows.count == sample.summary.rows(in: file), "\(file): summary and file disagree")
            for (line, row) in table.rows.enumerated() where row.count != table.header.count {
                Issue.record("\(file): record \(line + 2) has \(row.count) fields, header has \(table.header.count)")
            }
            let columns = Self.keys[file]!.map { table.column($0) }
            var seen = Set<[String]>()
            for row in table.rows {
                let key = columns.map { row[$0] }
                #expect(seen.insert(key).inserted, "\(file): duplicate key \(key)")
            }
        }
    }

    /// The point of the generator: an export the importer takes whole.
    @Test func theImporterAcceptsTheExport() throws {
        let sample = try Sample(accounts: 200, seed: 42)
        let files = try Generator.fileNames.map { (path: sample.directory + "/" + $0, bytes: try sample.bytes($0)) }
        switch ImportValidator.validate(files: files, existing: NoExistingKeys(), columns: try RepoTest.generatedColumns()) {
        case .success: break
        case .failure(let problems): Issue.record("\(problems)")
        }
        // And the check is not vacuous: a measurement for a KPI nobody defined is refused.
        var broken = files
        let index = Generator.fileNames.firstIndex(of: "measurements.csv")!
        broken[index].bytes += Array("acc-0000001,kpi-99,2026-01-01,5\r\n".utf8)
        guard case .failure = ImportValidator.validate(files: broken, existing: NoExistingKeys(), columns: try RepoTest.generatedColumns()) else {
            Issue.record("a dangling kpi_id was accepted")
            return
        }
    }

    @Test func rowCountsArePlausible() throws {
        let sample = try Sample(accounts: 200, seed: 42)
        #expect(sample.summary.accounts == 200)
        #expect(sample.summary.rows(in: "accounts.csv") == 200)
        for file in Generator.fileNames { #expect(sample.summary.rows(in: file) > 0, "\(file) is empty") }
        let perAccount = Double(sample.summary.totalRows) / 200
        #expect((45...75).contains(perAccount), "\(perAccount) rows per account")
        let stakeholders = Double(sample.summary.rows(in: "stakeholders.csv")) / 200
        #expect((2...7).contains(stakeholders))
    }

    @Test func allPhasesAppear() throws {
        let accounts = try Sample(accounts: 200, seed: 42).table("accounts.csv")
        let phases = accounts.values("phase").compactMap { Int($0) }
        #expect(Set(phases) == Set(1...7))
        // Skewed towards the later phases, like a book that has been running for years.
        #expect(phases.filter { $0 >= 5 }.count > phases.filter { $0 <= 2 }.count * 2)
    }

    @Test func everyStateAndStatusAppears() throws {
        let sample = try Sample(accounts: 200, seed: 42)
        #expect(Set(try sample.table("research_items.csv").values("state"))
            == ["accurate_enough", "not_accurate_enough", "missing", "unknown"])
        #expect(Set(try sample.table("proposals.csv").values("status")) == ["draft", "sent", "signed"])
        #expect(Set(try sample.table("research_items.csv").values("area"))
            == ["initiative", "solution", "business", "stakeholders", "engagement"])
    }

    /// The fields of schema version 7 are filled the way a real book fills them.
    @Test func frameworkFieldsAreFilledRealistically() throws {
        let sample = try Sample(accounts: 200, seed: 42)
        let asOf = Self.asOf.description
        let stakeholders = try sample.table("stakeholders.csv")
        let strategies = stakeholders.values("strategy")
        #expect(Set(strategies) == ["", "A", "B", "C", "D"])
        let (authority, strategy) = (stakeholders.column("authority"), stakeholders.column("strategy"))
        let powerful = stakeholders.rows.filter { (Int($0[authority]) ?? 0) >= 7 }
        #expect(powerful.filter { !$0[strategy].isEmpty }.count * 10 > powerful.count * 7, "most powerful stakeholders have a letter")
        #expect(stakeholders.values("strategy_notes").contains { !$0.isEmpty })

        let meetings = try sample.table("meetings.csv")
        let (kind, date, status) = (meetings.column("kind"), meetings.column("date"), meetings.column("status"))
        #expect(Set(meetings.values("status")) == ["", "planned", "cancelled"])
        let planned = meetings.rows.filter { $0[status] == "planned" }
        #expect(planned.allSatisfy { $0[date] > asOf }, "planned meetings are ahead")
        #expect(planned.contains { $0[kind] == "business_review" })
        #expect(meetings.rows.filter { $0[status] != "planned" }.allSatisfy { $0[date] <= asOf })

        let health = try sample.table("health.csv")
        let (day, nps, npsDate) = (health.column("date"), health.column("nps"), health.column("nps_date"))
        #expect(health.rows.allSatisfy { $0[npsDate].isEmpty || (!$0[nps].isEmpty && $0[npsDate] <= $0[day]) })
        #expect(health.rows.filter { !$0[npsDate].isEmpty }.count * 2 > health.rows.count)

        let kpis = try sample.table("kpis.csv")
        let (promised, expected) = (kpis.column("promised"), kpis.column("expected"))
        let both = kpis.rows.compactMap { r in Double(r[promised]).flatMap { p in Double(r[expected]).map { (p, $0) } } }
        #expect(both.contains { $0.1 < $0.0 } && both.contains { $0.1 >= $0.0 }, "expected is sometimes short of the promise")
        #expect(kpis.rows.contains { $0[promised].isEmpty })

        let asked = try sample.table("accounts.csv").values("reference_asked").filter { !$0.isEmpty }
        #expect(!asked.isEmpty && asked.count < 100 && asked.allSatisfy { $0 <= asOf })
    }

    @Test func healthIsSkewedTowardsGreen() throws {
        let health = try Sample(accounts: 400, seed: 42).table("health.csv")
        let (account, date, light) = (health.column("account_id"), health.column("date"), health.column("light"))
        let today = Self.asOf.description
        var latest: [String: (date: String, light: String)] = [:]
        var afterAsOf = 0
        for row in health.rows {
            guard row[date] <= today else { afterAsOf += 1; continue }
            if let seen = latest[row[account]], seen.date >= row[date] { continue }
            latest[row[account]] = (row[date], row[light])
        }
        let lights = latest.values.map(\.light)
        let green = lights.filter { $0 == "green" }.count
        let amber = lights.filter { $0 == "amber" }.count
        let red = lights.filter { $0 == "red" }.count
        #expect(green > amber && amber > red && red > 0, "green \(green), amber \(amber), red \(red)")
        #expect(Double(green) / Double(lights.count) > 0.55)
        // A snapshot after as-of is the exception that exercises as-of filtering.
        #expect(afterAsOf < 40)
    }

    @Test func fieldsNeedingQuotesRoundTrip() throws {
        let sample = try Sample(accounts: 300, seed: 42)
        let raw = String(decoding: try sample.bytes("accounts.csv") + sample.bytes("stakeholders.csv"), as: UTF8.self)
        #expect(raw.contains("\"\""), "some value has a doubled quote")
        let names = try sample.table("accounts.csv").values("name") + sample.table("stakeholders.csv").values("name")
        #expect(names.contains { $0.contains(",") })
        #expect(names.contains { $0.contains("\"") })
        let notes = try sample.table("research_items.csv").values("notes")
        #expect(notes.contains { $0.contains("\n") }, "a quoted field spans lines")
    }

    /// Timing at scale, off by default: `GENERATOR_BENCHMARK_ACCOUNTS=100000 swift test -c release
    /// --filter GeneratorTests/benchmark` prints the time and the rows per file.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["GENERATOR_BENCHMARK_ACCOUNTS"] != nil))
    func benchmark() throws {
        let accounts = Int(ProcessInfo.processInfo.environment["GENERATOR_BENCHMARK_ACCOUNTS"] ?? "") ?? 100_000
        let clock = ContinuousClock()
        var sample: Sample?
        let elapsed = try clock.measure { sample = try Sample(accounts: accounts, seed: 42) }
        let summary = try #require(sample).summary
        print("generated \(accounts) accounts, \(summary.totalRows) rows in \(elapsed)")
        for file in summary.files { print("  \(file.file): \(file.rows)") }
    }
}

/// One generated export in a temporary directory, removed when the sample goes away.
private final class Sample {
    let directory: String
    let summary: GeneratorSummary

    init(accounts: Int, seed: UInt64) throws {
        directory = NSTemporaryDirectory() + "generator-tests-" + UUID().uuidString
        summary = try Generator.write(accounts: accounts, seed: seed, asOf: GeneratorTests.asOf, to: directory)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    func bytes(_ file: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + file)))
    }

    func table(_ file: String) throws -> CSVTable { CSVTable(bytes: try bytes(file)) }
}

/// A strict RFC 4180 reader, independent of the importer under development.
private struct CSVTable {
    var header: [String] = []
    var rows: [[String]] = []

    init(bytes: [UInt8]) {
        var records: [[String]] = []
        var record: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var index = 0
        func endField() { record.append(String(decoding: field, as: UTF8.self)); field.removeAll() }
        while index < bytes.count {
            let byte = bytes[index]
            if quoted {
                if byte == 0x22 {
                    if index + 1 < bytes.count && bytes[index + 1] == 0x22 { field.append(0x22); index += 1 } else { quoted = false }
                } else {
                    field.append(byte)
                }
            } else if byte == 0x22 {
                quoted = true
            } else if byte == 0x2C {
                endField()
            } else if byte == 0x0D || byte == 0x0A {
                if byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A { index += 1 }
                endField()
                records.append(record)
                record.removeAll()
            } else {
                field.append(byte)
            }
            index += 1
        }
        if !field.isEmpty || !record.isEmpty { endField(); records.append(record) }
        header = records.first ?? []
        rows = Array(records.dropFirst())
    }

    func column(_ name: String) -> Int { header.firstIndex(of: name)! }

    func values(_ name: String) -> [String] {
        let index = column(name)
        return rows.map { $0[index] }
    }
}
