import Foundation
import Testing

/// `playbook import` reads the playbooks for their `field` declarations: an unknown column or a
/// value that does not fit its declared type stops the import; `--allow-unknown-columns` keeps
/// unknown columns as text, saying so.
@Suite struct ImportColumnsCLITests {
    static let fields = """
        field account.crm_tier: one of "gold", "silver", "bronze"
        field account.seats: number

        """

    /// The reproduction: a misspelt built-in column no longer becomes a custom field.
    @Test(arguments: [("phase_enterd", "phase_entered"), ("segmnet", "segment")])
    func aMisspeltColumnStopsTheImport(column: String, meant: String) throws {
        let dir = try TempDir()
        try dir.write("in/accounts.csv", "id,name,phase,\(column)\nacme,Acme,2,x\n")
        let repo = dir.url.appendingPathComponent("r.sqlite").path
        let r = try Playbook.run(["import", "--repository", repo, "in"], in: dir.url)
        #expect(r.status == 1)
        #expect(r.stderr.contains("in/accounts.csv:1:15: unknown column `\(column)` in accounts; did you mean `\(meant)`?"), "\(r.stderr)")
        #expect(r.stderr.contains("nothing was imported"))
        #expect(!FileManager.default.fileExists(atPath: repo))
    }

    @Test func declaredColumnsAreReadFromThePlaybooksDirectoryByDefault() throws {
        let dir = try TempDir()
        try dir.write("Playbooks/fields.playbook", Self.fields)
        try dir.write("in/accounts.csv", "id,name,phase,crm_tier,seats\nacme,Acme,2,Gold,40\n")
        let r = try Playbook.run(["import", "--repository", "r.sqlite", "in"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "accounts: 1 added, 0 updated, 0 unchanged\n")
    }

    @Test func playbooksMayBeGivenOneOrMoreTimes() throws {
        let dir = try TempDir()
        try dir.write("lib/tier.playbook", "field account.crm_tier: one of \"gold\", \"silver\"\n")
        try dir.write("lib/seats.playbook", "field account.seats: number\n")
        try dir.write("in/accounts.csv", "id,name,phase,crm_tier,seats\nacme,Acme,2,gold,40\n")
        let both = try Playbook.run(["import", "--repository", "r.sqlite", "--playbooks", "lib/tier.playbook", "--playbooks", "lib/seats.playbook", "in"], in: dir.url)
        #expect(both.status == 0, "\(both.stderr)")
        let one = try Playbook.run(["import", "--repository", "r2.sqlite", "--playbooks", "lib/tier.playbook", "in"], in: dir.url)
        #expect(one.status == 1)
        #expect(one.stderr.contains("in/accounts.csv:1:24: unknown column `seats` in accounts"), "\(one.stderr)")
        let directory = try Playbook.run(["import", "--repository", "r3.sqlite", "--playbooks", "lib", "in"], in: dir.url)
        #expect(directory.status == 0, "\(directory.stderr)")
    }

    /// The reproduction: "three" for a number used to import and then read as missing.
    @Test func aValueThatDoesNotFitItsDeclaredTypeStopsTheImport() throws {
        let dir = try TempDir()
        try dir.write("Playbooks/fields.playbook", Self.fields)
        try dir.write("in/accounts.csv", "id,name,phase,crm_tier,seats\nacme,Acme,2,platinum,three\n")
        let r = try Playbook.run(["import", "--repository", "r.sqlite", "in"], in: dir.url)
        #expect(r.status == 1)
        #expect(r.stderr.contains("in/accounts.csv:2:13: `crm_tier` must be one of gold, silver, bronze, not \"platinum\""), "\(r.stderr)")
        #expect(r.stderr.contains("in/accounts.csv:2:22: `seats` must be a number, not \"three\""), "\(r.stderr)")
    }

    @Test func unknownColumnsMayBeAllowedWithAWarningPerColumn() throws {
        let dir = try TempDir()
        try dir.write("in/accounts.csv", "id,name,phase,region\nacme,Acme,2,EMEA\nbeta,Beta,3,APAC\n")
        try dir.write("in/more.accounts.csv", "id,name,phase,region\ngamma,Gamma,2,EMEA\n")
        let r = try Playbook.run(["import", "--repository", "r.sqlite", "--allow-unknown-columns", "in"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.components(separatedBy: "warning:").count == 2, "\(r.stderr)")
        #expect(r.stderr.contains("in/accounts.csv:1:15: warning: column `region` is neither a column of accounts nor declared by a playbook; imported as undeclared text"), "\(r.stderr)")
        #expect(r.stdout == "accounts: 3 added, 0 updated, 0 unchanged\n")
    }

    @Test func playbooksWithErrorsStopTheImport() throws {
        let dir = try TempDir()
        try dir.write("Playbooks/fields.playbook", "field account.seats: nubmer\n")
        try dir.write("in/accounts.csv", "id,name,phase\nacme,Acme,2\n")
        let r = try Playbook.run(["import", "--repository", "r.sqlite", "in"], in: dir.url)
        #expect(r.status == 1)
        #expect(r.stderr.contains("Playbooks/fields.playbook:1:22: error:"), "\(r.stderr)")
        #expect(r.stderr.contains("the playbooks have errors; nothing was imported"))
        #expect(!FileManager.default.fileExists(atPath: dir.url.appendingPathComponent("r.sqlite").path))
    }

    /// The reproduction: an export with fewer custom columns used to wipe the others.
    @Test func aNarrowerExportKeepsTheOtherCustomFields() throws {
        let dir = try TempDir()
        try dir.write("Playbooks/fields.playbook", Self.fields + """
            playbook "tiers" {
              title "Tiers"
              rule "gold-with-seats" {
                when account.crm_tier == "gold" and account.seats > 10
                task { title "Review {account.name}" }
              }
            }

            """)
        try dir.write("full/accounts.csv", "id,name,csm,phase,crm_tier,seats\nacme,Acme,Ana,2,gold,40\n")
        try dir.write("narrow/accounts.csv", "id,name,csm,phase,seats\nacme,Acme,Ana,2,41\n")
        #expect(try Playbook.run(["import", "--repository", "r.sqlite", "full"], in: dir.url).status == 0)
        #expect(try Playbook.run(["run", "--repository", "r.sqlite", "--as-of", "2026-03-02"], in: dir.url).status == 0)
        let narrow = try Playbook.run(["import", "--repository", "r.sqlite", "narrow"], in: dir.url)
        #expect(narrow.stdout == "accounts: 0 added, 1 updated, 0 unchanged\n", "\(narrow.stderr)")
        let run = try Playbook.run(["run", "--repository", "r.sqlite", "--as-of", "2026-03-03"], in: dir.url)
        #expect(run.status == 0, "\(run.stderr)")
        // The tier is still gold: the task stays open.
        let tasks = try Playbook.run(["tasks", "--repository", "r.sqlite", "--as-of", "2026-03-03"], in: dir.url)
        #expect(tasks.stdout.contains("Review Acme"), "\(tasks.stdout)")
        let again = try Playbook.run(["import", "--repository", "r.sqlite", "narrow"], in: dir.url)
        #expect(again.stdout == "accounts: 0 added, 0 updated, 1 unchanged\n")
    }

    @Test func aSemicolonSeparatedExportIsNamedAsSuch() throws {
        let dir = try TempDir()
        try dir.write("in/accounts.csv", "id;name;phase\nacme;Acme;2\n")
        let r = try Playbook.run(["import", "--repository", "r.sqlite", "in"], in: dir.url)
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("in/accounts.csv:1:1: the header has one column; the file seems to be separated by `;`; export it as comma-separated CSV\n"), "\(r.stderr)")
    }
}
