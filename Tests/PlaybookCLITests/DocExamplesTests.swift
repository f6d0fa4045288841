import Foundation
import Testing

/// Every code block of README.md and docs/*.md that holds a playbook, a test file or an
/// expression is run by the built binary against the shipped library, as the page shows it:
///
/// - ```` ```playbook ````: `playbook check` finds nothing, not even a warning. A customisation
///   (a playbook that extends one its group does not declare) is checked together with
///   `Playbooks/framework/`. Blocks marked `<!-- example GROUP: FILE -->` are checked together,
///   each written as FILE; the others alone.
/// - ```` ```test ````: `playbook test` passes it, written as `Playbooks/framework/doc.test` (or
///   the marker's FILE) beside copies of the shipped playbooks.
/// - ```` ```expression ````: each line checks as an expression of a rule.
/// - docs/diagnostics.md: each playbook under a `PBnnn: …` heading yields that code and no other,
///   and an output block right under it that starts with `p.playbook:` shows lines `check`
///   prints. Its marked blocks outside a code's section are the base its examples extend.
///
/// Anything else must be a command, output or grammar (`sh`, `console`, `text`, `ebnf`, `cron`,
/// `json`) that does not look like one of those files, or be marked `<!-- fragment -->`.
/// docs/import.md's examples are imported by ImportDocExamplesTests.
@Suite struct DocExamplesTests {
    static let pages: [String] = {
        let docs = (try? FileManager.default.contentsOfDirectory(atPath: DocBlock.root.appendingPathComponent("docs").path)) ?? []
        return ["README.md"] + docs.filter { $0.hasSuffix(".md") && $0 != "import.md" }.sorted().map { "docs/" + $0 }
    }()

    static let checked: Set<String> = ["playbook", "test", "expression"]
    static let notFiles: Set<String> = ["sh", "console", "text", "ebnf", "cron", "json"]

    /// What a block fenced as something else would be if it were a file: column-0 starts of the
    /// declarations of a playbook file, a test file's `case`, an import file's key column.
    static func looksLikeAFile(_ text: String) -> String? {
        let lines = text.split(separator: "\n")
        if lines.contains(where: { ["playbook \"", "field ", "source \"", "rule \""].contains(where: $0.hasPrefix) }) { return "a playbook" }
        if lines.contains(where: { $0.hasPrefix("case \"") }) { return "a test file" }
        if lines.contains(where: { $0.hasPrefix("account_id,") || $0.hasPrefix("id,name") }) || text.contains("\"account_id\":") { return "an import file" }
        return nil
    }

