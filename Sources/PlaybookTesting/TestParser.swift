import Import
import PlaybookEngine
import PlaybookLanguage

/// Reads a test file (docs/testing.md) into a `TestFile`, reporting every problem it finds
/// rather than stopping at the first: a bad line is skipped and the next one read.
package enum TestParser {
    package static func parse(_ file: SourceFile, id: Int32) -> (TestFile, [Diagnostic]) {
        var p = Parsing(bytes: file.bytes, file: id, path: file.path)
        p.run()
        return (p.result, p.diagnostics.sorted { ($0.range, $0.code) < ($1.range, $1.code) })
    }
}

struct Parsing {
    let bytes: [UInt8]
    let file: Int32
    let lines: [TestLine]
    var result: TestFile
    var diagnostics: [Diagnostic] = []
    /// The case being read, if any.
    private var current: TestCase?
    private var lastRun: CivilDate?
    /// An `on` line was read in this case, even one with a bad date: no follow-on errors.
    private var sawRun = false
    /// The `expect task` that attribute lines below it belong to, as an index into the steps.
    private var attributeTarget: Int?
    private var caseNames: Set<String> = []

    init(bytes: [UInt8], file: Int32, path: String) {
        self.bytes = bytes
        self.file = file
        self.lines = TestLines.split(bytes)
        self.result = TestFile(path: path)
    }

    func range(_ s: Int, _ e: Int) -> SourceRange { SourceRange(file: file, start: s, end: e) }
    func range(_ w: Word) -> SourceRange { range(w.start, w.end) }
    func range(_ line: TestLine) -> SourceRange { range(line.start + line.indent, line.end) }

    mutating func error(_ m: TestMessage, _ r: SourceRange, suggestion: String? = nil) {
        diagnostics.append(Diagnostic(test: m, at: r, suggestion: suggestion))
    }

    mutating func run() {
        var i = 0
        while i < lines.count {
            let line = lines[i]
            i += 1
            var words = WordReader(bytes: bytes, file: file, line: line)
            guard let first = words.next() else { continue }
            let statement = first.quoted ? "" : first.text
            // Attribute lines continue the `expect task` right above them, and only that.
            if TestAttribute.Name(rawValue: statement) == nil { attributeTarget = nil }
            switch statement {
            case "playbooks": playbooks(&words, first)
            case "case": startCase(&words, line)
            case "set": set(&words, first, line)
            case "data": i = data(&words, line, next: i)
            case "import": importFiles(&words, first, line)
            case "on": runOn(&words, first)
            case "expect": expect(&words, first, line)
            case "done", "dismiss", "snooze": change(&words, first, line)
            case _ where TestAttribute.Name(rawValue: statement) != nil:
                words = WordReader(bytes: bytes, file: file, line: line)
                attributes(&words)
            default:
                let known = ["playbooks", "case", "set", "data", "import", "on", "expect", "done", "dismiss", "snooze"]
                error(.unknownStatement(first.text), range(first), suggestion: Suggestions.closest(to: first.text, in: known))
            }
            diagnostics += words.diagnostics
        }
        finishCase()
    }

    // MARK: Statements

    private mutating func playbooks(_ words: inout WordReader, _ first: Word) {
        guard current == nil, result.cases.isEmpty, result.playbooks.isEmpty else {
            error(.misplacedPlaybooks, range(first))
            return
        }
        while let w = words.next() { result.playbooks.append(Located(value: w.text, range: range(w))) }
        if result.playbooks.isEmpty { error(.expected("a path to playbooks", found: "the end of the line"), range(first.end, first.end)) }
    }

    private mutating func startCase(_ words: inout WordReader, _ line: TestLine) {
        finishCase()
        lastRun = nil
        sawRun = false
        guard let name = words.peek(), name.quoted else {
            missing("the case's name in quotes", &words, line)
            // Still open a case so that its lines are not reported as outside one.
            current = TestCase(name: "", range: range(line))
            return
        }
        _ = words.next()
        if !caseNames.insert(name.text).inserted { error(.duplicateCase(name.text), range(name)) }
        current = TestCase(name: name.text, range: range(line))
        expectEnd(&words)
    }

    private mutating func finishCase() {
        guard let c = current else { return }
        if !c.name.isEmpty, !sawRun {
            error(.caseWithoutRun(c.name), c.range)
        }
        result.cases.append(c)
        current = nil
    }

