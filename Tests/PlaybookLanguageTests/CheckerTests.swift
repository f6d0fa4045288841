import Testing
@testable import PlaybookLanguage

/// Checks `source` (which may be several files separated by `=== file`) and compares the
/// diagnostics with the `⟪…⟫` markers written in it: each marker is `⟪CODE` placed right where
/// the diagnostic's range starts, closed by `⟫` (the closing mark is only decoration).
func checkMarked(_ marked: String, sourceLocation: SourceLocation = #_sourceLocation) -> Workspace {
    var set = SourceSet()
    var expected: [(file: Int32, offset: Int, code: String)] = []
    for (fileIndex, part) in marked.components(separatedBy: "=== file\n").enumerated() {
        var bytes: [UInt8] = []
        var rest = Substring(part)
        while let open = rest.range(of: "⟪") {
            bytes += Array(rest[..<open.lowerBound].utf8)
            let afterOpen = rest[open.upperBound...]
            let codeEnd = afterOpen.firstIndex(where: { !($0.isLetter || $0.isNumber) })!
            expected.append((Int32(fileIndex), bytes.count, String(afterOpen[..<codeEnd])))
            rest = afterOpen[codeEnd...]
        }
        bytes += Array(rest.utf8)
        let clean = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "⟫", with: "")
        set.add(SourceFile(path: "f\(fileIndex).playbook", text: clean))
        // Markers were counted in bytes before removing ⟫ marks, so forbid ⟫ before a ⟪ on the
        // same file from shifting offsets: recompute offsets on the cleaned text.
        var shift = 0
        var adjusted: [(Int32, Int, String)] = []
        let raw = Array(String(decoding: bytes, as: UTF8.self).utf8)
        let closeMark = Array("⟫".utf8)
        var i = 0, markerIdx = expected.firstIndex(where: { $0.file == Int32(fileIndex) }) ?? expected.count
        while i <= raw.count {
            while markerIdx < expected.count, expected[markerIdx].file == Int32(fileIndex), expected[markerIdx].offset == i {
                adjusted.append((Int32(fileIndex), i - shift, expected[markerIdx].code))
                markerIdx += 1
            }
            if i < raw.count, raw.count - i >= 3, Array(raw[i..<i + 3]) == closeMark { shift += 3; i += 3; continue }
            i += 1
        }
        expected.removeAll { $0.file == Int32(fileIndex) }
        expected += adjusted.map { (file: $0.0, offset: $0.1, code: $0.2) }
    }
    let ws = Workspace.check(set)
    let actual = ws.diagnostics.sorted.map { "\($0.range.file):\($0.range.start):\($0.code)" }
    let want = expected.sorted { ($0.file, $0.offset) < ($1.file, $1.offset) }.map { "\($0.file):\($0.offset):\($0.code)" }
    #expect(actual == want, Testing.Comment(rawValue: "\n" + DiagnosticRendererShim.render(ws)), sourceLocation: sourceLocation)
    return ws
}

enum DiagnosticRendererShim {
    static func render(_ ws: Workspace) -> String {
        ws.diagnostics.sorted.map { "\(ws.sources.location($0.range)): \($0.code) \($0.text)" + ($0.suggestion.map { " (did you mean \($0)?)" } ?? "") }
            .joined(separator: "\n")
    }
}

struct CheckerCase: CustomTestStringConvertible, Sendable {
    let name: String
    let source: String
    var testDescription: String { name }
}

/// A playbook with one rule whose condition or task is the part under test.
func rule(_ body: String, params: String = "") -> String {
    """
    playbook "p" {
      title "P"
      \(params)
      rule "r" {
        \(body)
      }
    }
    """
}

