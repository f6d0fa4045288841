import PlaybookLanguage
import Import

/// A file of a test import: name and text.
struct ImportTestFile: Sendable {
    let path: String
    let text: String
    init(_ path: String, _ text: String) { self.path = path; self.text = text }
}

/// The repository as the validator sees it, counting questions so tests can check that each
/// id is asked about once.
final class FakeExistingKeys: ExistingKeys, @unchecked Sendable {
    let accounts: Set<String>
    let kpis: Set<String>
    private(set) var questions = 0

    init(accounts: Set<String> = [], kpis: Set<String> = []) {
        self.accounts = accounts
        self.kpis = kpis
    }

    func hasAccount(_ id: String) -> Bool { questions += 1; return accounts.contains(id) }
    func hasKPI(account: String, kpi: String) -> Bool { questions += 1; return kpis.contains("\(account)/\(kpi)") }
}

enum ImportTest {
    /// The account most fixtures refer to.
    static let accounts = ImportTestFile("accounts.csv", "id,name,phase\nacme,Acme,2\n")

    static func validate(_ files: [ImportTestFile], existing: any ExistingKeys = NoExistingKeys(),
                         columns: ImportColumns = ImportColumns()) -> Result<ValidatedImport, ImportProblems> {
        ImportValidator.validate(files: files.map { ($0.path, Array($0.text.utf8)) }, existing: existing, columns: columns)
    }

    static func problems(_ files: [ImportTestFile], existing: any ExistingKeys = NoExistingKeys(),
                         columns: ImportColumns = ImportColumns()) -> [String] {
        switch validate(files, existing: existing, columns: columns) {
        case .success: []
        case .failure(let p): p.lines
        }
    }

    /// A row as `value|value|…` with `-` for missing, then `+name=value` per custom field.
    static func show(_ row: ImportRow) -> String {
        let values = row.values.map { v -> String in
            switch v {
            case .missing: "-"
            case .text(let s): s
            case .number(let d): "\(d)"
            case .integer(let i): "#\(i)"
            case .date(let d): d.description
            case .bool(let b): b ? "yes" : "no"
            }
        }
        return (values + row.custom.map { "+\($0.name)=\(show($0.value))" }).joined(separator: "|")
    }

    static func show(_ v: CustomValue) -> String {
        switch v {
        case .missing: "-"
        case .text(let s): s
        case .number(let d): "\(d)"
        case .bool(let b): b ? "yes" : "no"
        case .date(let d): d.description
        case .list(let items): "[" + items.map(show).joined(separator: ",") + "]"
        }
    }
}