    private mutating func set(_ words: inout WordReader, _ first: Word, _ line: TestLine) {
        guard current != nil else { return error(.outsideCase("set"), range(first)) }
        guard !sawRun else { return error(.setAfterRun, range(line)) }
        guard let target = words.peek(), !target.quoted, let dot = target.text.lastIndex(of: "."),
              dot != target.text.startIndex, target.text.index(after: dot) != target.text.endIndex else {
            return missing("`playbook.parameter`", &words, line)
        }
        _ = words.next()
        let playbookEnd = target.start + target.text.utf8.distance(from: target.text.startIndex, to: dot)
        guard words.peek()?.is("=") == true, let eq = words.next() else { return missing("`=`", &words, line) }
        let value = words.rest()
        guard !value.text.isEmpty else { return error(.expected("a value", found: "the end of the line"), range(eq.end, eq.end)) }
        current!.overrides.append(ParameterOverride(
            playbook: Located(value: String(target.text[..<dot]), range: range(target.start, playbookEnd)),
            parameter: Located(value: String(target.text[target.text.index(after: dot)...]), range: range(playbookEnd + 1, target.end)),
            value: Located(value: value.text, range: range(value.start, value.end))))
    }

    /// `data ENTITY` and the table under it: the lines indented deeper than `data`, up to the
    /// first blank or shallower line. Returns the index of the line after the table.
    private mutating func data(_ words: inout WordReader, _ line: TestLine, next: Int) -> Int {
        var end = next
        while end < lines.count, !lines[end].isBlank, lines[end].indent > line.indent { end += 1 }
        guard let entity = words.peek(), !entity.quoted else {
            missing("a record type such as `accounts`", &words, line)
            return end
        }
        _ = words.next()
        expectEnd(&words)
        guard ImportEntity.parse(path: "table/\(entity.text).csv").entity != nil else {
            error(.unknownEntity(entity.text), range(entity), suggestion: Suggestions.closest(to: entity.text, in: ImportEntity.allCases.map(\.rawValue)))
            return end
        }
        let rows = lines[next..<end]
        guard let header = rows.first else {
            error(.emptyTable(entity.text), range(line))
            return end
        }
        var csv: [UInt8] = []
        var starts: [Int] = []
        for row in rows {
            let s = row.start + min(row.indent, header.indent)
            starts.append(s)
            csv += bytes[s..<row.end]
            csv.append(0x0A)
        }
        add(.data(DataSource(kind: .table(entity: entity.text, csv: csv, lineStarts: starts), range: range(line))))
        return end
    }

    private mutating func importFiles(_ words: inout WordReader, _ first: Word, _ line: TestLine) {
        guard let path = words.next() else {
            return error(.expected("a file or directory to import", found: "the end of the line"), range(first.end, first.end))
        }
        expectEnd(&words)
        add(.data(DataSource(kind: .files(path.text), range: range(line))))
    }

    private mutating func add(_ step: Step) {
        if current != nil {
            current!.steps.append(step)
        } else if case .data(let d) = step {
            result.shared.append(d)
        }
    }

    private mutating func runOn(_ words: inout WordReader, _ first: Word) {
        guard current != nil else { return error(.outsideCase("on"), range(first)) }
        sawRun = true
        guard let date = self.date(&words, after: first) else { return }
        if let last = lastRun, date.value <= last {
            error(.datesNotIncreasing(date.value.description, previous: last.description), date.range)
        }
        lastRun = date.value
        expectEnd(&words)
        current!.steps.append(.run(date))
    }

    private mutating func expect(_ words: inout WordReader, _ first: Word, _ line: TestLine) {
        guard current != nil else { return error(.outsideCase("expect"), range(first)) }
        guard sawRun else { return error(.beforeFirstRun("expect"), range(first)) }
        let kind: Expectation.Kind
        let w = words.next()
        if w?.is("task") == true {
            kind = .task
        } else if w?.is("resolved") == true {
            kind = .resolved
        } else if w?.is("no") == true, words.next()?.is("task") == true {
            kind = .noTask
        } else {
            let r = w.map(range) ?? range(first.end, first.end)
            return error(.expected("`task`, `no task` or `resolved`", found: w?.display ?? "the end of the line"), r)
        }
        guard let selector = self.selector(&words, needsAccount: kind != .noTask, stopWords: kind == .task ? TestAttribute.Name.allCases.map(\.rawValue) : [], line) else { return }
        current!.steps.append(.expect(Expectation(kind: kind, selector: selector, range: range(line))))
        if kind == .task {
            attributeTarget = current!.steps.count - 1
            attributes(&words)
        } else {
            expectEnd(&words)
        }
    }

