import Foundation
import Testing

/// `playbook import --source crm` on the shipped CRM export (Samples/crm/, mapped by
/// Playbooks/examples/crm.playbook), end to end with the built binary.
@Suite struct SourceMappingCLITests {
    static let root = SamplesTests.root
    static var playbooks: String { root.appendingPathComponent("Playbooks").path }
    static var export: String { root.appendingPathComponent("Samples/crm").path }

    @Test func shippedCRMExportImportsAndRuns() throws {
        let dir = try TempDir()
        let repo = dir.url.appendingPathComponent("crm.sqlite").path
        let imported = try Playbook.run(["import", "--repository", repo, "--source", "crm", "--playbooks", Self.playbooks, Self.export])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout == "accounts: 5 added, 0 updated, 0 unchanged\nstakeholders: 8 added, 0 updated, 0 unchanged\n")
        // The same export again changes nothing.
        let again = try Playbook.run(["import", "--repository", repo, "--source", "crm", "--playbooks", Self.playbooks, Self.export])
        #expect(again.stdout == "accounts: 0 added, 0 updated, 5 unchanged\nstakeholders: 0 added, 0 updated, 8 unchanged\n", "\(again.stderr)")

        let run = try Playbook.run(["run", "--repository", repo, "--as-of", "2026-11-23", Self.playbooks])
        #expect(run.status == 0, "\(run.stderr)")
        let listed = try Playbook.run(["tasks", "--repository", repo, "--format", "json"])
        let tasks = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        func rules(_ account: String) -> Set<String> {
            Set(tasks.filter { $0["account"] as? String == account }.compactMap { $0["rule"] as? String })
        }
        // "Handover" and "handover" are phase 1, owned by the mapped "Account Owner"; "Onboarding" is 3.
        #expect(rules("halvorsen-maritime").contains("preparation/no-handover"), "\(rules("halvorsen-maritime"))")
        #expect(rules("little-fern").contains("preparation/no-handover"))
        #expect(rules("cafe-ole").contains("onboarding/no-onboarding-plan"), "\(rules("cafe-ole"))")
        let owners = Set(tasks.filter { $0["account"] as? String == "halvorsen-maritime" }.compactMap { $0["owner"] as? String })
        #expect(owners == ["Ana Ruiz"])
    }

    @Test func unmappedValueStopsTheImportWithItsPosition() throws {
        let dir = try TempDir()
        let text = try String(contentsOfFile: Self.export + "/Account Export.csv", encoding: .utf8)
            .replacingOccurrences(of: ",Contracting,", with: ",Contractng,")
        _ = try dir.write("Account Export.csv", text)
        _ = try dir.write("Contacts.csv", try String(contentsOfFile: Self.export + "/Contacts.csv", encoding: .utf8))
        let repo = dir.url.appendingPathComponent("crm.sqlite").path
        let r = try Playbook.run(["import", "--repository", repo, "--source", "crm", "--playbooks", Self.playbooks, dir.url.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("/Account Export.csv:3:105: \"Contractng\" in `Stage` is not in the values source \"crm\" maps to `phase`; did you mean \"Contracting\"?"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: repo))
    }

    @Test func unknownSourceIsAUsageError() throws {
        let r = try Playbook.run(["import", "--repository", "unused.sqlite", "--source", "crn", "--playbooks", Self.playbooks, Self.export])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("error: unknown source `crn` (the playbooks declare `crm`); did you mean `crm`?"), "\(r.stderr)")
    }

    /// A `--source` with no playbooks to declare it is a usage error like any other: one line,
    /// then where to read more.
    @Test func sourceWithoutPlaybooksIsAUsageError() throws {
        let dir = try TempDir()
        let r = try Playbook.run(["import", "--repository", "unused.sqlite", "--source", "crm", Self.export], in: dir.url)
        #expect(r.status == 2)
        #expect(r.stderr == "error: --source crm needs the playbooks that declare it: give --playbooks PATH (no Playbooks/ here)\n"
                + "see `playbook import --help`\n")
    }

    @Test func playbooksWithErrorsImportNothing() throws {
        let dir = try TempDir()
        let bad = try dir.write("bad.playbook", #"source "crm" { file "A.csv" as acounts }"#)
        let r = try Playbook.run(["import", "--repository", dir.url.appendingPathComponent("r.sqlite").path, "--source", "crm", "--playbooks", bad.path, Self.export])
        #expect(r.status == 1)
        #expect(r.stderr.contains("[PB502]") && r.stderr.contains("nothing was imported"), "\(r.stderr)")
    }
}
