import Foundation
import Testing
@testable import PlaybookLanguage

@Suite struct SourceLoaderTests {
    /// A temporary directory tree, removed when the test ends.
    final class Tree {
        let root: String

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("playbook-loader-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        }

        deinit {
            // Restore permissions first, or the removal itself fails on a chmod-000 directory.
            if let all = FileManager.default.enumerator(atPath: root) {
                for case let p as String in all { chmod(root + "/" + p, 0o755) }
            }
            try? FileManager.default.removeItem(atPath: root)
        }

        @discardableResult
        func file(_ relative: String, _ bytes: [UInt8]) throws -> String {
            let path = root + "/" + relative
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return path
        }

        @discardableResult
        func file(_ relative: String, _ text: String = "playbook \"p\" { title \"P\" }\n") throws -> String {
            try file(relative, Array(text.utf8))
        }

        func dir(_ relative: String) throws -> String {
            let path = root + "/" + relative
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            return path
        }
    }

    /// Paths of the files that loaded, and `path CODE` for each diagnostic.
    func load(_ paths: [String]) -> (files: [String], problems: [String]) {
        let (sources, diagnostics) = SourceLoader.load(paths: paths)
        let failed = Set(diagnostics.items.map(\.range.file))
        let files = sources.files.enumerated().filter { !failed.contains(Int32($0.offset)) }.map(\.element.path)
        let problems = diagnostics.sorted.map { "\(sources[$0.range.file]?.path ?? "-") \($0.code)" }
        return (files, problems)
    }

    @Test func missingPath() throws {
        let t = try Tree()
        let (sources, diagnostics) = SourceLoader.load(paths: [t.root + "/nope.playbook"])
        #expect(diagnostics.items.map(\.code) == ["PB001"])
        #expect(diagnostics.items.first?.text == "cannot read file: no such file or directory")
        // The failed path stands in as an empty file so the diagnostic can name it.
        #expect(sources.files.map(\.path) == [t.root + "/nope.playbook"])
        #expect(DiagnosticRenderer.text(diagnostics.sorted, sources: sources)
            == "\(t.root)/nope.playbook: error: cannot read file: no such file or directory [PB001]\n")
    }

    @Test func fileIsReadWhateverItsExtension() throws {
        let t = try Tree()
        let p = try t.file("notes.txt", "playbook \"x\" {}")
        #expect(load([p]) == ([p], []))
    }

    @Test func directoryIsWalkedRecursivelyInPathOrder() throws {
        let t = try Tree()
        try t.file("Playbooks/b.playbook")
        try t.file("Playbooks/a.playbook")
        try t.file("Playbooks/nested/deeper/c.playbook")
        try t.file("Playbooks/nested/z.playbook")
        try t.file("Playbooks/readme.md", "not a playbook")
        try t.file("Playbooks/a.playbook.bak", "not a playbook")
        try t.file("Playbooks/.hidden.playbook")
        try t.file("Playbooks/.git/x.playbook")
        let base = t.root + "/Playbooks"
        let expected = ["a.playbook", "b.playbook", "nested/deeper/c.playbook", "nested/z.playbook"].map { base + "/" + $0 }
        #expect(load([base]) == (expected, []))
        // A trailing slash does not double up in the paths shown.
        #expect(load([base + "/"]) == (expected, []))
    }

    @Test func duplicatesAreLoadedOnce() throws {
        let t = try Tree()
        let a = try t.file("d/a.playbook")
        let b = try t.file("d/b.playbook")
        let dir = t.root + "/d"
        // The first spelling of a file wins; later ones, through `./` or a directory, are dropped.
        #expect(load([b, dir, t.root + "/./d/a.playbook", a]) == ([b, a], []))
    }

    @Test func directoryWithoutPlaybooks() throws {
        let t = try Tree()
        let empty = try t.dir("empty")
        try t.file("only-other/readme.md", "x")
        try t.file("only-hidden/.x.playbook")
        let r = load([empty, t.root + "/only-other", t.root + "/only-hidden"])
        #expect(r.files == [])
        #expect(r.problems == [empty + " PB002", t.root + "/only-other PB002", t.root + "/only-hidden PB002"])
    }

