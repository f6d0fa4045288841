import Foundation
import Testing

/// Thirty nights of cron as a CS ops team lives them (issue 10's proof): generated data with
/// random changes imported every night, the base library run every night, CSMs dismissing and
/// snoozing tasks — and the nights that go wrong: the wrong library, a back-dated run, a damaged
/// repository file, an out-of-range number in one cell. After every night the repository must
/// hold no duplicate open task, no forgotten dismissal or snooze, nothing written by a refused
/// step, and every exit status must be the documented one.
@Suite(.serialized) struct NightlyScenarioTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let framework = root.appendingPathComponent("Playbooks/framework").path
    static let documented: Set<Int32> = [0, 1, 2, 3, 4, 5]

    /// A team's own rule doing date arithmetic with a number from the data.
    static let extra = """
        field account.sla_days: number

        playbook "sla" {
          title "Renewal SLA"
          rule "renewal-sla" {
            when account.renewal_date + account.sla_days * 1 day > today()
            task {
              title "Prepare the renewal of {account.name}"
              due on account.renewal_date + account.sla_days * 1 day
            }
          }
        }

        """

    /// Another team's library, run by mistake.
    static let wrong = """
        playbook "marketing" {
          title "Marketing"
          rule "big-logo" {
            when account.contract_value > 1000000
            task { title "Ask {account.name} for a logo" }
          }
        }

        """

    /// Deterministic randomness, so a failing night can be replayed.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            return z ^ (z >> 31)
        }
        mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    static func day(_ n: Int) -> String {
        var c = DateComponents()
        c.year = 2026; c.month = 11; c.day = 2 + n
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        let d = cal.date(from: c)!
        let f = DateFormatter()
        f.calendar = cal; f.timeZone = cal.timeZone; f.locale = Locale(identifier: "en_US_POSIX"); f.dateFormat = "yyyy-MM-dd"
        return f.string(from: d)
    }

    struct Step {
        var what: String
        var result: Playbook.Result
    }

    @Test func thirtyNights() throws {
        try #require(SQLite3.available, "the sqlite3 tool is needed to inspect the repository")
        let dir = try TempDir()
        let repo = dir.url.appendingPathComponent("book.sqlite").path
        let gen = dir.url.appendingPathComponent("gen").path
        let nightly = dir.url.appendingPathComponent("nightly")
        try dir.write("team/sla.playbook", Self.extra)
        try dir.write("wrong/marketing.playbook", Self.wrong)
        let library = [Self.framework, dir.url.appendingPathComponent("team").path]
        #expect(try Playbook.run(["generate", "--accounts", "60", "--as-of", Self.day(0), "--out", gen]).status == 0)
        let accountFile = try String(contentsOfFile: gen + "/accounts.csv", encoding: .utf8).split(whereSeparator: \.isNewline).map(String.init)
        let accountHeader = accountFile[0]
        var accountRows = Array(accountFile.dropFirst())
        let ids = accountRows.map { String($0.split(separator: ",", maxSplits: 1)[0]) }
        var random = Random(state: 20261102)
        var dismissed: [Int64: String] = [:]   // task id → its identity
        var snoozed: [Int64: String] = [:]     // task id → until
        var statuses: [Int32] = []

        func step(_ what: String, _ args: [String], expect status: Int32) throws -> Playbook.Result {
            let r = try Playbook.run(args)
            statuses.append(r.status)
            #expect(r.status == status, "\(what): exit \(r.status)\n\(r.stderr)")
            return r
        }

        for night in 0..<30 {
            let date = Self.day(night)
            // The night's export: the first night everything, then a few accounts' health and a CSM change.
            try? FileManager.default.removeItem(at: nightly)
            // Every entity is exported every night (the same files re-imported change nothing).
            try FileManager.default.copyItem(atPath: gen, toPath: nightly.path)
            if night > 0 {
                var health = "account_id,date,score\n"
                var picked: Set<String> = []
                for _ in 0..<8 { picked.insert(ids[random.int(ids.count)]) }
                for id in picked.sorted() { health += "\(id),\(date),\(20 + random.int(76))\n" }
                try dir.write("nightly/health.csv", health)
                // The whole account export again, one account's CSM changed, with the team's SLA column.
                let owners = ["Ana Ruiz", "Ben Okafor", "Elif Dubois", "Kenji Sato"]
                let plain = accountRows.indices.filter { !accountRows[$0].contains("\"") }
                let changed = plain[random.int(plain.count)]
                var fields = accountRows[changed].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                fields[2] = owners[random.int(owners.count)]
                accountRows[changed] = fields.joined(separator: ",")
                var accounts = accountHeader + ",sla_days\n"
                for (n, row) in accountRows.enumerated() {
                    // One absurd number in one cell: the rule that reads it reports the account, the rest goes on.
                    accounts += row + "," + (night >= 15 && n == 0 ? "10000000000" : String(10 + n % 50)) + "\n"
                }
                try dir.write("nightly/accounts.csv", accounts)
            }
            // The library declares sla_days; enterprise.playbook the generated CRM columns.
            let declaring = library + [Self.root.appendingPathComponent("Playbooks/examples/enterprise.playbook").path]
            _ = try step("import \(date)", ["import", "--repository", repo, "--as-of", date] + declaring.flatMap { ["--playbooks", $0] } + [nightly.path],
                         expect: 0)

            if night == 5 {
                // A wrong path in the crontab: another team's library. Stopped; nothing written.
                let before = try SQLite3.dump(repo)
                let r = try step("wrong library \(date)", ["run", "--repository", repo, "--as-of", date, dir.url.appendingPathComponent("wrong").path], expect: 5)
                #expect(r.stderr.contains("--allow-mass-resolve"))
                #expect(try SQLite3.dump(repo) == before, "the refused wrong-library run wrote")
            }
            if night == 8 {
                let before = try SQLite3.dump(repo)
                _ = try step("back-dated run", ["run", "--repository", repo, "--as-of", Self.day(3)] + library, expect: 1)
                #expect(try SQLite3.dump(repo) == before, "the refused back-dated run wrote")
            }
            if night == 12 {
                // A damaged copy of the repository: refused with status 4, and left as it was.
                let damaged = dir.url.appendingPathComponent("damaged.sqlite").path
                try? FileManager.default.removeItem(atPath: damaged)
                try FileManager.default.copyItem(atPath: repo, toPath: damaged)
                let h = try FileHandle(forUpdating: URL(fileURLWithPath: damaged))
                let size = try h.seekToEnd()
                try h.seek(toOffset: size / 2)
                try h.write(contentsOf: Data(repeating: 0xA5, count: 4096))
                try h.close()
                let bytes = try Data(contentsOf: URL(fileURLWithPath: damaged))
                _ = try step("damaged repository", ["run", "--repository", damaged, "--as-of", date] + library, expect: 4)
                #expect(try Data(contentsOf: URL(fileURLWithPath: damaged)) == bytes, "a run wrote into a damaged file")
            }

            let run = try step("run \(date)", ["run", "--repository", repo, "--as-of", date] + library, expect: 0)
            if night == 15 { #expect(run.stderr.contains(ids[0]) && run.stderr.contains("warning"), "\(run.stderr)") }

            // CSMs at work: dismiss one open task, snooze another.
            let open = try SQLite3.query(repo, "SELECT id || '|' || rule || '|' || account_id || '|' || item_key FROM tasks WHERE status = 'open' ORDER BY id")
                .split(separator: "\n").map(String.init)
            if open.count >= 2 {
                let d = open[random.int(open.count)].split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                _ = try step("dismiss #\(d[0])", ["task", "dismiss", d[0], "--repository", repo, "--as-of", date, "--by", "scenario"], expect: 0)
                dismissed[Int64(d[0])!] = d.dropFirst().joined(separator: "|")
                let s = open[random.int(open.count)].split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                if Int64(s[0]).map({ dismissed[$0] == nil }) ?? false {
                    let until = Self.day(night + 1 + random.int(6))
                    _ = try step("snooze #\(s[0])", ["task", "snooze", s[0], "--until", until, "--repository", repo, "--as-of", date], expect: 0)
                    snoozed[Int64(s[0])!] = until
                }
            }

            // After every night:
            let duplicates = try SQLite3.query(repo, """
                SELECT count(*) FROM (SELECT 1 FROM tasks WHERE status IN ('open', 'snoozed') GROUP BY rule, account_id, item_key HAVING count(*) > 1)
                """)
            #expect(duplicates == "0", "night \(date): duplicate open tasks")
            for (id, identity) in dismissed {
                let row = try SQLite3.query(repo, "SELECT status || '|' || coalesce(condition_cleared_on, '') FROM tasks WHERE id = \(id)")
                #expect(row.hasPrefix("dismissed|"), "night \(date): dismissed task #\(id) is now \(row)")
                // Back as a new task only after its condition cleared, or its cooldown passed.
                let parts = identity.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                let newer = try SQLite3.query(repo, """
                    SELECT count(*) FROM tasks WHERE rule = '\(parts[0])' AND account_id = '\(parts[1])' AND item_key = '\(parts[2].replacingOccurrences(of: "'", with: "''"))' AND id > \(id)
                    """)
                if newer != "0" {
                    #expect(row != "dismissed|" || parts[0] == "health/low-health", "night \(date): #\(id) was dismissed but its task came back")
                }
            }
            for (id, until) in snoozed where date < until {
                let status = try SQLite3.query(repo, "SELECT status FROM tasks WHERE id = \(id)")
                #expect(status != "open", "night \(date): task #\(id) snoozed until \(until) is open")
            }
            // No task was resolved by a rule that did not run: every resolution says why, and the
            // only why is that the rule ran and its condition cleared (the wrong library was stopped).
            let resolvedBy = try SQLite3.query(repo, "SELECT coalesce(resolved_cause, 'none') || ' ' || count(*) FROM tasks WHERE status = 'resolved' GROUP BY coalesce(resolved_cause, 'none')")
            #expect(resolvedBy.isEmpty || resolvedBy.split(separator: "\n").allSatisfy { $0.hasPrefix("condition ") }, "night \(date): \(resolvedBy)")
            #expect(try SQLite3.query(repo, "SELECT count(*) FROM tasks WHERE rule LIKE 'marketing/%'") == "0")
        }
        #expect(Set(statuses).isSubset(of: Self.documented), "undocumented exit statuses: \(Set(statuses).subtracting(Self.documented))")
        #expect(!dismissed.isEmpty && !snoozed.isEmpty)
        // The nights did real work: tasks were created and resolved along the way.
        #expect(Int(try SQLite3.query(repo, "SELECT count(*) FROM tasks WHERE status = 'resolved'")) ?? 0 > 0)
        #expect(Int(try SQLite3.query(repo, "SELECT count(DISTINCT created_on) FROM tasks")) ?? 0 > 5)
        withExtendedLifetime(dir) {}
    }
}
