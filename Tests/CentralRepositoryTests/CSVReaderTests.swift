import Testing
import Import

@Suite struct CSVReaderTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let input: [UInt8]
        let rows: [[String]]
        /// `line:column: part of the reason`, in the order found.
        let errors: [String]
        var testDescription: String { name }

        init(_ name: String, _ text: String, _ rows: [[String]], errors: [String] = []) {
            self.init(name, Array(text.utf8), rows, errors: errors)
        }

        init(_ name: String, _ bytes: [UInt8], _ rows: [[String]], errors: [String] = []) {
            self.name = name
            input = bytes
            self.rows = rows
            self.errors = errors
        }
    }

    static let cases: [Case] = [
        Case("plain", "a,b\n1,2\n", [["a", "b"], ["1", "2"]]),
        Case("no newline at the end", "a,b\n1,2", [["a", "b"], ["1", "2"]]),
        Case("CRLF", "a,b\r\n1,2\r\n", [["a", "b"], ["1", "2"]]),
        Case("lone CR (old Mac)", "a,b\r1,2\r", [["a", "b"], ["1", "2"]]),
        Case("byte-order mark", [0xEF, 0xBB, 0xBF] + Array("id,name\nx,y\n".utf8), [["id", "name"], ["x", "y"]]),
        Case("quoted comma", "a,\"x, y\",c\n", [["a", "x, y", "c"]]),
        Case("doubled quotes", "\"say \"\"hi\"\"\",z\n", [["say \"hi\"", "z"]]),
        Case("only a doubled quote", "\"\"\"\"\n", [["\""]]),
        Case("newline inside quotes", "\"line 1\nline 2\",b\n", [["line 1\nline 2", "b"]]),
        Case("CRLF inside quotes is kept", "\"1\r\n2\",b\r\n", [["1\r\n2", "b"]]),
        Case("empty fields", "a,,c\n,,\n", [["a", "", "c"], ["", "", ""]]),
        Case("quoted empty field", "\"\",x\n", [["", "x"]]),
        Case("empty lines are skipped", "a\n\n\r\n\nb\n\n", [["a"], ["b"]]),
        Case("trailing comma at the end of the file", "a,b,", [["a", "b", ""]]),
        Case("trailing comma before a newline", "a,b,\nc,d,\n", [["a", "b", ""], ["c", "d", ""]]),
        Case("spaces are kept by the reader", " a , b \n", [[" a ", " b "]]),
        Case("non-ASCII text", "é,日本,😀\n", [["é", "日本", "😀"]]),
        Case("empty file", "", []),
        Case("only newlines", "\n\r\n\n", []),
        Case("unterminated quote at the end of the file", "a,b\n1,\"abc\n2,3\n", [["a", "b"], ["1", "abc\n2,3\n"]],
             errors: ["2:3: this quoted field is never closed"]),
        Case("quote inside an unquoted field", "a,b\"c\nd,e\n", [["a", "b\"c"], ["d", "e"]],
             errors: ["1:4: quote inside an unquoted field"]),
        Case("text after a closing quote", "\"ab\"c,d\n", [["ab", "d"]], errors: ["1:5: text after a closing quote"]),
        Case("columns count characters, not bytes", "é,\"x\"y\n", [["é", "x"]], errors: ["1:6: text after a closing quote"]),
        Case("lines count breaks inside quotes", "\"a\nb\",c\"d\n", [["a\nb", "c\"d"]], errors: ["2:5: quote inside an unquoted field"]),
        Case("invalid UTF-8", [0x61, 0x2C, 0x62, 0xFF, 0x0A, 0x63, 0x0A], [["a", "b\u{FFFD}"], ["c"]], errors: ["1:4: invalid UTF-8"]),
        Case("truncated UTF-8 sequence", [0x61, 0xC3], [["a\u{FFFD}"]], errors: ["1:2: invalid UTF-8"]),
        Case("overlong UTF-8 is invalid", [0xC0, 0xAF], [["\u{FFFD}\u{FFFD}"]], errors: ["1:1: invalid UTF-8"]),
        Case("one invalid UTF-8 report per row", [0xFF, 0xFF, 0x0A, 0xFF], [["\u{FFFD}\u{FFFD}"], ["\u{FFFD}"]],
             errors: ["1:1: invalid UTF-8", "2:1: invalid UTF-8"]),
    ]

    @Test(arguments: cases)
    func reads(_ c: Case) {
        let (rows, errors) = CSVReader.readAll(c.input)
        #expect(rows == c.rows)
        #expect(errors.count == c.errors.count, "\(errors)")
        for (e, expected) in zip(errors, c.errors) {
            #expect(e.description.hasPrefix(expected), "\(e) should start with \(expected)")
        }
    }

    @Test func fieldsCarryTheirPosition() {
        let bytes = Array("ab,\"c\"\n x,\"y\nz\",é,w".utf8)
        var reader = CSVReader(bytes: bytes)
        var record = RawRecord()
        var positions: [[String]] = []
        while reader.next(into: &record) {
            positions.append(record.fields.map { "\($0.line):\($0.column)" })
        }
        #expect(positions == [["1:1", "1:4"], ["2:1", "2:4", "3:4", "3:6"]])
    }

    @Test func rowsWithErrorsAreMarked() {
        let bytes = Array("a,b\nc\"d,e\nf,g\n".utf8)
        var reader = CSVReader(bytes: bytes)
        var record = RawRecord()
        var marks: [Bool] = []
        while reader.next(into: &record) { marks.append(record.hasError) }
        #expect(marks == [false, true, false])
    }
}
