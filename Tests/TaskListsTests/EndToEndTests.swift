import Foundation
import Testing
import PlaybookLanguage
import TaskLists

/// `playbook run --report` and `playbook report` on the sample book (Samples/), through the built
/// binary: the files land where they should, and no CSM's files name another CSM's customers.
@Suite(.serialized) struct EndToEndTests {
    static let root = Python.root

    /// The binary from the same build as this test bundle (`X/<triple>/debug`), as the CLI tests find it.
    static let binary: URL? = {
        let fm = FileManager.default
        if let explicit = ProcessInfo.processInfo.environment["PLAYBOOK_BIN"] { return URL(fileURLWithPath: explicit) }
        var dirs: [URL] = []
        if let exe = try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe") { dirs.append(URL(fileURLWithPath: exe).deletingLastPathComponent()) }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") { dirs.append(bundle.bundleURL.deletingLastPathComponent()) }
        dirs.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        return dirs.map { $0.appendingPathComponent("playbook") }.first { fm.isExecutableFile(atPath: $0.path) }
    }()

    struct Result { var status: Int32; var stdout: String; var stderr: String }

    static func playbook(_ args: [String]) throws -> Result {
        let binary = try #require(binary, "no `playbook` executable beside the test bundle; build it with the same --scratch-path")
        let dir = try TemporaryDirectory()
        let outURL = dir.url.appendingPathComponent("out"), errURL = dir.url.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        p.currentDirectoryURL = root
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = out
        p.standardError = err
        try p.run()
        p.waitUntilExit()
        try out.close(); try err.close()
        return Result(status: p.terminationStatus, stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                      stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    /// Imports Samples/ and runs the shipped playbooks on two nights, the second with `--report`.
    static func sampleBook() throws -> (dir: TemporaryDirectory, repo: String, out: URL) {
        let dir = try TemporaryDirectory()
        let repo = dir.url.appendingPathComponent("book.sqlite").path
        let out = dir.url.appendingPathComponent("reports")
        let playbooks = ["Playbooks/framework", "Playbooks/examples/enterprise.playbook"]
        let imported = try playbook(["import", "--repository", repo, "Samples/"])
        try #require(imported.status == 0, "\(imported.stderr)")
        let first = try playbook(["run", "--repository", repo, "--as-of", "2026-11-16"] + playbooks)
        try #require(first.status == 0, "\(first.stderr)")
        let second = try playbook(["run", "--repository", repo, "--as-of", "2026-11-23", "--report", out.path] + playbooks)
        try #require(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("task lists as of 2026-11-23 for "))
        return (dir, repo, out)
    }

    @Test func runWritesReportsAndNoCSMSeesAnotherCSMsCustomers() throws {
        let (dir, repo, out) = try Self.sampleBook()
        _ = dir
        let listed = try Self.playbook(["tasks", "--repository", repo, "--format", "json"])
        let tasks = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        var accountsOf: [String: Set<String>] = [:]
        var names: [String: String] = [:]
        for t in tasks {
            let owner = t["owner"] as! String, account = t["account"] as! String
            accountsOf[owner, default: []].insert(account)
            names[account] = t["accountName"] as? String
        }
        let owners = try String(contentsOf: out.appendingPathComponent("owners.tsv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(Set(owners.map { $0[1] }) == Set(accountsOf.keys))
        #expect(owners.count >= 3)
        for line in owners {
            let (slug, owner) = (line[0], line[1])
            let foreign = Set(names.keys).subtracting(accountsOf[owner]!)
            try #require(!foreign.isEmpty)
            for ext in TaskLists.ownerExtensions {
                let text = try String(contentsOf: out.appendingPathComponent("\(slug).\(ext)"), encoding: .utf8)
                for account in foreign {
                    for secret in [account, names[account]!] {
                        for spelling in AccessTests.spellings(secret) {
                            #expect(!text.contains(spelling), "\(slug).\(ext) names \(secret), not \(owner)'s customer")
                        }
                    }
                }
                for account in accountsOf[owner]! where ext == "json" {
                    #expect(text.contains("\"id\":\"\(account)\""))
                }
            }
            let calendar = try Data(contentsOf: out.appendingPathComponent("\(slug).ics"))
            #expect(ICalChecker.check([UInt8](calendar)).problems == [], "\(slug).ics")
        }
        let index = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        for (account, name) in names {
            #expect(!index.contains(account) && !index.contains(HTMLText.escape(name)), "index.html names \(name)")
        }
    }

    @Test(.enabled(if: Python.hasICalendar, "python3 with the icalendar package is not installed (pip install icalendar)"))
    func sampleCalendarsPassCheckICS() throws {
        let (dir, _, out) = try Self.sampleBook()
        _ = dir
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".ics") }.sorted()
        try #require(!files.isEmpty)
        let result = try Python.run([Python.checkScript] + files.map { out.appendingPathComponent($0).path })
        #expect(result.status == 0, "\(result.output)")
    }

    @Test func reportReplacesFilesAndRemovesOnlyItsOwnStaleOnes() throws {
        let (dir, repo, out) = try Self.sampleBook()
        // Last night's list of a CSM who has no tasks any more, a hand-made file, and a hostile
        // line in owners.tsv that must not make the command delete outside its own files.
        let outside = dir.url.appendingPathComponent("outside.html")
        try Data("keep".utf8).write(to: outside)
        try Data("old".utf8).write(to: out.appendingPathComponent("old-csm.html"))
        try Data("old".utf8).write(to: out.appendingPathComponent("old-csm.ics"))
        try Data("mine".utf8).write(to: out.appendingPathComponent("notes.txt"))
        let tsv = out.appendingPathComponent("owners.tsv")
        let previous = try String(contentsOf: tsv, encoding: .utf8)
        try Data((previous + "old-csm\tOld CSM\t1\t0\t0\n../outside\tx\t1\t0\t0\nindex\tx\t0\t0\t0\n").utf8).write(to: tsv)

        let result = try Self.playbook(["report", "--repository", repo, "--as-of", "2026-11-23", "--out", out.path, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let fm = FileManager.default
        #expect(!fm.fileExists(atPath: out.appendingPathComponent("old-csm.html").path))
        #expect(!fm.fileExists(atPath: out.appendingPathComponent("old-csm.ics").path))
        #expect(fm.fileExists(atPath: outside.path) && fm.fileExists(atPath: out.appendingPathComponent("notes.txt").path))
        #expect(fm.fileExists(atPath: out.appendingPathComponent("index.html").path))
        #expect(try String(contentsOf: tsv, encoding: .utf8) == previous, "the same night gives the same files")
        #expect(try fm.contentsOfDirectory(atPath: out.path).allSatisfy { !$0.hasSuffix(".tmp") }, "no temporary files left")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((json["owners"] as? [[String: Any]])?.count == previous.split(separator: "\n").count)
    }

    @Test func usageErrors() throws {
        let missing = try Self.playbook(["report", "--repository", "/nonexistent/book.sqlite"])
        #expect(missing.status == 2 && missing.stderr.contains("--out"))
        let badDate = try Self.playbook(["report", "--out", "x", "--as-of", "23/11/2026"])
        #expect(badDate.status == 2)
        let noRepo = try Self.playbook(["report", "--out", "/tmp/never-written", "--repository", "/nonexistent/book.sqlite"])
        #expect(noRepo.status == 4)
        let plan = try Self.playbook(["plan", "--report", "x"])
        #expect(plan.status == 2, "a plan writes nothing, reports included")
    }
}
