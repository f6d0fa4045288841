import Testing
import PlaybookEngine
import PlaybookLanguage
import TaskLists

/// Order, grouping and markers: what a CSM reads first.
@Suite struct OrderingTests {
    let book = TaskBook(SampleInput.input)

    func list(_ owner: String) throws -> OwnerTaskList { try #require(book.lists.first { $0.owner == owner }) }

    @Test func ownersSortedWithSafeSlugs() {
        #expect(book.lists.map(\.owner) == ["../../etc/passwd", "Ana Ruiz", "Ben Okafor"])
        #expect(book.lists.map(\.slug) == ["etc-passwd", "ana-ruiz", "ben-okafor"])
    }

    @Test func overdueFirstThenDueDateThenPriority() throws {
        let ben = try list("Ben Okafor")
        // Ostrava holds the overdue tasks, so it comes first; within it urgent before high.
        #expect(ben.open.map(\.account.id) == ["ostrava-steel", "formula-co"])
        #expect(ben.open[0].tasks.map(\.task.id) == [8, 9])
        #expect(ben.open[1].tasks.map(\.task.id) == [6, 7])
        let ana = try list("Ana Ruiz")
        #expect(ana.open.map(\.account.id) == ["halvorsen-maritime", "xss-corp"])
        // Overdue, due today, undated last.
        #expect(ana.open[0].tasks.map(\.task.id) == [1, 2, 3])
    }

    @Test func markers() throws {
        let ana = try list("Ana Ruiz")
        let byId = Dictionary(uniqueKeysWithValues: ana.allTasks.map { ($0.1.task.id, $0.1) })
        #expect(byId[1]!.isOverdue && byId[1]!.daysOverdue == 5 && !byId[1]!.isNew)
        // Due today is not overdue; created by the latest run is new.
        #expect(!byId[2]!.isOverdue && byId[2]!.isNew)
        #expect(!byId[3]!.isOverdue)
        // Snoozed past its due date: listed apart, never counted overdue.
        #expect(!byId[5]!.isOverdue && byId[5]!.task.status == .snoozed)
        #expect(byId[12] == nil, "closed tasks are not listed")
        var expected = ListCounts()
        expected.open = 4; expected.overdue = 2; expected.new = 2; expected.snoozed = 1
        #expect(ana.counts == expected)
        #expect(ana.snoozed.map(\.account.id) == ["xss-corp"])
    }

    @Test func noRunMeansNothingIsNew() {
        let book = TaskBook(TaskListInput(asOf: SampleInput.asOf, latestRun: nil, tasks: SampleInput.tasks))
        #expect(book.total.new == 0)
        #expect(book.total.open == 10)
    }

    @Test func leaderCounts() {
        #expect(book.total.open == 10 && book.total.overdue == 4 && book.total.new == 4 && book.total.snoozed == 1)
        #expect(book.byPhase.map(\.label) == ["1 Preparation", "2 Commitment", "3 Onboarding", "6 Value realization",
                                              "7 Engagement evaluation", "no phase"])
        #expect(book.byPriority.map(\.label) == ["urgent", "high", "normal", "low"])
        #expect(book.byPriority.map(\.counts.open) == [2, 3, 3, 2])
    }

    @Test func emptyBookStillWritesTheIndex() {
        let out = TaskLists.render(TaskListInput(asOf: SampleInput.asOf, latestRun: nil, tasks: []))
        #expect(out.files.keys.sorted() == ["index.html", "index.json", "index.md", "owners.tsv"])
        #expect(out.files["owners.tsv"] == "")
    }
}