@Suite struct CheckerTests {
    static let cases: [CheckerCase] = [
        .init(name: "clean rule", source: rule(#"when account.health.score < 60 task { title "Fix {account.name}" owner account.csm due in 3 days }"#)),
        .init(name: "unknown field with suggestion", source: rule(#"when account.⟪PB202⟫helth.score < 60 task { title "t" }"#)),
        .init(name: "unknown nested field", source: rule(#"when account.health.⟪PB202⟫scor < 60 task { title "t" }"#)),
        .init(name: "compare number with text", source: rule(#"when ⟪PB205⟫account.health.score < "high" task { title "t" }"#)),
        .init(name: "unknown function", source: rule(#"when ⟪PB203⟫day_since(account.phase_entered) > 3 days task { title "t" }"#)),
        .init(name: "wrong argument count", source: rule(#"when ⟪PB204⟫days_since(account.phase_entered, today()) > 3 days task { title "t" }"#)),
        .init(name: "number where duration is needed", source: rule(#"when ⟪PB205⟫days_since(account.phase_entered) > 30 task { title "t" }"#)),
        .init(name: "unknown name", source: rule(#"when ⟪PB201⟫acount.phase > 3 task { title "t" }"#)),
        .init(name: "choice value typo", source: rule(#"when account.health.light == ⟪PB207⟫"redd" task { title "t" }"#)),
        .init(name: "choice list typo", source: rule(#"when account.proposal.status in ["draft", ⟪PB207⟫"snt"] task { title "t" }"#)),
        .init(name: "condition not boolean", source: rule(#"when ⟪PB206⟫account.health.score task { title "t" }"#)),
        .init(name: "missing when and task", source: """
            playbook "p" {
              title "P"
              rule ⟪PB305⟫⟪PB305⟫"r" { title "x" }
            }
            """),
        .init(name: "task without title", source: rule(#"when true task { owner account.csm }"#).replacingOccurrences(of: "rule \"r\"", with: "rule ⟪PB305⟫\"r\"")),
        .init(name: "each binds a variable", source: rule(#"each kpi in account.kpis when kpi.baseline is missing task { title "Baseline {kpi.name}" }"#)),
        .init(name: "each over a non-list", source: rule(#"each k in ⟪PB208⟫account.health when true task { title "t" }"#)),
        .init(name: "aggregates", source: rule(#"when count(s in account.stakeholders: s.authority >= 7 and s.support <= 3) > 0 and any(a in account.raci: count(x in a.assignments: x.code == "A" or x.code == "R/A") != 1) and sum(m in account.meetings: 1) > 2 task { title "t" }"#)),
        .init(name: "aggregate with where", source: rule(#"when days_since(max(m in account.meetings where m.kind == "business_review": m.date)) > 90 days and count(s in account.stakeholders where s.support < 3) > 1 task { title "t" }"#)),
        .init(name: "where must be a test", source: rule(#"when count(s in account.stakeholders where ⟪PB206⟫s.name) > 1 task { title "t" }"#)),
        .init(name: "sum needs a body", source: rule(#"when sum(s in account.stakeholders where s.support < 3⟪PB110⟫) > 1 task { title "t" }"#)),
        .init(name: "aggregate body type", source: rule(#"when any(s in account.stakeholders: ⟪PB206⟫s.name) task { title "t" }"#)),
        .init(name: "list member access", source: rule(#"when account.stakeholders.⟪PB209⟫name == "x" task { title "t" }"#)),
        .init(name: "params and unused warning", source: rule(#"when account.health.score < floor task { title "t" }"#, params: "param floor = 60\n  param ⟪PB901⟫unused = 3")),
        .init(name: "param type mismatch with annotation", source: rule(#"when true task { title "t {x}" }"#, params: #"param x: number = ⟪PB206⟫"high""#)),
        .init(name: "param value must be constant", source: rule(#"when x > 1 task { title "t" }"#, params: "param x = ⟪PB212⟫account.phase")),
        .init(name: "duplicate param", source: rule(#"when x > 1 task { title "t" }"#, params: "param x = 1\n  param ⟪PB303⟫x = 2")),
        .init(name: "for must be a duration", source: rule(#"when true for ⟪PB206⟫7 task { title "t" }"#)),
        .init(name: "due needs days", source: rule(#"when true task { title "t" due in ⟪PB206⟫3 }"#)),
        .init(name: "due on a date and business days", source: rule(#"when true task { title "t" due on account.renewal_date - 30 days }"#) + "\n" + rule(#"when true task { title "t" due in 2 business days }"#).replacingOccurrences(of: "\"p\"", with: "\"q\"")),
        .init(name: "unknown priority", source: rule(#"when true task { title "t" priority ⟪PB308⟫hgh }"#)),
        .init(name: "owner must be text", source: rule(#"when true task { title "t" owner ⟪PB206⟫account.phase }"#)),
        .init(name: "phase out of range", source: "playbook \"p\" {\n  title \"P\"\n  phase ⟪PB306⟫9\n}"),
        .init(name: "duplicate rule", source: """
            playbook "p" {
              title "P"
              rule "r" { when true task { title "t" } }
              rule ⟪PB302⟫"r" { when true task { title "t" } }
            }
            """),
        .init(name: "duplicate playbook", source: "playbook \"p\" { title \"P\" }\nplaybook ⟪PB301⟫\"p\" { title \"Q\" }"),
        .init(name: "missing title", source: "playbook ⟪PB305⟫\"p\" { phase 2 }"),
        .init(name: "custom field", source: "field account.crm_tier: one of \"gold\", \"silver\"\n" + rule(#"when account.crm_tier == ⟪PB207⟫"gld" task { title "t" }"#)),
        .init(name: "custom field on unknown record", source: "field ⟪PB211⟫acount.x: text\n" + rule(#"when true task { title "t" }"#)),
        .init(name: "custom field shadows built-in", source: "field account.⟪PB310⟫name: text\n" + rule(#"when true task { title "t" }"#)),
        .init(name: "date arithmetic", source: rule(#"when account.renewal_date - today() < 60 days and start_of_month(today()) > account.stakeholder_plan.updated task { title "t" }"#)),
        .init(name: "interpolating a record", source: rule(#"when true task { title "t {⟪PB206⟫account.health}" }"#)),
        .init(name: "let values", source: rule(#"when low task { title "t" }"#, params: "let low = account.health.score < 50\n  let ⟪PB902⟫spare = 1")),
        .init(name: "list literal mixed types", source: rule(#"when account.segment in ["a", ⟪PB206⟫3] task { title "t" }"#)),
        .init(name: "unknown type", source: "field account.x: ⟪PB210⟫nmber\n" + rule(#"when true task { title "t" }"#)),
        .init(name: "variable shadows a parameter", source: rule(#"when any(⟪PB213⟫floor in account.stakeholders: true) task { title "t" }"#, params: "param ⟪PB901⟫floor = 1")),
        .init(name: "empty list parameter needs a type", source: rule(#"when true task { title "t" tags x }"#, params: "param x = ⟪PB214⟫[]")),
        .init(name: "choice value listed twice", source: "field account.t: one of \"a\", ⟪PB215⟫\"a\"\n" + rule(#"when true task { title "t" }"#)),
        .init(name: "reserved word as a name", source: rule(#"when true task { title "t" }"#, params: "param ⟪PB216⟫missing = 1")),
        .init(name: "field declared twice", source: "field account.x: text\nfield account.⟪PB304⟫x: text\n" + rule(#"when true task { title "t" }"#)),
        .init(name: "unknown stage", source: "playbook \"p\" {\n  title \"P\"\n  stage ⟪PB307⟫ongoin\n}"),
        .init(name: "unknown resolution", source: rule(#"when true resolve ⟪PB309⟫manualy task { title "t" }"#)),
        .init(name: "negative cooldown", source: rule(#"when true cooldown ⟪PB311⟫-3 days task { title "t" }"#)),
        .init(name: "value compared with itself", source: rule(#"when ⟪PB903⟫account.phase == account.phase task { title "t" }"#)),
        .init(name: "quoted text inside interpolation", source: rule(#"when true task { title "a {first_present(account.segment, ⟪PB118⟫"x")}" }"#)),
        .init(name: "steps must be texts", source: rule(#"when true task { title "t" steps ⟪PB206⟫[1, 2] }"#)),
        // Numbers in the playbook that date arithmetic cannot use are refused by `check`; they
        // used to pass it and trap the engine (SIGILL) on the first run.
        .init(name: "for too long", source: rule(#"when true for ⟪PB313⟫99999999999 days task { title "t" }"#)),
        .init(name: "cooldown too long", source: rule(#"when true cooldown ⟪PB313⟫99999999999 days task { title "t" }"#)),
        .init(name: "due in too long", source: rule(#"when true task { title "t" due in ⟪PB313⟫99999999999 days }"#)),
        .init(name: "too many business days", source: rule(#"when true task { title "t" due in ⟪PB313⟫99999999999 business days }"#)),
        .init(name: "date plus too long", source: rule(#"when true task { title "t" due on today() + ⟪PB313⟫99999999999 days }"#)),
        .init(name: "date minus too many weeks", source: rule(#"when true task { title "t" due on today() - ⟪PB313⟫99999999999 weeks }"#)),
        .init(name: "duration literal in a condition", source: rule(#"when days_since(account.phase_entered) > ⟪PB313⟫3650001 days task { title "t" }"#)),
        .init(name: "durations at the limit", source: rule(#"when days_since(account.phase_entered) < 3650000 days and days_until(account.renewal_date) < 521428 weeks for 3650000 days task { title "t" due in 2600000 business days }"#)),
        .init(name: "weeks just past the limit", source: rule(#"when true cooldown ⟪PB313⟫521429 weeks task { title "t" }"#)),
        .init(name: "a parameter's duration grown too long", source: rule(#"when true for ⟪PB313⟫long * 2 task { title "t" due on today() + long + ⟪PB313⟫long }"#, params: "param long = 3000000 days")),
        .init(name: "a parameter's count of days", source: rule(#"when true task { title "t" due in ⟪PB313⟫n business days }"#, params: "param n = 99999999999") + "\n"
              + rule(#"when true task { title "t" due on today() + ⟪PB313⟫n * 1 day }"#, params: "param n = 99999999999").replacingOccurrences(of: "\"p\"", with: "\"q\"")),
        .init(name: "add_business_days with a fixed count too large", source: rule(#"when true task { title "t" due on add_business_days(today(), ⟪PB313⟫5000000000) }"#)),
        .init(name: "a duration parameter too long", source: rule(#"when true for d task { title "t" }"#, params: "param d: duration = ⟪PB313⟫3000000 days * 3")),
        .init(name: "a customisation's set too long", source: rule(#"when true for d task { title "t" }"#, params: "param d = 3 days")
              + "\nplaybook \"q\" extends \"p\" {\n  set d = ⟪PB313⟫3000000 days * 2\n}"),
        .init(name: "reported once, at the innermost place", source: rule(#"when true for ⟪PB313⟫99999999999 days * 2 cooldown d task { title "t" due on today() + d + ⟪PB312⟫10000000000000000 * 1 day }"#, params: "param d = ⟪PB313⟫99999999999 days")),
        .init(name: "phase past Int", source: "playbook \"p\" {\n  title \"P\"\n  phase ⟪PB306⟫9223372036854775808\n}"),
        .init(name: "phase far past Int", source: "playbook \"p\" {\n  title \"P\"\n  phase ⟪PB306⟫" + String(repeating: "9", count: 400) + "\n}"),
        .init(name: "number too large", source: rule(#"when account.phase > ⟪PB312⟫99999999999999999999 task { title "t" }"#)),
        .init(name: "number at the limit", source: rule(#"when account.phase > 999999999999999 and account.phase > 0.5 task { title "t" }"#)),
        .init(name: "number just past the limit", source: rule(#"when account.phase < ⟪PB312⟫1000000000000000 task { title "t {⟪PB312⟫9999999999999999.5}" }"#)),
    ]

    @Test(arguments: cases)
    func diagnostics(_ c: CheckerCase) {
        _ = checkMarked(c.source)
    }

    @Test func suggestionsForMisspellings() {
        let ws = checkMarked(rule(#"when account.⟪PB202⟫helth.score < flor task { title "t" priority ⟪PB308⟫hihg }"#, params: "param ⟪PB901⟫floor = 1").replacingOccurrences(of: "< flor", with: "< ⟪PB201⟫flor"))
        let suggestions = ws.diagnostics.sorted.compactMap { $0.suggestion }
        #expect(suggestions == ["health", "floor", "high"])
    }
}
