import Testing

/// Every kind of problem in docs/import.md ("What is checked"): each case is a small import
/// with exactly one thing wrong, and must give exactly one problem at the expected place.
@Suite struct ImportProblemTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let files: [ImportTestFile]
        /// `file:line:column: ` exactly.
        let at: String
        /// A part of the reason that must appear.
        let reason: String
        var testDescription: String { name }

        init(_ name: String, _ files: [ImportTestFile], _ at: String, _ reason: String) {
            self.name = name
            self.files = files
            self.at = at
            self.reason = reason
        }
    }

    static let a = ImportTest.accounts
    static func csv(_ path: String, _ text: String) -> [ImportTestFile] { [a, ImportTestFile(path, text)] }

    static let files: [Case] = [
        Case("unknown entity", csv("helth.csv", "account_id,date\nacme,2026-01-05\n"),
             "helth.csv:1:1", "`helth` is not something that can be imported; did you mean `health`?"),
        Case("unknown entity after a prefix", csv("2026-11.helth.csv", "account_id,date\n"),
             "2026-11.helth.csv:1:1", "did you mean `health`?"),
        Case("unknown entity, nothing close", csv("exports/contacts.csv", "x\n"),
             "exports/contacts.csv:1:1", "name the file after one of accounts, stakeholders"),
        Case("unsupported format", csv("health.xlsx", ""), "health.xlsx:1:1", "only .csv and .json files can be imported, not `.xlsx`"),
        Case("empty file", csv("health.csv", "\n\n"), "health.csv:1:1", "the file is empty"),
    ]

    static let headers: [Case] = [
        Case("missing required column", [ImportTestFile("accounts.csv", "id,phase\nacme,2\n")],
             "accounts.csv:1:1", "missing required column `name`"),
        Case("missing required column with a typo", csv("health.csv", "acount_id,date\nacme,2026-01-05\n"),
             "health.csv:1:1", "missing required column `account_id`; is `acount_id` a misspelling of it?"),
        Case("column twice", [ImportTestFile("accounts.csv", "id,name,Name,phase\nacme,Acme,Acme,2\n")],
             "accounts.csv:1:9", "column `Name` appears twice (first as column 2)"),
        Case("column twice through an alias", [ImportTestFile("accounts.csv", "id,Account ID,name,phase\nacme,acme,Acme,2\n")],
             "accounts.csv:1:4", "`Account ID` names the same column as `id`"),
        Case("RACI grid without activity", csv("raci.csv", "account_id,Ana\nacme,R\n"),
             "raci.csv:1:1", "missing required column `activity`"),
        Case("value under a column with no name", csv("health.csv", "account_id,date,\nacme,2026-01-05,x\n"),
             "health.csv:2:17", "value in a column that has no name in the header"),
    ]

    static let rows: [Case] = [
        Case("too few fields", [ImportTestFile("accounts.csv", "id,name,phase\nacme,Acme\n")],
             "accounts.csv:2:1", "row has 2 fields, the header has 3"),
        Case("too many fields", [ImportTestFile("accounts.csv", "id,name,phase\nacme,Acme,2,x\n")],
             "accounts.csv:2:13", "row has 4 fields, the header has 3"),
        Case("CSV syntax", csv("health.csv", "account_id,date\nacme,2026-01-05\"\n"),
             "health.csv:2:16", "quote inside an unquoted field"),
        Case("unterminated quote", csv("health.csv", "account_id,date\nacme,\"2026-01-05\n"),
             "health.csv:2:6", "this quoted field is never closed"),
        Case("required value empty", [ImportTestFile("accounts.csv", "id,name,phase\nacme,,2\n")],
             "accounts.csv:2:6", "`name` is required"),
        Case("required value only spaces", [ImportTestFile("accounts.csv", "id,name,phase\nacme,  ,2\n")],
             "accounts.csv:2:6", "`name` is required"),
        Case("not a number", csv("health.csv", "account_id,date,score\nacme,2026-01-05,high\n"),
             "health.csv:2:17", "`score` must be a number, not \"high\""),
        Case("thousands separator", csv("health.csv", "account_id,date,score\nacme,2026-01-05,\"1,000\"\n"),
             "health.csv:2:17", "`score` must be a number, not \"1,000\""),
        Case("decimal comma", csv("kpis.csv", "account_id,id,name,target\nacme,nps,NPS,\"7,5\"\n"),
             "kpis.csv:2:14", "`target` must be a number, not \"7,5\""),
        Case("health score above 100", csv("health.csv", "account_id,date,score\nacme,2026-01-05,101\n"),
             "health.csv:2:17", "`score` must be from 0 to 100, not 101"),
        Case("stakeholder authority above 10", csv("stakeholders.csv", "account_id,id,name,authority\nacme,s1,Ana,11\n"),
             "stakeholders.csv:2:13", "`authority` must be from 0 to 10, not 11"),
        Case("plan support below 0", csv("stakeholder_plan.csv", "account_id,month,name,support\nacme,2026-11,Ana,-1\n"),
             "stakeholder_plan.csv:2:18", "`support` must be from 0 to 10, not -1"),
        Case("health indicator above 10", csv("health.csv", "account_id,date,sentiment\nacme,2026-01-05,10.5\n"),
             "health.csv:2:17", "`sentiment` must be from 0 to 10, not 10.5"),
        Case("nps above 10", csv("health.csv", "account_id,date,nps\nacme,2026-01-05,11\n"),
             "health.csv:2:17", "`nps` must be from 0 to 10, not 11"),
        Case("phase 8", [ImportTestFile("accounts.csv", "id,name,phase\nacme,Acme,8\n")],
             "accounts.csv:2:11", "`phase` must be a whole number from 1 to 7, not \"8\""),
        Case("phase not whole", [ImportTestFile("accounts.csv", "id,name,phase\nacme,Acme,3.5\n")],
             "accounts.csv:2:11", "`phase` must be a whole number from 1 to 7, not \"3.5\""),
        Case("negative group size", csv("impacted_groups.csv", "account_id,name,size\nacme,Sales,-3\n"),
             "impacted_groups.csv:2:12", "`size` must be a whole number 0 or more, not \"-3\""),
        Case("date in another format", [ImportTestFile("accounts.csv", "id,name,phase,renewal_date\nacme,Acme,2,05/01/2026\n")],
             "accounts.csv:2:13", "`renewal_date` must be a date as YYYY-MM-DD, not \"05/01/2026\""),
        Case("date that is not a real day", [ImportTestFile("accounts.csv", "id,name,phase,renewal_date\nacme,Acme,2,2026-02-30\n")],
             "accounts.csv:2:13", "`renewal_date` must be a real day, not \"2026-02-30\""),
        Case("date with a time", csv("meetings.csv", "account_id,kind,date\nacme,initial,2026-01-05T10:00\n"),
             "meetings.csv:2:14", "`date` must be a date as YYYY-MM-DD"),
        Case("month in words", csv("stakeholder_plan.csv", "account_id,month,name\nacme,Nov 2026,Ana\n"),
             "stakeholder_plan.csv:2:6", "`month` must be a month as YYYY-MM (or a date), not \"Nov 2026\""),
        Case("month 13", csv("stakeholder_plan.csv", "account_id,month,name\nacme,2026-13,Ana\n"),
             "stakeholder_plan.csv:2:6", "`month` must be a month as YYYY-MM (or a date), not \"2026-13\""),
        Case("month as a date that is not a real day", csv("stakeholder_plan.csv", "account_id,month,name\nacme,2026-02-29,Ana\n"),
             "stakeholder_plan.csv:2:6", "`month` must be a real day, not \"2026-02-29\""),
        Case("yes/no", csv("stakeholders.csv", "account_id,id,name,is_spl\nacme,s1,Ana,maybe\n"),
             "stakeholders.csv:2:13", "`is_spl` must be yes or no, not \"maybe\""),
        Case("value not in the list, with a suggestion", csv("research_items.csv", "account_id,area,item,state\nacme,business,Budget,acurate_enough\n"),
             "research_items.csv:2:22",
             "`state` must be one of accurate_enough, not_accurate_enough, missing, unknown, not \"acurate_enough\"; did you mean \"accurate_enough\"?"),
        Case("value not in the list", [ImportTestFile("accounts.csv", "id,name,phase,pilot\nacme,Acme,2,maybe\n")],
             "accounts.csv:2:13", "`pilot` must be one of none, proof_of_concept, proof_of_value, not \"maybe\""),
        Case("required choice empty", csv("research_items.csv", "account_id,area,item,state\nacme,business,Budget,\n"),
             "research_items.csv:2:22", "`state` is required"),
        Case("RACI code not in the list", csv("raci.csv", "account_id,activity,Ana Ruiz (SPL),IT\nacme,Run training,R,X\n"),
             "raci.csv:2:21", "`IT` must be one of R, A, C, I, R/A, not \"X\""),
    ]

    static let references: [Case] = [
        Case("unknown account", csv("health.csv", "account_id,date\nglobex,2026-01-05\n"),
             "health.csv:2:1", "account \"globex\" is neither in this import nor in the repository"),
        Case("unknown account in the RACI grid", csv("raci.csv", "account_id,activity,Ana\nglobex,Kick-off,R\n"),
             "raci.csv:2:1", "account \"globex\" is neither in this import nor in the repository"),
        Case("account ids are case-sensitive", csv("health.csv", "account_id,date\nACME,2026-01-05\n"),
             "health.csv:2:1", "account \"ACME\""),
        Case("unknown KPI", csv("kpis.csv", "account_id,id,name\nacme,nps,NPS\n")
                + [ImportTestFile("measurements.csv", "account_id,kpi_id,date,value\nacme,csat,2026-01-05,3\n")],
             "measurements.csv:2:6", "KPI \"csat\" is not a KPI of account \"acme\""),
        Case("KPI of another account", [ImportTestFile("accounts.csv", "id,name,phase\nacme,Acme,2\nbeta,Beta,1\n"),
                                        ImportTestFile("kpis.csv", "account_id,id,name\nacme,nps,NPS\n"),
                                        ImportTestFile("milestones.csv", "account_id,kpi_id,name,date,target\nbeta,nps,Q1,2026-03-31,8\n")],
             "milestones.csv:2:6", "KPI \"nps\" is not a KPI of account \"beta\""),
    ]

    static let keys: [Case] = [
        Case("duplicate key in one file", csv("health.csv", "account_id,date\nacme,2026-01-05\nacme,2026-01-05\n"),
             "health.csv:3:1", "duplicate key (account_id \"acme\", date 2026-01-05); first at line 2"),
        Case("duplicate key across files", [a, ImportTestFile("2026-01.health.csv", "account_id,date\nacme,2026-01-05\n"),
                                            ImportTestFile("2026-02.health.csv", "account_id,date\n\nacme,2026-01-05\n")],
             "2026-02.health.csv:3:1", "duplicate key (account_id \"acme\", date 2026-01-05); first at 2026-01.health.csv:2"),
        Case("duplicate account", [ImportTestFile("accounts.csv", "id,name,phase\nacme,Acme,2\nacme,Acme 2,3\n")],
             "accounts.csv:3:1", "duplicate key (id \"acme\"); first at line 2"),
        Case("duplicate plan month (a date and a month are the same month)",
             csv("stakeholder_plan.csv", "account_id,month,name\nacme,2026-11,Ana\nacme,2026-11-15,Ana\n"),
             "stakeholder_plan.csv:3:1", "duplicate key (account_id \"acme\", month 2026-11-01, name \"Ana\"); first at line 2"),
        Case("duplicate document through the default title", csv("documents.csv", "account_id,kind,title\nacme,roadmap,\nacme,roadmap,roadmap\n"),
             "documents.csv:3:1", "duplicate key (account_id \"acme\", kind \"roadmap\", title \"roadmap\"); first at line 2"),
        Case("duplicate RACI cell", csv("raci.csv", "account_id,activity,Ana,IT\nacme,Kick-off,R,\nacme,Kick-off,,C\nacme,Kick-off,A,\n"),
             "raci.csv:4:15", "duplicate key (account_id \"acme\", activity \"Kick-off\", stakeholder \"Ana\"); first at line 2"),
        Case("duplicate proposal", csv("proposals.csv", "account_id,status\nacme,draft\nacme,signed\n"),
             "proposals.csv:3:1", "duplicate key (account_id \"acme\"); first at line 2"),
    ]

    static let json: [Case] = [
        Case("JSON syntax", csv("health.json", "[{\"account_id\": }]"), "health.json:1:17", "expected a value, found `}`"),
        Case("JSON not an array", csv("health.json", "{}"), "health.json:1:1", "expected an array of objects, one per row"),
        Case("JSON row not an object", csv("health.json", "[\n  1\n]"), "health.json:2:3", "expected an object (one row)"),
        Case("JSON required key absent", csv("health.json", "[{\"account_id\": \"acme\"}]"), "health.json:1:2", "`date` is required"),
        Case("JSON required value null", csv("health.json", "[{\"account_id\": \"acme\", \"date\": null}]"),
             "health.json:1:33", "`date` is required"),
        Case("JSON nested value", csv("health.json", "[{\"account_id\": \"acme\", \"date\": [1]}]"),
             "health.json:1:33", "`date` must be a single value, not an array or object"),
        Case("JSON key twice", csv("health.json", "[{\"account_id\": \"acme\", \"date\": \"2026-01-05\", \"Date\": \"2026-01-06\"}]"),
             "health.json:1:47", "key `Date` appears twice in this object (first at 1:33)"),
        Case("JSON key through an alias", [ImportTestFile("accounts.json", "[{\"id\": \"acme\", \"account_id\": \"acme\", \"name\": \"A\", \"phase\": 2}]")],
             "accounts.json:1:17", "`account_id` names the same column as `id`"),
        Case("JSON number where a date belongs", csv("health.json", "[{\"account_id\": \"acme\", \"date\": 20260105}]"),
             "health.json:1:33", "`date` must be a date as YYYY-MM-DD, not \"20260105\""),
        Case("JSON boolean where a number belongs", csv("health.json", "[{\"account_id\": \"acme\", \"date\": \"2026-01-05\", \"nps\": true}]"),
             "health.json:1:54", "`nps` must be a number, not \"true\""),
        Case("JSON second row", csv("health.json", "[\n {\"account_id\": \"acme\", \"date\": \"2026-01-05\"},\n {\"account_id\": \"acme\", \"date\": \"2026-01-05\"}\n]"),
             "health.json:3:17", "duplicate key (account_id \"acme\", date 2026-01-05); first at line 2"),
    ]

    @Test(arguments: files + headers + rows + references + keys + json)
    func reportsExactlyOneProblem(_ c: Case) {
        let problems = ImportTest.problems(c.files)
        #expect(problems.count == 1, "\(problems)")
        guard let p = problems.first else { return }
        #expect(p.hasPrefix(c.at + ": "), "\(p)")
        #expect(p.contains(c.reason), "\(p)")
    }
}
