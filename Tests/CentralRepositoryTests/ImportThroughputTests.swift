import Foundation
import Testing
import Import

/// Load test of the importer's read-and-check pass, off by default. Run in release:
///
///     IMPORT_BENCH_ACCOUNTS=100000 swift test -c release --scratch-path .build-import \
///         --filter ImportThroughputTests
///
/// 100,000 accounts give about 7 million rows (0.5 GB), the size the importer is built for.
@Suite struct ImportThroughputTests {
    static let accounts = ProcessInfo.processInfo.environment["IMPORT_BENCH_ACCOUNTS"].flatMap { Int($0) }

    @Test(.enabled(if: accounts != nil))
    func throughput() throws {
        let accounts = try #require(Self.accounts)
        let clock = ContinuousClock()
        let json = ProcessInfo.processInfo.environment["IMPORT_BENCH_JSON"] != nil
        let files = ImportBenchmarkData.make(accounts: accounts, measurementsAsJSON: json)
        let bytes = files.reduce(0) { $0 + $1.bytes.count }
        let megabytes = Double(bytes) / 1_000_000

        // The reader alone: every field of every file, nothing kept.
        var fields = 0, rows = 0
        let readCPU = Self.threadCPUSeconds()
        let readTime = clock.measure {
            for file in files where file.path.hasSuffix(".csv") {
                var reader = CSVReader(bytes: file.bytes)
                var record = RawRecord()
                while reader.next(into: &record) { fields += record.fields.count; rows += 1 }
            }
        }

        let readCPUSeconds = Self.threadCPUSeconds() - readCPU
        var result: Result<ValidatedImport, ImportProblems>?
        let columns = try RepoTest.columns("field account.crm_tier: text\nfield account.executive_sponsor: text\n")
        let validateCPU = Self.threadCPUSeconds()
        let validateTime = clock.measure {
            result = ImportValidator.validate(files: files, existing: NoExistingKeys(), columns: columns)
        }
        let validateCPUSeconds = Self.threadCPUSeconds() - validateCPU
        guard case .success(let imported) = result else {
            Issue.record("\(String(describing: result))")
            return
        }
        let typedRows = imported.rows.values.reduce(0) { $0 + $1.count }

        func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
        func line(_ wall: Duration, _ cpu: Double, _ count: Int) -> String {
            let w = seconds(wall)
            return String(format: "%.2f s wall (%.0f MB/s, %.2f M rows/s), %.2f s CPU (%.0f MB/s, %.2f M rows/s)",
                          w, megabytes / w, Double(count) / w / 1e6, cpu, megabytes / cpu, Double(count) / cpu / 1e6)
        }
        // Wall time suffers when other processes share the machine; the thread's CPU time does not.
        print("""
            import benchmark: \(accounts) accounts, \(files.count) files, \(rows) lines, \(fields) fields, \(String(format: "%.0f", megabytes)) MB
              CSV reader:          \(line(readTime, readCPUSeconds, rows))
              reader + validator:  \(line(validateTime, validateCPUSeconds, typedRows)), \(typedRows) typed rows
            """)
        #expect(typedRows == accounts * 86)
        #expect(MemoryLayout<FieldValue>.stride == 24 || MemoryLayout<FieldValue>.stride == 16)
        print("  FieldValue: \(MemoryLayout<FieldValue>.size) bytes, stride \(MemoryLayout<FieldValue>.stride)")
    }
}

extension ImportThroughputTests {
    static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}

/// A synthetic export shaped like a real book: quoting, commas and newlines inside fields,
/// non-ASCII names, custom columns, the RACI grid.
enum ImportBenchmarkData {
    /// `measurementsAsJSON`: the largest file as a JSON array instead, to time the JSON path.
    static func make(accounts: Int, measurementsAsJSON: Bool = false) -> [(path: String, bytes: [UInt8])] {
        var accountsCSV = "id,name,csm,segment,contract_value,renewal_date,phase,pilot,crm_tier,executive_sponsor\n"
        var stakeholders = "account_id,id,name,role,authority,interest,support,is_spl,concerns,last_contact\n"
        var health = "account_id,date,score,light,sponsorship,advocacy,sentiment,support_utilization,product_utilization,company_health,nps\n"
        var kpis = "account_id,id,name,unit,target,baseline\n"
        var measurements = measurementsAsJSON ? "[\n" : "account_id,kpi_id,date,value\n"
        var raci = "account_id,activity,SPL,IT department,Finance,Operations\n"
        let lights = ["red", "amber", "green"], codes = ["R", "A", "C", "I", "R/A", ""]
        func day(_ n: Int) -> String {
            let month = n / 28 % 12 + 1, d = n % 28 + 1
            return "20\(24 + n / 336)-\(month < 10 ? "0" : "")\(month)-\(d < 10 ? "0" : "")\(d)"
        }
        for a in 0..<accounts {
            let id = "acct-\(a)"
            accountsCSV += "\(id),\"Company \(a), Ltd.\",csm\(a % 40),enterprise,\(a * 37 % 500_000).50,\(day(a % 300)),\(a % 7 + 1),"
                + "\(["none", "proof_of_concept", "proof_of_value"][a % 3]),tier\(a % 4),Zoë Müller\n"
            for s in 0..<8 {
                stakeholders += "\(id),s\(s),Stakeholder \(s) of \(a),Director,\(s % 11),\((s + 3) % 11),\((s + 5) % 11),"
                    + "\(s == 0 ? "yes" : "no"),\"Worried about \"\"timelines\"\",\nand budget\",\(day(s + a % 200))\n"
            }
            for h in 0..<24 {
                health += "\(id),\(day(h * 14)),\((h * 7 + a) % 101),\(lights[(h + a) % 3]),\(h % 11),\((h + 1) % 11),\((h + 2) % 11),"
                    + "\((h + 3) % 11),\((h + 4) % 11),\((h + 5) % 11),\((h + a) % 11)\n"
            }
            for k in 0..<3 {
                kpis += "\(id),k\(k),KPI \(k),%,\(50 + k * 10),\(20 + k)\n"
                for m in 0..<12 {
                    measurements += measurementsAsJSON
                        ? "\(a + k + m == 0 ? "" : ",\n"){\"account_id\": \"\(id)\", \"kpi_id\": \"k\(k)\", \"date\": \"\(day(m * 28))\", \"value\": \(Double(20 + m * 3 + k) + 0.25)}"
                        : "\(id),k\(k),\(day(m * 28)),\(Double(20 + m * 3 + k) + 0.25)\n"
                }
            }
            for act in 0..<4 {
                raci += "\(id),Activity \(act),\(codes[act % 6]),\(codes[(act + 1) % 6]),\(codes[(act + 2) % 6]),\(codes[(act + 5) % 6])\n"
            }
        }
        return [("accounts.csv", accountsCSV), ("stakeholders.csv", stakeholders), ("health.csv", health),
                ("kpis.csv", kpis), measurementsAsJSON ? ("measurements.json", measurements + "\n]\n") : ("measurements.csv", measurements),
                ("raci.csv", raci)]
            .map { ($0.0, Array($0.1.utf8)) }
    }
}
