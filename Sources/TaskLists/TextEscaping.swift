/// Text from the repository is data, never markup: account names, titles, explanations and
/// steps are typed by people and imported from other systems, so each output format escapes
/// everything it takes from them. The formats with more rules (CSV, iCalendar) have their own
/// files.
package enum HTMLText {
    /// Escapes `& < > " '`, so the result is safe both as element text and inside a quoted
    /// attribute. CR and CRLF become LF; other control characters (but tab), which HTML forbids,
    /// become U+FFFD.
    package static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var afterCR = false
        for u in s.unicodeScalars {
            defer { afterCR = u == "\r" }
            switch u {
            // A line break from Windows or old Mac text is a line break, not a stray character.
            case "\r": out += "\n"
            case "\n": if !afterCR { out += "\n" }
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t": out.unicodeScalars.append(u)
            case _ where isControl(u): out += "\u{FFFD}"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    static func isControl(_ u: Unicode.Scalar) -> Bool { u.value < 0x20 || (0x7F...0x9F).contains(u.value) }
}

package enum MarkdownText {
    /// Inline Markdown text that renders as exactly the characters given: every character that
    /// could start emphasis, code, a link, an HTML tag, an entity or a table cell is
    /// backslash-escaped, and line breaks become spaces (a new line could start a heading or a
    /// list). Also plain enough to read as e-mail text.
    package static func escape(_ s: String) -> String {
        var out = ""
        for u in collapseWhitespace(s).unicodeScalars {
            switch u {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "&", "~", "#":
                out += "\\"
                out.unicodeScalars.append(u)
            case _ where HTMLText.isControl(u): out += "\u{FFFD}"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }
}

extension MarkdownText {
    /// An inline code span holding exactly the text: nothing inside a code span is markup, so
    /// the explanation (an expression, full of `_`, `<` and quotes) reads unescaped. The fence
    /// is one backtick longer than the longest run in the text, and padded with spaces, which
    /// CommonMark strips, so text that starts or ends with a backtick still works.
    package static func code(_ s: String) -> String {
        let text = PlainText.line(s)
        var longest = 0, run = 0
        for u in text.unicodeScalars {
            run = u == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        return fence + " " + text + " " + fence
    }
}

/// Data printed on a terminal or into a log (`playbook tasks`, `explain`, the lines of `plan`):
/// one line whatever it holds, so no value can forge a line of the log, and no control
/// character, so none can drive the terminal (ESC sequences, BEL, CR).
package enum PlainText {
    /// Whitespace runs, line breaks included, become one space (trimmed); other control
    /// characters become U+FFFD, as in the HTML and Markdown lists.
    package static func line(_ s: String) -> String {
        String(String.UnicodeScalarView(collapseWhitespace(s).unicodeScalars.map { HTMLText.isControl($0) ? "\u{FFFD}" : $0 }))
    }
}

/// Runs of whitespace (including line breaks and indentation) become one space, trimmed: an
/// explanation quoting a multi-line list reads as one line.
package func collapseWhitespace(_ s: String) -> String {
    var out = ""
    var space = false
    for u in s.unicodeScalars {
        if u == " " || u == "\t" || u == "\n" || u == "\r" || u == "\u{0B}" || u == "\u{0C}" {
            space = !out.isEmpty
        } else {
            if space { out += " " }
            space = false
            out.unicodeScalars.append(u)
        }
    }
    return out
}
