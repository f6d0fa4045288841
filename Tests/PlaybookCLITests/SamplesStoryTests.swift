import Foundation
import Testing

/// Samples/README.md tells what the demo prints; this test runs the demo's steps (Demo) and
/// checks the page's claims against the open tasks after its last night:
///
/// - the table `| where | what is wrong | rule |`: one row per rule identity with open tasks,
///   naming exactly the accounts that have one (by a unique prefix of the account's name);
/// - the tables `| owner | open tasks |` and `| book | open tasks on its accounts |`: the counts
///   per owner (and the total) and per CSM whose accounts the tasks are on;
/// - in the books' `| account | phase | what is going on |` tables, an account said to have
///   "No tasks." has none.
///
/// On a mismatch the message holds the tables recomputed, ready to paste into the page.
@Suite struct SamplesStoryTests {
    struct Table {
        var rows: [[String]]
    }

    static func page() throws -> String {
        String(decoding: try Data(contentsOf: DocBlock.root.appendingPathComponent("Samples/README.md")), as: UTF8.self)
    }

    /// Every table of the page whose header row has these cells, its rows without the header
    /// and the separator.
    static func tables(_ header: [String], in page: String) -> [Table] {
        var tables: [Table] = []
        var current: [[String]]?
        for line in page.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("|") else { current.map { tables.append(Table(rows: Array($0.dropFirst(2)))) }; current = nil; continue }
            let cells = line.dropFirst().dropLast(line.hasSuffix("|") ? 1 : 0).split(separator: "|", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            if current != nil { current!.append(cells) } else if cells == header { current = [cells] }
        }
        current.map { tables.append(Table(rows: Array($0.dropFirst(2)))) }
        return tables
    }

    /// id, name and CSM of each account of Samples/accounts.csv (quoted fields may hold commas
    /// and doubled quotes, never line breaks).
    static func accounts() throws -> [(id: String, name: String, csm: String)] {
        let lines = String(decoding: try Data(contentsOf: DocBlock.root.appendingPathComponent("Samples/accounts.csv")), as: UTF8.self)
            .split(separator: "\n").map { fields(String($0)) }
        let header = try #require(lines.first)
        let id = try #require(header.firstIndex(of: "id")), name = try #require(header.firstIndex(of: "name")), csm = try #require(header.firstIndex(of: "csm"))
        return lines.dropFirst().map { ($0[id], $0[name], $0[csm]) }
    }

    static func fields(_ line: String) -> [String] {
        var fields = [""], quoted = false, previous: Character = " "
        for c in line {
            if c == "\"" { quoted.toggle(); if quoted && previous == "\"" { fields[fields.count - 1].append("\"") } }
            else if c == "," && !quoted { fields.append("") } else { fields[fields.count - 1].append(c) }
            previous = c
        }
        return fields
    }

    /// The story as the demo tells it: the open tasks after its last night.
    struct Outcome {
        var accountsByRule: [String: Set<String>] = [:]
        var byOwner: [String: Int] = [:]
        var byBook: [String: Int] = [:]
        var total = 0
    }

    static func outcome() throws -> Outcome {
        let dir = try TempDir()
        let repo = try Demo.run(in: dir)
        let csm = Dictionary(uniqueKeysWithValues: try accounts().map { ($0.id, $0.csm) })
        var outcome = Outcome()
        for task in try Demo.tasks(repo, ["--status", "open"]) {
            let rule = try #require(task["rule"] as? String), account = try #require(task["account"] as? String)
            outcome.accountsByRule[rule, default: []].insert(account)
            outcome.byOwner[task["owner"] as? String ?? "unassigned", default: 0] += 1
            outcome.byBook[csm[account] ?? "?", default: 0] += 1
            outcome.total += 1
        }
        return outcome
    }

    /// The account a short name stands for: the only account whose name starts with it.
    static func account(_ short: String, in accounts: [(id: String, name: String, csm: String)]) -> String? {
        let matches = accounts.filter { $0.name.hasPrefix(short) }
        return matches.count == 1 ? matches[0].id : nil
    }

    static func counts(_ counts: [String: Int]) -> [(String, Int)] {
        counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
    }

