import Foundation
import Testing
@testable import PlaybookLanguage

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@Suite struct ShippedPlaybooksTests {
    @Test func shippedPlaybooksCheckWithoutDiagnostics() {
        let ws = Workspace.load(paths: [packageRoot.appendingPathComponent("Playbooks").path])
        #expect(ws.sources.files.count >= 4)
        let rendered = ws.diagnostics.sorted.map { "\(ws.sources.location($0.range)): \($0.code) \($0.text)" }
        #expect(rendered == [])
    }
}
