import Foundation
@testable import PlaybookTesting

/// A directory of playbooks and test files, removed when the value is released. Results are
/// rendered with the directory's path removed, so golden strings do not depend on it.
final class TestDirectory {
    let path: String

    init(_ files: [String: String]) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("playbook-test-\(UUID().uuidString)").path
        for (name, text) in files {
            let file = (path as NSString).appendingPathComponent(name)
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: file, atomically: true, encoding: .utf8)
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func run(coverage: Bool = false) -> TestSuiteResult {
        PlaybookTests.run(paths: [path], coverage: coverage)
    }

    func relative(_ s: String) -> String { s.replacingOccurrences(of: path + "/", with: "") }
}