    @Test func theReadmeTellsWhatTheDemoPrints() throws {
        let page = try Self.page()
        let accounts = try Self.accounts()
        let outcome = try Self.outcome()

        // Which account gets which task.
        let flagged = try #require(Self.tables(["where", "what is wrong", "rule"], in: page).first, "Samples/README.md has no `| where | what is wrong | rule |` table")
        var claimed: [String: Set<String>] = [:]
        var shortNames: [String: String] = [:]
        var problems: [String] = []
        for row in flagged.rows {
            guard row.count == 3, let rule = row[2].firstMatch(of: /`([^`]+)`/).map({ String($0.1) }) else { problems.append("a row without a `rule` in its third cell: \(row)"); continue }
            for short in row[0].split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                guard let id = Self.account(short, in: accounts) else { problems.append("`\(short)` (rule \(rule)) is not the start of exactly one account's name"); continue }
                claimed[rule, default: []].insert(id)
                shortNames[id] = short
            }
        }
        let names = Dictionary(uniqueKeysWithValues: accounts.map { ($0.id, $0.name) })
        for rule in Set(claimed.keys).union(outcome.accountsByRule.keys).sorted() where claimed[rule] != outcome.accountsByRule[rule] {
            problems.append("\(rule): the page names \((claimed[rule] ?? []).sorted()), the demo has open tasks for \((outcome.accountsByRule[rule] ?? []).sorted())")
        }
        // Rows in the page's order, then rules the page does not have yet.
        let order = flagged.rows.compactMap { $0.count == 3 ? $0[2].firstMatch(of: /`([^`]+)`/).map { String($0.1) } : nil }
        let cells = Dictionary(flagged.rows.compactMap { row in row.count == 3 ? row[2].firstMatch(of: /`([^`]+)`/).map { (String($0.1), row) } : nil }) { a, _ in a }
        let rules = order.filter { outcome.accountsByRule[$0] != nil } + outcome.accountsByRule.keys.filter { !order.contains($0) }.sorted()
        let recomputedFlagged = ["| where | what is wrong | rule |", "|---|---|---|"] + rules.map { rule in
            let where_ = (outcome.accountsByRule[rule] ?? []).map { shortNames[$0] ?? names[$0] ?? $0 }.sorted().joined(separator: ", ")
            return "| \(where_) | \(cells[rule]?[1] ?? "…") | \(cells[rule]?[2] ?? "`\(rule)`") |"
        }

        // How many, for whom.
        let owners = Self.tables(["owner", "open tasks"], in: page).first?.rows ?? []
        let books = Self.tables(["book", "open tasks on its accounts"], in: page).first?.rows ?? []
        let claimedOwners = Dictionary(owners.map { ($0[0], Int($0.last ?? "") ?? -1) }) { a, _ in a }
        let claimedBooks = Dictionary(books.map { ($0[0], Int($0.last ?? "") ?? -1) }) { a, _ in a }
        var expectedOwners = outcome.byOwner
        expectedOwners["total"] = outcome.total
        if claimedOwners != expectedOwners { problems.append("open tasks by owner: the page says \(claimedOwners.sorted { $0.key < $1.key }), the demo has \(expectedOwners.sorted { $0.key < $1.key })") }
        if claimedBooks != outcome.byBook { problems.append("open tasks by book: the page says \(claimedBooks.sorted { $0.key < $1.key }), the demo has \(outcome.byBook.sorted { $0.key < $1.key })") }
        let recomputedCounts = ["| owner | open tasks |", "|---|---|"] + Self.counts(outcome.byOwner).map { "| \($0.0) | \($0.1) |" } + ["| total | \(outcome.total) |", "",
                                "| book | open tasks on its accounts |", "|---|---|"] + Self.counts(outcome.byBook).map { "| \($0.0) | \($0.1) |" }

        // Accounts said to have no tasks.
        let quiet = Self.tables(["account", "phase", "what is going on"], in: page).flatMap(\.rows).filter { $0.last?.contains("No tasks.") == true }
        #expect(quiet.count >= 3, "the books name the accounts with no tasks")
        for row in quiet {
            guard let id = Self.account(row[0], in: accounts) else { problems.append("`\(row[0])` is not the start of exactly one account's name"); continue }
            let rules = outcome.accountsByRule.filter { $0.value.contains(id) }.keys.sorted()
            if !rules.isEmpty { problems.append("\(row[0]) is said to have no tasks, but has open tasks of \(rules)") }
        }

        #expect(problems.isEmpty, """
            Samples/README.md does not tell what scripts/demo prints:
            \(problems.map { "- " + $0 }.joined(separator: "\n"))

            Recomputed from the demo (paste into Samples/README.md, then reword the `…` cells):

            \(recomputedFlagged.joined(separator: "\n"))

            \(recomputedCounts.joined(separator: "\n"))
            """)
    }
}
