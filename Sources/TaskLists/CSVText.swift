/// CSV as RFC 4180 describes it (comma-separated, CRLF after every record, a field quoted when it
/// holds a comma, quote, CR or LF, quotes doubled), with one addition for spreadsheets: a field
/// that starts with `=`, `+`, `-`, `@`, tab or carriage return is prefixed with `'`, so Excel,
/// LibreOffice or Google Sheets show it as text instead of running it as a formula (an account
/// named `=HYPERLINK("http://evil","click")` must not become a link).
package enum CSVText {
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    package static func field(_ s: String) -> String {
        var s = s
        if let first = s.unicodeScalars.first, formulaStarts.contains(first) { s = "'" + s }
        guard s.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }) else { return s }
        return "\"" + s.replacingAll("\"", with: "\"\"") + "\""
    }

    package static func record(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\r\n" }
}

extension String {
    /// By Unicode scalar, not Character: a quote followed by a combining mark is one Character
    /// that is not `"`, yet its quote still ends a CSV field if left alone.
    func replacingAll(_ target: Unicode.Scalar, with replacement: String) -> String {
        var out = ""
        for u in unicodeScalars { if u == target { out += replacement } else { out.unicodeScalars.append(u) } }
        return out
    }
}
