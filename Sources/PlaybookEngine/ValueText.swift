import PlaybookLanguage

extension Value {
    /// How a value reads inside task titles, descriptions and explanations.
    public var display: String {
        switch self {
        case .missing: "(none)"
        case .number(let n): Value.format(n)
        case .text(let s): s
        case .bool(let b): b ? "yes" : "no"
        case .date(let d): d.description
        case .duration(let d): d == 1 ? "1 day" : "\(Value.format(d)) days"
        case .list(let items): items.map(\.display).joined(separator: ", ")
        case .record(let r): r.key
        }
    }

    /// Whole numbers without a decimal point; others with up to two decimals.
    static func format(_ n: Double) -> String {
        if n.isNaN || n.isInfinite { return "(none)" }
        if n == n.rounded(), abs(n) < 1e15 { return String(Int64(n)) }
        let scaled = (n * 100).rounded() / 100
        var s = String(scaled)
        if s.contains("e") { return s }
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    /// Values in explanations: text quoted so that empty or spaced text is visible.
    public var explained: String {
        switch self {
        case .missing: "missing"
        case .text(let s): "\"\(s)\""
        case .list(let items): "[" + items.map(\.explained).joined(separator: ", ") + "]"
        default: display
        }
    }
}
