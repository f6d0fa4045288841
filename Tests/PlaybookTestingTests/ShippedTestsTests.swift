import Foundation
import Testing
@testable import PlaybookTesting

/// The shipped library's own test files: every case passes, and together they exercise every
/// rule and every branch of `Playbooks/framework/` and `Playbooks/examples/`.
@Suite struct ShippedTestsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func everyCasePassesWithFullCoverage() throws {
        let result = PlaybookTests.run(paths: [Self.root.appendingPathComponent("Playbooks").path], coverage: true)
        #expect(TestReport.problems(result) == "")
        #expect(result.failed == 0, "\(TestReport.text(result))")
        #expect(result.passed >= 40)
        let coverage = try #require(result.coverage)
        #expect(coverage.gaps == [], "\(TestReport.coverage(coverage))")
        #expect(coverage.rules >= 30)
    }
}