    @Test func noPathsAtAll() {
        let (sources, diagnostics) = SourceLoader.load(paths: [])
        #expect(sources.files.isEmpty)
        #expect(diagnostics.items.map(\.code) == ["PB003"])
        #expect(DiagnosticRenderer.text(diagnostics.sorted, sources: sources) == "error: no `.playbook` files to check [PB003]\n")
    }

    @Test func goodFilesLoadBesideBadOnes() throws {
        let t = try Tree()
        let good = try t.file("good.playbook")
        let r = load([t.root + "/missing", good])
        #expect(r.files == [good])
        #expect(r.problems == [t.root + "/missing PB001"])
    }

    @Test func fileUsedAsDirectory() throws {
        let t = try Tree()
        let f = try t.file("a.playbook")
        let (sources, diagnostics) = SourceLoader.load(paths: [f + "/"])
        #expect(diagnostics.items.map(\.code) == ["PB001"])
        #expect(diagnostics.items.first?.text == "cannot read file: a part of the path is not a directory")
        #expect(sources.files.map(\.path) == [f + "/"])
    }

    @Test func unreadableFile() throws {
        let t = try Tree()
        let locked = try t.file("locked.playbook")
        try t.file("open.playbook")
        chmod(locked, 0o000)
        // Root (as in many CI containers) reads a chmod-000 file anyway, so the failure can only
        // be asserted where the permission actually stops a read.
        let fd = open(locked, O_RDONLY)
        let permissionsApply = fd < 0
        if fd >= 0 { close(fd) }
        let r = load([t.root])
        if permissionsApply {
            #expect(r.files == [t.root + "/open.playbook"])
            #expect(r.problems == [locked + " PB001"])
        } else {
            #expect(r.files == [locked, t.root + "/open.playbook"])
        }
    }

    @Test func unreadableDirectory() throws {
        let t = try Tree()
        let locked = try t.dir("locked")
        try t.file("locked/a.playbook")
        chmod(locked, 0o000)
        let permissionsApply = access(locked, R_OK) != 0
        let r = load([locked])
        if permissionsApply {
            #expect(r.problems == [locked + " PB001"])
        } else {
            // As root the directory is listed regardless; see `unreadableFile`.
            #expect(r.files == [locked + "/a.playbook"])
        }
    }

    @Test func fifoIsRefusedWithoutBlocking() throws {
        let t = try Tree()
        let fifo = t.root + "/pipe.playbook"
        try #require(mkfifo(fifo, 0o644) == 0)
        // Named explicitly and found in a directory: both report instead of waiting for a writer.
        #expect(load([fifo]).problems == [fifo + " PB001"])
        #expect(load([t.root]).problems == [fifo + " PB001"])
        let (_, diagnostics) = SourceLoader.load(paths: [fifo])
        #expect(diagnostics.items.first?.text == "cannot read file: not a regular file")
    }

    @Test func deviceIsRefused() {
        let (_, diagnostics) = SourceLoader.load(paths: ["/dev/null"])
        #expect(diagnostics.items.map(\.text) == ["cannot read file: not a regular file"])
    }

    @Test func symlinkLoopDoesNotRecurseForever() throws {
        let t = try Tree()
        try t.file("d/a.playbook")
        try FileManager.default.createSymbolicLink(atPath: t.root + "/d/loop", withDestinationPath: t.root + "/d")
        try FileManager.default.createSymbolicLink(atPath: t.root + "/d/dangling.playbook", withDestinationPath: t.root + "/nothing")
        let r = load([t.root + "/d"])
        #expect(r.files == [t.root + "/d/a.playbook"])
        #expect(r.problems == [t.root + "/d/dangling.playbook PB001"])
    }

    @Test func bytesArriveUnchanged() throws {
        let t = try Tree()
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF, 0x70, 0xFF, 0xC3, 0x28, 0x00, 0x0D, 0x0A, 0xE2, 0x82]
        let p = try t.file("raw.playbook", bytes)
        let (sources, diagnostics) = SourceLoader.load(paths: [p])
        #expect(diagnostics.items.isEmpty)
        #expect(sources.files.first?.bytes == bytes)
    }

    @Test func largeFileIsReadWhole() throws {
        let t = try Tree()
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let p = try t.file("big.playbook", bytes)
        #expect(SourceLoader.load(paths: [p]).sources.files.first?.bytes == bytes)
    }
}
