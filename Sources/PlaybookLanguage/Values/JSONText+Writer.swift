/// The one JSON writer behind every `--format json`: values built in order (object keys stay in
/// insertion order, so output is stable without sorting), strings quoted by `JSONText`, and line
/// breaks only where a caller asks for them, so each format keeps its compact, diff-friendly shape.
extension JSONText {
    public struct Value: Sendable {
        /// Where an array breaks lines.
        public enum Layout: Sendable {
            /// `[a,b]`
            case inline
            /// `[a,\nb]`: one item per line, the brackets on the first and last.
            case lines
            /// `[\na,\nb\n]`: the brackets on lines of their own as well (`[\n\n]` when empty).
            case block
        }

        /// How separators are spelled: `compact` (`{"a":1,"b":2}`) or `spaced` (`{"a": 1, "b": 2}`,
        /// with the items after a line break indented two spaces).
        public enum Style: Sendable { case compact, spaced }

        fileprivate indirect enum Node: Sendable {
            case scalar(String)
            case container(Container)
        }

        /// An array or object: its elements and where lines break around them.
        fileprivate struct Container: Sendable {
            var isObject: Bool
            var elements: [Element] = []
            /// After the opening bracket.
            var opening = false
            /// `between[i]`: before element i (the first entry is unused).
            var between: [Bool] = []
            /// Before the closing bracket.
            var closing = false
        }

        fileprivate struct Element: Sendable {
            var key: String?
            var value: Value
        }

        fileprivate let node: Node

        fileprivate init(node: Node) { self.node = node }

        public static let null = Value(node: .scalar("null"))
        public static func string(_ s: String) -> Value { Value(node: .scalar(JSONText.quote(s))) }
        public static func int<I: BinaryInteger>(_ n: I) -> Value { Value(node: .scalar(String(n))) }
        public static func bool(_ b: Bool) -> Value { Value(node: .scalar(b ? "true" : "false")) }

        /// A number in the caller's spelling (one decimal, a storage form, …); JSON has no NaN or
        /// infinity, so those are null.
        public static func number(_ d: Double, spelled: (Double) -> String) -> Value {
            d.isFinite ? Value(node: .scalar(spelled(d))) : .null
        }

        /// A string, or null when there is none.
        public init(_ s: String?) { self = s.map(Value.string) ?? .null }
        /// A whole number, or null when there is none.
        public init<I: BinaryInteger>(_ n: I?) { self = n.map(Value.int) ?? .null }

        public static func array(_ items: [Value], layout: Layout = .inline) -> Value {
            let ends = layout == .block
            return Value(node: .container(Container(
                isObject: false, elements: items.map { Element(value: $0) }, opening: ends,
                between: items.indices.map { $0 > 0 && layout != .inline }, closing: ends)))
        }

        /// `["a","b"]`.
        public static func strings(_ items: [String]) -> Value { .array(items.map(Value.string)) }

        /// The text, without a final line break.
        public func text(_ style: Style = .compact) -> String {
            var out = ""
            write(to: &out, style: style)
            return out
        }

        private func write(to out: inout String, style: Style) {
            switch node {
            case .scalar(let s):
                out += s
            case .container(let c):
                let spaced = style == .spaced
                let lineBreak = spaced ? "\n  " : "\n"
                out += c.isObject ? "{" : "["
                if c.opening { out += lineBreak }
                for (i, e) in c.elements.enumerated() {
                    if i > 0 { out += c.between[i] ? "," + lineBreak : (spaced ? ", " : ",") }
                    if let key = e.key { out += JSONText.quote(key) + (spaced ? ": " : ":") }
                    e.value.write(to: &out, style: style)
                }
                if c.closing { out += "\n" }
                out += c.isObject ? "}" : "]"
            }
        }
    }

    /// An object under construction; keys stay in the order they are added.
    public struct Object: Sendable {
        fileprivate var container = Value.Container(isObject: true)

        public init() {}

        public mutating func add(_ key: String, _ value: Value) {
            // A break asked for after the last member belongs before this one.
            container.between.append(container.closing)
            container.closing = false
            container.elements.append(Value.Element(key: key, value: value))
        }

        public mutating func add(_ key: String, _ s: String?) { add(key, Value(s)) }
        public mutating func add<I: BinaryInteger>(_ key: String, _ n: I?) { add(key, Value(n)) }
        public mutating func add(_ key: String, _ b: Bool) { add(key, Value.bool(b)) }
        public mutating func add(_ key: String, _ o: Object) { add(key, o.value) }

        /// The next member, or the closing brace when none follows, starts a new line.
        public mutating func lineBreak() {
            if container.elements.isEmpty { container.opening = true } else { container.closing = true }
        }

        public var value: Value { Value(node: .container(container)) }

        public func text(_ style: Value.Style = .compact) -> String { value.text(style) }
    }
}
