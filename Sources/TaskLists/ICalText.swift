import PlaybookLanguage

/// iCalendar content lines as RFC 5545 requires them: TEXT values escaped (section 3.3.11), every
/// line ended with CRLF, and lines longer than 75 octets folded (section 3.1) by inserting CRLF
/// and a space, never inside a UTF-8 sequence.
package struct ICalWriter {
    package private(set) var output = ""
    /// Octets per line, not counting the CRLF.
    package static let lineLimit = 75

    package init() {}

    /// A property whose value is already in its iCalendar form (dates, numbers, keywords).
    package mutating func raw(_ name: String, _ value: String) {
        output += Self.fold(name + ":" + value) + "\r\n"
    }

    /// A TEXT property: the value is escaped.
    package mutating func text(_ name: String, _ value: String) {
        raw(name, Self.escape(value))
    }

    /// Backslash, semicolon and comma are escaped with a backslash, a line break becomes `\n`.
    /// Control characters, which TEXT may not contain (apart from tab), become U+FFFD.
    package static func escape(_ s: String) -> String {
        var out = ""
        var afterCR = false
        for u in s.unicodeScalars {
            defer { afterCR = u == "\r" }
            switch u {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r": out += "\\n"
            // CRLF is one line break, already written at the CR.
            case "\n": if !afterCR { out += "\\n" }
            case "\t": out += "\t"
            case _ where HTMLText.isControl(u): out += "\u{FFFD}"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// Splits a logical line into physical lines of at most 75 octets, each continuation
    /// starting with one space (which counts towards its 75). Splits fall between Unicode
    /// scalars, so a multi-byte UTF-8 sequence is never cut in two.
    /// An escape (`\\,`) is kept on one line too: RFC 5545 allows splitting it, but some readers
    /// unescape before they unfold.
    package static func fold(_ line: String) -> String {
        var out = ""
        var octets = 0
        var scalars = line.unicodeScalars.makeIterator()
        while let u = scalars.next() {
            var unit = String.UnicodeScalarView([u])
            if u == "\\", let next = scalars.next() { unit.append(next) }
            let n = unit.reduce(0) { $0 + UTF8.width($1) }
            if octets + n > lineLimit {
                out += "\r\n "
                octets = 1
            }
            out.unicodeScalars.append(contentsOf: unit)
            octets += n
        }
        return out
    }

    /// `DATE` form: `20261123`.
    package static func date(_ d: CivilDate) -> String {
        String(d.description.filter { $0 != "-" })
    }
}
