import Foundation
import Testing
import TaskLists

/// Every file the sample book renders to, compared byte for byte with `Fixtures/golden/`.
/// Run with `PLAYBOOK_RECORD=1` to rewrite them after an intended change, then read the diff.
@Suite struct GoldenTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/golden")
    static let output = TaskLists.render(SampleInput.input)

    static var names: [String] { output.files.keys.sorted() }

    @Test(arguments: names)
    func golden(_ name: String) throws {
        try assertGolden(Self.output.files[name]!, name)
    }

    /// A golden file the renderer no longer writes is a stale fixture.
    @Test func noStaleGoldenFiles() throws {
        guard ProcessInfo.processInfo.environment["PLAYBOOK_RECORD"] != "1" else { return }
        let present = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter { !$0.hasPrefix(".") }
        #expect(Set(present) == Set(Self.names))
    }

    @Test func fileNames() {
        #expect(Self.names == [
            "ana-ruiz.csv", "ana-ruiz.html", "ana-ruiz.ics", "ana-ruiz.json", "ana-ruiz.md",
            "ben-okafor.csv", "ben-okafor.html", "ben-okafor.ics", "ben-okafor.json", "ben-okafor.md",
            "etc-passwd.csv", "etc-passwd.html", "etc-passwd.ics", "etc-passwd.json", "etc-passwd.md",
            "index.html", "index.json", "index.md", "owners.tsv",
        ])
    }

    @Test func renderingIsDeterministic() {
        #expect(TaskLists.render(SampleInput.input).files == Self.output.files)
        // Input order does not matter either.
        let shuffled = TaskListInput(asOf: SampleInput.asOf, latestRun: SampleInput.latestRun, tasks: SampleInput.tasks.reversed())
        #expect(TaskLists.render(shuffled).files == Self.output.files)
    }

    private func assertGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = Self.directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["PLAYBOOK_RECORD"] == "1" {
            try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            return
        }
        guard let expected = try? Data(contentsOf: url) else {
            Issue.record("missing golden file \(name); run with PLAYBOOK_RECORD=1 to create it", sourceLocation: sourceLocation)
            return
        }
        // Compare bytes: CRLF line ends in the calendar and CSV files are part of the contract.
        #expect(Array(actual.utf8) == [UInt8](expected),
                "output differs from \(name); run with PLAYBOOK_RECORD=1 to re-record", sourceLocation: sourceLocation)
    }
}
