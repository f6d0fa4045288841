/// The front door: every file of one night's task lists, by file name.
///
/// For each CSM (task owner) `SLUG.md`, `SLUG.html`, `SLUG.csv`, `SLUG.json` and `SLUG.ics`,
/// holding only that CSM's tasks and accounts; for CS leaders `index.html`, `index.md` and
/// `index.json` (counts and CSM names only); and `owners.tsv` for mail loops. Pure: the caller
/// reads the repository and writes the files.
package enum TaskLists {
    package static let ownerExtensions = ["md", "html", "csv", "json", "ics"]
    package static let indexFiles = ["index.html", "index.md", "index.json", "owners.tsv"]

    package struct Output: Sendable {
        package var book: TaskBook
        /// File name → UTF-8 text. Names are plain (no directory), from `FileNames`.
        package var files: [String: String]
    }

    package static func render(_ input: TaskListInput) -> Output {
        let book = TaskBook(input)
        var files: [String: String] = [
            "index.html": book.indexHTML(), "index.md": book.indexMarkdown(), "index.json": book.indexJSON(),
            "owners.tsv": book.ownersTSV(),
        ]
        for list in book.lists {
            files[list.slug + ".md"] = list.markdown()
            files[list.slug + ".html"] = list.html()
            files[list.slug + ".csv"] = list.csv()
            files[list.slug + ".json"] = list.json()
            files[list.slug + ".ics"] = list.icalendar()
        }
        return Output(book: book, files: files)
    }
}
