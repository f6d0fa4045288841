import Foundation
import Testing
import PlaybookLanguage
import TaskLists

/// A CSM's files hold their own tasks' accounts and nothing about anyone else's customers; the
/// leaders' index holds counts and CSM names only.
@Suite struct AccessTests {
    static let output = TaskLists.render(SampleInput.input)

    /// Every way a piece of text can appear in some output format.
    static func spellings(_ s: String) -> [String] {
        let json = JSONTextInner.of(s)
        return [s, HTMLText.escape(s), json, MarkdownText.escape(s), ICalWriter.escape(s), CSVText.field(s)]
            .filter { $0.count >= 4 }
    }

    static func ownerFiles(_ slug: String) -> [(String, String)] {
        TaskLists.ownerExtensions.map { ext in ("\(slug).\(ext)", output.files["\(slug).\(ext)"]!) }
    }

    @Test(arguments: output.book.lists.map(\.owner))
    func ownFilesHoldNoOtherCustomers(_ owner: String) throws {
        let mine = SampleInput.tasks.filter { $0.owner == owner }
        let myAccounts = Set(mine.map(\.account.id))
        let foreign = SampleInput.tasks.filter { $0.owner != owner && !myAccounts.contains($0.account.id) }
        try #require(!foreign.isEmpty)
        let slug = try #require(Self.output.book.lists.first { $0.owner == owner }).slug
        for (name, text) in Self.ownerFiles(slug) {
            for t in foreign {
                let secrets = [t.account.id, t.title, t.explanation] + (t.account.name.map { [$0] } ?? []) + [t.owner]
                for secret in secrets {
                    for spelling in Self.spellings(secret) {
                        #expect(!text.contains(spelling), "\(name) mentions `\(secret)` of \(t.owner)")
                    }
                }
            }
        }
        // The checks above are not vacuous: the owner's own accounts are there.
        for t in mine where t.status.isActive {
            #expect(Self.output.files[slug + ".html"]!.contains(HTMLText.escape(t.account.displayName)))
            #expect(Self.output.files[slug + ".json"]!.contains(JSONTextInner.of(t.account.id)))
        }
    }

    @Test(arguments: TaskLists.indexFiles)
    func indexHoldsCountsAndNamesOnly(_ name: String) throws {
        let text = try #require(Self.output.files[name])
        for t in SampleInput.tasks {
            let secrets = [t.account.id, t.title, t.explanation, t.rule] + (t.account.name.map { [$0] } ?? []) + t.steps
            for secret in secrets {
                for spelling in Self.spellings(secret) where spelling.count >= 4 {
                    #expect(!text.contains(spelling), "\(name) mentions `\(secret)`")
                }
            }
        }
        #expect(text.contains("Ana Ruiz") && text.contains("Ben Okafor"))
    }
}

/// JSON string contents without the surrounding quotes.
enum JSONTextInner {
    static func of(_ s: String) -> String {
        let q = JSONText.quote(s)
        return String(q.dropFirst().dropLast())
    }
}
