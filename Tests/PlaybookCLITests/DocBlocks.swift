import Foundation
import Testing

/// A fenced code block of a Markdown page, as the tests that run the documentation's examples
/// read it: its fence's info string, the HTML comment on the line right above the fence (the
/// block's marker), and the heading it sits under.
///
/// Markers: `<!-- example GROUP: FILE -->` writes the block as FILE next to the other blocks of
/// GROUP on the same page; `<!-- fragment -->` says the block is deliberately not a whole file
/// and is not checked.
struct DocBlock: CustomStringConvertible {
    enum Marker: Equatable {
        case example(group: String, file: String)
        case fragment
    }

    var page: String
    /// The line of the opening fence, from 1.
    var line: Int
    var info: String
    var marker: Marker?
    /// The text of the nearest heading above the block, without its `#`s.
    var heading: String
    var text: String

    var description: String { "\(page):\(line)" }

    var example: (group: String, file: String)? {
        if case .example(let group, let file)? = marker { (group, file) } else { nil }
    }

    /// The repository's root, where `README.md` and `docs/` are.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func read(_ page: String) throws -> [DocBlock] {
        let markdown = String(decoding: try Data(contentsOf: root.appendingPathComponent(page)), as: UTF8.self)
        var blocks: [DocBlock] = []
        var open: DocBlock?
        var previous = ""
        var heading = ""
        for (index, line) in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).enumerated() {
            if line.hasPrefix("```") {
                if let block = open {
                    blocks.append(block)
                    open = nil
                } else {
                    open = DocBlock(page: page, line: index + 1, info: line.dropFirst(3).trimmingCharacters(in: .whitespaces),
                                    marker: try marker(previous, at: "\(page):\(index)"), heading: heading, text: "")
                }
            } else if open != nil {
                open!.text += line + "\n"
            } else if line.hasPrefix("#") {
                heading = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
            }
            previous = line
        }
        try #require(open == nil, "\(page): a code block is never closed")
        return blocks
    }

    private static func marker(_ line: String, at place: String) throws -> Marker? {
        guard line.hasPrefix("<!--"), line.hasSuffix("-->") else { return nil }
        let body = line.dropFirst(4).dropLast(3).trimmingCharacters(in: .whitespaces)
        if body == "fragment" { return .fragment }
        guard body.hasPrefix("example ") else { return nil }
        let parts = body.dropFirst("example ".count).split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        try #require(parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty, "\(place): write `<!-- example GROUP: FILE -->`")
        return .example(group: parts[0], file: parts[1])
    }
}