    @Test(arguments: pages)
    func everyBlockIsCheckedOrMarkedAsAFragment(_ page: String) throws {
        for block in try DocBlock.read(page) where block.marker != .fragment {
            if Self.checked.contains(block.info) { continue }
            let looks = Self.looksLikeAFile(block.text)
            #expect(Self.notFiles.contains(block.info) && looks == nil && block.example == nil,
                    "\(block): fence it ```playbook, ```test or ```expression so that it is checked, give a command or an output its info string (\(Self.notFiles.sorted().joined(separator: ", "))), or mark a block that cannot be whole `<!-- fragment -->`\(looks.map { "; it looks like \($0)" } ?? ""):\n\(block.text)")
        }
    }

    // MARK: Playbooks

    struct Example: Sendable, CustomTestStringConvertible {
        struct File: Sendable {
            var name: String
            var text: String
            var line: Int
        }

        var name: String
        /// The files checked together; the example is the last.
        var files: [File]
        /// For docs/diagnostics.md: the code the last file must yield, and the output shown under it.
        var code: String?
        var output: String?

        var testDescription: String { name }
    }

    /// Every playbook block outside docs/diagnostics.md, by group.
    static func playbookExamples() throws -> [Example] {
        var examples: [Example] = []
        for page in pages where page != "docs/diagnostics.md" {
            var byGroup: [String: Int] = [:]
            for block in try DocBlock.read(page) where block.info == "playbook" && block.marker != .fragment {
                let file = Example.File(name: block.example?.file ?? "example.playbook", text: block.text, line: block.line)
                if let group = block.example?.group, let index = byGroup[group] {
                    examples[index].files.append(file)
                } else {
                    if let group = block.example?.group { byGroup[group] = examples.count }
                    examples.append(Example(name: block.example.map { "\(page) example \($0.group)" } ?? "\(block)", files: [file]))
                }
            }
        }
        return examples
    }

    /// docs/diagnostics.md: each example under its code's heading, with its group's base.
    static func diagnosticExamples() throws -> [Example] {
        let blocks = try DocBlock.read("docs/diagnostics.md")
        func code(_ block: DocBlock) -> String? {
            let code = block.heading.prefix { $0 != ":" }
            return code.count == 5 && code.hasPrefix("PB") && code.dropFirst(2).allSatisfy(\.isNumber) ? String(code) : nil
        }
        var bases: [String: [Example.File]] = [:]
        for block in blocks where block.info == "playbook" && block.marker != .fragment && code(block) == nil {
            let example = try #require(block.example, "\(block): a playbook outside a code's section is the base of examples: mark it `<!-- example GROUP: FILE -->`")
            bases[example.group, default: []].append(Example.File(name: example.file, text: block.text, line: block.line))
        }
        var examples = bases.sorted { $0.key < $1.key }.map { Example(name: "docs/diagnostics.md example \($0.key)", files: $0.value) }
        for (index, block) in blocks.enumerated() where block.info == "playbook" && block.marker != .fragment {
            guard let code = code(block) else { continue }
            let base = try block.example.map { try #require(bases[$0.group], "\(block): no base block for group \($0.group)") } ?? []
            let next = blocks.indices.contains(index + 1) ? blocks[index + 1] : nil
            let output = next.flatMap { $0.info == "text" && $0.text.hasPrefix("p.playbook:") && $0.heading == block.heading ? $0.text : nil }
            examples.append(Example(name: "\(block) \(code)", files: base + [.init(name: block.example?.file ?? "p.playbook", text: block.text, line: block.line)],
                                    code: code, output: output))
        }
        return examples
    }

    static func declared(in text: String) -> Set<String> { Set(text.matches(of: /playbook\s+"([^"]*)"/).map { String($0.1) }) }

    static let framework = DocBlock.root.appendingPathComponent("Playbooks/framework")

    static let frameworkPlaybooks: Set<String> = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: framework.path)) ?? []
        return files.filter { $0.hasSuffix(".playbook") }.reduce(into: []) { ids, name in
            ids.formUnion(declared(in: (try? String(contentsOf: framework.appendingPathComponent(name), encoding: .utf8)) ?? ""))
        }
    }()

    /// Writes the files into a directory and checks it, with the base library when a playbook
    /// extends one of the base library's that the files do not declare themselves.
    static func check(_ example: Example, format: String) throws -> (Playbook.Result, TempDir) {
        let dir = try TempDir()
        for file in example.files { try dir.write("doc/\(file.name)", file.text) }
        let text = example.files.map(\.text).joined()
        let extended = Set(text.matches(of: /extends\s+"([^"]*)"/).map { String($0.1) })
        let fromLibrary = extended.subtracting(declared(in: text)).intersection(frameworkPlaybooks)
        let library = fromLibrary.isEmpty ? [] : [framework.path]
        return (try Playbook.run(["check", "--format", format] + library + ["doc"], in: dir.url), dir)
    }

    @Test(arguments: try playbookExamples())
    func playbookChecksClean(_ example: Example) throws {
        let (r, _) = try Self.check(example, format: "text")
        #expect(r.status == 0 && r.stdout.isEmpty && r.stderr.isEmpty, "\(example.files.map { "\($0.name): line \($0.line) of the page" })\n\(r.stdout)\(r.stderr)")
    }

    @Test(arguments: try diagnosticExamples())
    func diagnosticExampleYieldsItsCode(_ example: Example) throws {
        let (r, _) = try Self.check(example, format: "json")
        let found = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]], "\(r.stdout)\(r.stderr)")
        let codes = Set(found.compactMap { $0["code"] as? String })
        #expect(codes == Set(example.code.map { [$0] } ?? []), "\(found.map { "\($0["code"] ?? ""): \($0["message"] ?? "")" })")
        if let output = example.output {
            let (text, _) = try Self.check(example, format: "text")
            let printed = Set((text.stdout + text.stderr).split(separator: "\n").map(String.init))
            for line in output.split(separator: "\n").map(String.init) where !line.hasPrefix("…") {
                #expect(printed.contains(line.replacingOccurrences(of: "p.playbook:", with: "doc/p.playbook:")), "the page shows `\(line)`; check printed:\n\(text.stdout)\(text.stderr)")
            }
        }
    }

    // MARK: Test files and expressions

    static func blocks(_ info: String) throws -> [DocBlock] {
        try pages.flatMap { try DocBlock.read($0) }.filter { $0.info == info && $0.marker != .fragment }
    }

    @Test func thereAreExamplesOfEachKind() throws {
        #expect(try Self.playbookExamples().count >= 20)
        #expect(try Self.diagnosticExamples().count >= 60)
        #expect(try !Self.blocks("test").isEmpty)
        #expect(try !Self.blocks("expression").isEmpty)
    }

    @Test func testFilesPass() throws {
        for block in try Self.blocks("test") {
            let dir = try TempDir()
            for folder in ["Playbooks/framework", "Playbooks/examples"] {
                let source = DocBlock.root.appendingPathComponent(folder)
                for name in try FileManager.default.contentsOfDirectory(atPath: source.path) where name.hasSuffix(".playbook") {
                    try dir.write("\(folder)/\(name)", String(decoding: try Data(contentsOf: source.appendingPathComponent(name)), as: UTF8.self))
                }
            }
            let path = block.example?.file ?? "Playbooks/framework/doc.test"
            try dir.write(path, block.text)
            let r = try Playbook.run(["test", path], in: dir.url)
            #expect(r.status == 0, "\(block)\n\(r.stdout)\(r.stderr)")
        }
    }

    /// Each line becomes the condition of a rule (`(…) is present` fits any type).
    @Test func expressionsCheckClean() throws {
        for block in try Self.blocks("expression") {
            let lines = block.text.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            let rules = lines.enumerated().map { "  rule \"r\($0.offset)\" {\n    when (\($0.element)) is present\n    task { title \"t\" }\n  }\n" }
            let example = Example(name: "\(block)", files: [.init(name: "p.playbook", text: "playbook \"p\" {\n  title \"P\"\n\(rules.joined())}\n", line: block.line)])
            let (r, _) = try Self.check(example, format: "text")
            #expect(r.status == 0 && r.stdout.isEmpty && r.stderr.isEmpty, "\(block)\n\(r.stdout)\(r.stderr)")
        }
    }
}
