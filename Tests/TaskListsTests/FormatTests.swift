import Foundation
import Testing
import TaskLists

/// Each format read back by a parser: what goes in comes out as the same text, never as markup,
/// formula or structure.
@Suite struct FormatTests {
    static let output = TaskLists.render(SampleInput.input)
    static func files(_ ext: String) -> [String] { output.files.keys.filter { $0.hasSuffix("." + ext) }.sorted() }

    @Test(arguments: files("json"))
    func jsonIsValid(_ name: String) throws {
        let object = try JSONSerialization.jsonObject(with: Data(Self.output.files[name]!.utf8))
        #expect(object is [String: Any])
    }

    @Test func jsonRoundTripsHostileText() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(Self.output.files["ana-ruiz.json"]!.utf8)) as? [String: Any])
        let accounts = try #require(object["accounts"] as? [[String: Any]])
        let xss = try #require(accounts.first { $0["id"] as? String == "xss-corp" })
        #expect(xss["name"] as? String == "<script>alert(1)</script>")
        let task = try #require((xss["tasks"] as? [[String: Any]])?.first)
        #expect(task["title"] as? String == SampleInput.tasks[3].title)
        #expect(task["description"] as? String == SampleInput.tasks[3].description)
        #expect(task["steps"] as? [String] == SampleInput.tasks[3].steps)
        #expect(task["overdue"] as? Bool == true && task["new"] as? Bool == true)
    }

    @Test(arguments: files("csv"))
    func csvParsesAsRFC4180(_ name: String) throws {
        let text = Self.output.files[name]!
        #expect(text.hasSuffix("\r\n"))
        let rows = try CSVParser.parse(text)
        let width = rows[0].count
        #expect(rows.allSatisfy { $0.count == width }, "every record has \(width) fields")
        for row in rows.dropFirst() {
            for cell in row {
                if let first = cell.unicodeScalars.first {
                    #expect(!["=", "+", "-", "@", "\t", "\r"].contains(first), "formula-like cell `\(cell)` in \(name)")
                }
            }
        }
    }

    @Test func csvKeepsHostileTextAsText() throws {
        let rows = try CSVParser.parse(Self.output.files["ana-ruiz.csv"]!)
        let header = rows[0]
        let row = try #require(rows.first { $0[0] == "4" })
        func cell(_ column: String) -> String { row[header.firstIndex(of: column)!] }
        #expect(cell("account") == "<script>alert(1)</script>")
        #expect(cell("title") == SampleInput.tasks[3].title)
        #expect(cell("steps").hasPrefix("1. =1+1\n2. @SUM(A1:A9)\n3. -2+3"))
        let ben = try CSVParser.parse(Self.output.files["ben-okafor.csv"]!)
        #expect(ben.contains { $0[header.firstIndex(of: "account")!] == "'=HYPERLINK(\"http://evil.example\",\"click\")" })
    }

    @Test(arguments: files("html"))
    func htmlHasNoMarkupFromData(_ name: String) {
        let html = Self.output.files[name]!
        // Hostile text is present (escaped), so look for what would make it live, or fetch anything.
        for forbidden in ["<script", "<img", "<b>bold", "<link", "<iframe", "<object", "src=\"", "href=\"http", "url(", "@import"] {
            #expect(!html.lowercased().contains(forbidden), "\(name) contains `\(forbidden)`")
        }
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<meta name=\"viewport\""))
        #expect(html.contains("Content-Security-Policy"))
        // Tags the renderer writes are balanced.
        for tag in ["section", "article", "ul", "li", "p", "table", "details", "header", "main"] {
            #expect(html.components(separatedBy: "<\(tag)>").count + html.components(separatedBy: "<\(tag) ").count - 2
                    == html.components(separatedBy: "</\(tag)>").count - 1, "<\(tag)> balanced in \(name)")
        }
    }

    @Test func htmlShowsHostileNamesAsText() {
        let html = Self.output.files["ana-ruiz.html"]!
        #expect(html.contains("<h2>&lt;script&gt;alert(1)&lt;/script&gt;</h2>"))
        #expect(html.contains("&lt;img src=x onerror=alert(2)&gt;"))
        #expect(html.contains("Fix &quot;quotes&quot; &amp; &lt;b&gt;bold&lt;/b&gt; &#39;apostrophes&#39; &lt;/article&gt;"))
        // A light that is not red, amber or green never becomes a class name.
        let ben = Self.output.files["ben-okafor.html"]!
        #expect(ben.contains("class=\"light none\""))
        #expect(ben.contains("green&quot;&gt;&lt;b&gt;x&lt;/b&gt;"))
    }

    @Test(arguments: files("md"))
    func markdownHasNoRawMarkup(_ name: String) {
        let md = Self.output.files[name]!
        // Outside code spans a `<` from the data is always backslash-escaped.
        for tag in ["<script", "<img", "<b>", "</script"] {
            var rest = md[...]
            while let r = rest.range(of: tag) {
                #expect(r.lowerBound > md.startIndex && md[md.index(before: r.lowerBound)] == "\\", "raw `\(tag)` in \(name)")
                rest = rest[r.upperBound...]
            }
        }
    }
}

/// RFC 4180 read strictly: CRLF between records, quotes only around whole fields.
enum CSVParser {
    struct Malformed: Error, CustomStringConvertible { var description: String }

    static func parse(_ text: String) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var s = Array(text.unicodeScalars)[...]
        while !s.isEmpty {
            if s.first == "\"" {
                s.removeFirst()
                while true {
                    guard let c = s.popFirst() else { throw Malformed(description: "unterminated quoted field") }
                    if c == "\"" {
                        if s.first == "\"" { s.removeFirst(); field.unicodeScalars.append("\"") } else { break }
                    } else {
                        field.unicodeScalars.append(c)
                    }
                }
            } else {
                while let c = s.first, c != ",", c != "\r", c != "\n" {
                    if c == "\"" { throw Malformed(description: "quote inside an unquoted field `\(field)`") }
                    field.unicodeScalars.append(c)
                    s.removeFirst()
                }
            }
            switch s.popFirst() {
            case ",": row.append(field); field = ""
            case "\r":
                guard s.popFirst() == "\n" else { throw Malformed(description: "CR without LF") }
                row.append(field); field = ""
                rows.append(row); row = []
            case nil: throw Malformed(description: "last record without CRLF")
            default: throw Malformed(description: "bare LF or text after a closing quote")
            }
        }
        return rows
    }
}
