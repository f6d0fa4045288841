import Foundation
import Testing
import PlaybookLanguage
import TaskLists

/// The calendar files, checked strictly twice: by a structural checker written here (always
/// runs), and by scripts/check-ics.py with Python's `icalendar` package when it is installed.
@Suite struct ICalTests {
    static let output = TaskLists.render(SampleInput.input)
    static let names = output.files.keys.filter { $0.hasSuffix(".ics") }.sorted()

    @Test(arguments: names)
    func structure(_ name: String) throws {
        let result = ICalChecker.check(Array(Self.output.files[name]!.utf8))
        #expect(result.problems == [], "\(name)")
    }

    @Test func oneTodoPerOpenDatedTask() throws {
        for list in Self.output.book.lists {
            let calendar = try #require(ICalChecker.check(Array(Self.output.files[list.slug + ".ics"]!.utf8)).calendar)
            let todos = calendar.children.filter { $0.name == "VTODO" }
            let expected = SampleInput.tasks.filter { $0.owner == list.owner && $0.status == .open && $0.due != nil }
            #expect(todos.map { $0.value("UID") } == list.open.flatMap(\.tasks).filter { $0.task.due != nil }.map { "task-\($0.task.id)@playbook" })
            #expect(todos.count == expected.count)
            for todo in todos {
                let id = Int64(todo.value("UID")!.dropFirst(5).prefix { $0 != "@" })!
                let task = try #require(expected.first { $0.id == id })
                // Escaping round-trips: unfold and unescape give the title back.
                #expect(try ICalChecker.unescape(todo.value("SUMMARY")!) == Self.expectedText(task.title))
                #expect(todo.value("DTSTAMP") == "20261123T000000Z")
                #expect(todo.value("DUE") == task.due!.description.filter { $0 != "-" })
                let description = try ICalChecker.unescape(todo.value("DESCRIPTION")!)
                #expect(description.contains("Why: "))
                for step in task.steps { #expect(description.contains(Self.expectedText(step))) }
            }
        }
    }

    /// What an iCalendar reader gets back for a text: line breaks as `\n`, controls replaced.
    static func expectedText(_ s: String) -> String {
        var out = ""
        var afterCR = false
        for u in s.unicodeScalars {
            defer { afterCR = u == "\r" }
            if u == "\r" { out += "\n" } else if u == "\n" { if !afterCR { out += "\n" } }
            else if u != "\t", u.value < 0x20 || (0x7F...0x9F).contains(u.value) { out += "\u{FFFD}" }
            else { out.unicodeScalars.append(u) }
        }
        return out
    }

    @Test(arguments: [
        "short",
        String(repeating: "a", count: 75),
        String(repeating: "a", count: 76),
        String(repeating: "é", count: 100),
        String(repeating: "🚀", count: 40) + "x",
        String(repeating: "a", count: 73) + "\\,b" + String(repeating: "日本語", count: 30),
    ])
    func foldKeepsOctetLimitAndCharacters(_ line: String) throws {
        let folded = ICalWriter.fold("SUMMARY:" + line)
        for physical in folded.components(separatedBy: "\r\n") {
            #expect(physical.utf8.count <= 75)
            // Each physical line is valid UTF-8 on its own: no sequence was cut.
            #expect(String(validating: Array(physical.utf8), as: UTF8.self) != nil)
            #expect(!physical.hasSuffix("\\") || physical.hasSuffix("\\\\"), "an escape is never split")
        }
        #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == "SUMMARY:" + line)
    }

    @Test func checkerRejectsBrokenFiles() {
        let good = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VTODO\r\nUID:u\r\nDTSTAMP:20261123T000000Z\r\nDUE;VALUE=DATE:20261124\r\nSUMMARY:s\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
        #expect(ICalChecker.check(Array(good.utf8)).problems == [])
        let broken = [
            good.replacingOccurrences(of: "\r\n", with: "\n"),
            good.replacingOccurrences(of: "SUMMARY:s", with: "SUMMARY:" + String(repeating: "s", count: 80)),
            good.replacingOccurrences(of: "UID:u\r\n", with: ""),
            good.replacingOccurrences(of: "END:VTODO\r\n", with: ""),
            good.replacingOccurrences(of: "SUMMARY:s", with: "SUMMARY:a;b"),
            good.replacingOccurrences(of: "SUMMARY:s", with: "SUMMARY:a\\qb"),
            good.replacingOccurrences(of: "DTSTAMP:20261123T000000Z", with: "DTSTAMP:2026-11-23"),
        ]
        for text in broken { #expect(ICalChecker.check(Array(text.utf8)).problems != [], "\(text.debugDescription)") }
        // Two octets of é split across a fold: each line is no longer UTF-8 by itself.
        let bytes = Array("BEGIN:VCALENDAR\r\nX-A:".utf8) + [0xC3, 0x0D, 0x0A, 0x20, 0xA9] + Array("\r\nEND:VCALENDAR\r\n".utf8)
        #expect(ICalChecker.check(bytes).problems.contains { $0.contains("UTF-8") })
    }

    // MARK: the external parser

    @Test(.enabled(if: Python.hasICalendar,
                   "python3 with the icalendar package is not installed (pip install icalendar); the Swift structural check above still ran"))
    func pythonICalendarAcceptsEveryFile() throws {
        let dir = try TemporaryDirectory()
        let paths = try Self.names.map { name in try dir.write(name, Self.output.files[name]!).path }
        let result = try Python.run([Python.checkScript] + paths)
        #expect(result.status == 0, "check-ics.py: \(result.output)")
    }

    @Test(.enabled(if: Python.hasICalendar, "python3 with the icalendar package is not installed (pip install icalendar)"))
    func pythonCheckRejectsLongLines() throws {
        let dir = try TemporaryDirectory()
        let bad = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VTODO\r\nUID:u\r\nDTSTAMP:20261123T000000Z\r\nSUMMARY:"
            + String(repeating: "s", count: 80) + "\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
        let result = try Python.run([Python.checkScript, try dir.write("bad.ics", bad).path])
        #expect(result.status == 1)
        #expect(result.output.contains("octets") && result.output.contains("no DUE"))
    }
}

/// python3 and scripts/check-ics.py, found relative to this file.
enum Python {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let checkScript = root.appendingPathComponent("scripts/check-ics.py").path

    static let hasICalendar: Bool = (try? run(["-c", "import icalendar"]).status) == 0

    static func run(_ args: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + args
        let dir = try TemporaryDirectory()
        let outURL = dir.url.appendingPathComponent("out")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        process.standardOutput = out
        process.standardError = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close()
        return (process.terminationStatus, String(decoding: try Data(contentsOf: outURL), as: UTF8.self))
    }
}

/// A fresh directory, removed when released.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("playbook-tasklists-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL {
        let file = url.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file
    }
}