    /// `title "…"`, `owner "…"`, `due DATE`, `priority P`, `status S`: on the `expect task` line
    /// or on the lines under it.
    private mutating func attributes(_ words: inout WordReader) {
        guard let target = attributeTarget, case .expect(var e)? = current?.steps[target] else {
            if let w = words.next() { error(.attributeWithoutExpectation(w.text), range(w)) }
            return
        }
        while let name = words.next() {
            guard let attribute = TestAttribute.Name(rawValue: name.text), !name.quoted else {
                error(.expected("`title`, `owner`, `due`, `priority` or `status`", found: name.display), range(name))
                return
            }
            guard let v = words.next() else {
                return error(.expected("a value for `\(attribute.rawValue)`", found: "the end of the line"), range(name.end, name.end))
            }
            let value: TestAttribute.Value
            switch attribute {
            case .title: value = .title(v.text)
            case .owner: value = .owner(v.text)
            case .due:
                guard let d = CivilDate.parse(v.text), !v.quoted else { return error(.invalidDate(v.text), range(v)) }
                value = .due(d)
            case .priority:
                guard let p = Priority(rawValue: v.text), !v.quoted else {
                    return error(.expected("`low`, `normal`, `high` or `urgent`", found: v.display), range(v),
                                 suggestion: Suggestions.closest(to: v.text, in: Priority.allCases.map(\.rawValue)))
                }
                value = .priority(p)
            case .status:
                guard let s = TaskStatus(rawValue: v.text), !v.quoted else {
                    return error(.expected("`open`, `snoozed`, `done`, `dismissed` or `resolved`", found: v.display), range(v),
                                 suggestion: Suggestions.closest(to: v.text, in: TaskStatus.allCases.map(\.rawValue)))
                }
                value = .status(s)
            }
            if e.attributes.contains(where: { $0.name == attribute }) { error(.duplicateAttribute(attribute.rawValue), range(name)) }
            e.attributes.append(TestAttribute(value: value, range: range(name.start, v.end)))
        }
        current!.steps[target] = .expect(e)
    }

    private mutating func change(_ words: inout WordReader, _ first: Word, _ line: TestLine) {
        guard current != nil else { return error(.outsideCase(first.text), range(first)) }
        guard sawRun else { return error(.beforeFirstRun(first.text), range(first)) }
        let snooze = first.text == "snooze"
        guard let selector = self.selector(&words, needsAccount: true, stopWords: snooze ? ["until"] : [], line) else { return }
        var kind: TaskChangeSpec.Kind = first.text == "done" ? .done : .dismiss
        if snooze {
            guard words.peek()?.is("until") == true, let until = words.next() else { return missing("`until` and a date", &words, line) }
            guard let date = self.date(&words, after: until) else { return }
            kind = .snooze(until: date.value)
        }
        expectEnd(&words)
        current!.steps.append(.act(TaskChangeSpec(kind: kind, selector: selector, range: range(line))))
    }

    // MARK: Parts

    /// RULE [ACCOUNT [ITEM]]: an unquoted stop word ends it early (`title`, `until`).
    private mutating func selector(_ words: inout WordReader, needsAccount: Bool, stopWords: [String], _ line: TestLine) -> TaskSelector? {
        func word() -> Word? {
            guard let w = words.peek(), !(stopWords.contains(w.text) && !w.quoted) else { return nil }
            return words.next()
        }
        guard let rule = word() else {
            missing("a rule such as `health/low-health`", &words, line)
            return nil
        }
        var s = TaskSelector(rule: Located(value: rule.text, range: range(rule)))
        if let account = word() {
            s.account = Located(value: account.text, range: range(account))
            if let item = word() { s.item = Located(value: item.text, range: range(item)) }
        } else if needsAccount {
            missing("an account id", &words, line)
            return nil
        }
        return s
    }

    private mutating func date(_ words: inout WordReader, after: Word) -> Located<CivilDate>? {
        guard let w = words.next() else {
            error(.expected("a date (YYYY-MM-DD)", found: "the end of the line"), range(after.end, after.end))
            return nil
        }
        guard !w.quoted, let d = CivilDate.parse(w.text) else {
            error(.invalidDate(w.text), range(w))
            return nil
        }
        return Located(value: d, range: range(w))
    }

    /// "expected X, found Y" at the next word, or at the end of the line when there is none.
    private mutating func missing(_ what: String, _ words: inout WordReader, _ line: TestLine) {
        if let w = words.peek() {
            error(.expected(what, found: w.display), range(w))
        } else {
            error(.expected(what, found: "the end of the line"), range(line.end, line.end))
        }
    }

    private mutating func expectEnd(_ words: inout WordReader) {
        if let w = words.next() {
            error(.expected("the end of the line", found: w.display), range(w))
            while words.next() != nil {}
        }
    }
}
