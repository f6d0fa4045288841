import CentralRepository
import PlaybookEngine
import PlaybookLanguage

/// Checks one `expect` line against the case's tasks, and words a failure as a diff: the line as
/// written (`-`) against the task the repository holds (`+`), in the same terms.
enum Expectations {
    static func check(_ e: Expectation, tasks: [StoredTask], run: RunRecord) -> [Failure] {
        let mine = tasks.filter { e.selector.matches($0.key) }
        func failure(_ actual: String, explanation: String? = nil) -> Failure {
            Failure(range: e.range, date: run.date, expected: expected(e), actual: actual, explanation: explanation)
        }
        switch e.kind {
        case .task:
            let candidates = mine.filter { $0.status == e.status }
            if candidates.contains(where: { matches(e, $0) }) { return [] }
            // Diff against the newest task of the right status, else explain the absence.
            if let t = candidates.last { return [failure(describe(t, like: e))] }
            return [failure(absence(e.selector, mine, run, wanted: e.status))]
        case .noTask:
            return mine.filter(\.status.isActive).map { failure(describe($0), explanation: $0.explanation) }
        case .resolved:
            if mine.contains(where: { $0.status == .resolved && $0.resolvedOn == run.date }) { return [] }
            return [failure(absence(e.selector, mine, run, wanted: .resolved))]
        }
    }

    static func matches(_ e: Expectation, _ t: StoredTask) -> Bool {
        e.attributes.allSatisfy { a in
            switch a.value {
            case .title(let s): t.title == s
            case .owner(let s): t.owner == s
            case .due(let d): t.due == d
            case .priority(let p): t.priority == p
            case .status(let s): t.status == s
            }
        }
    }

    static func expected(_ e: Expectation) -> String {
        switch e.kind {
        case .task: (["task", e.selector.text] + e.attributes.map(\.text)).joined(separator: " ")
        case .noTask: "no task \(e.selector.text)"
        case .resolved: "resolved \(e.selector.text)"
        }
    }

    static func key(_ t: StoredTask) -> String {
        [t.key.rule, t.key.account, t.key.item.isEmpty ? nil : TaskSelector.quoteIfNeeded(t.key.item)].compactMap { $0 }.joined(separator: " ")
    }

    /// The task in the terms of the expectation: the same attributes, in the same order, then
    /// its number and title so the diff says which task it is.
    static func describe(_ t: StoredTask, like e: Expectation) -> String {
        var parts = ["task", key(t)]
        for a in e.attributes {
            let actual: TestAttribute.Value? = switch a.value {
            case .title: .title(t.title)
            case .owner: .owner(t.owner)
            case .due: t.due.map { .due($0) }
            case .priority: .priority(t.priority)
            case .status: .status(t.status)
            }
            parts.append(actual.map { TestAttribute(value: $0, range: a.range).text } ?? "\(a.name.rawValue) none")
        }
        let hasTitle = e.attributes.contains { $0.name == .title }
        return parts.joined(separator: " ") + "  (#\(t.id)\(hasTitle ? "" : " " + TaskSelector.quote(t.title)))"
    }

    /// Everything a CSM would see of the task.
    static func describe(_ t: StoredTask) -> String {
        var s = "task \(key(t)) #\(t.id) \(TaskSelector.quote(t.title)) owner \(TaskSelector.quote(t.owner))"
        if let d = t.due { s += " due \(d)" }
        s += " priority \(t.priority.rawValue)"
        if t.status == .snoozed, let u = t.snoozedUntil { s += " (snoozed until \(u))" }
        return s
    }

    /// Why there is no task as wanted: held back by the run, in another state, or never created.
    static func absence(_ s: TaskSelector, _ mine: [StoredTask], _ run: RunRecord, wanted: TaskStatus) -> String {
        if wanted == .open, let reason = run.held.first(where: { s.matches($0.key) })?.value {
            return "no open task: held back, \(reason)"
        }
        guard let t = mine.last else { return wanted == .resolved ? "no task was resolved: there is none" : "no task" }
        let state: String = switch t.status {
        case .open: "is open"
        case .snoozed: "is snoozed until \(t.snoozedUntil?.description ?? "?")"
        case .done: "was marked done on \(t.closedOn?.description ?? "?")"
        case .dismissed: "was dismissed on \(t.closedOn?.description ?? "?")"
        case .resolved: "was resolved on \(t.resolvedOn?.description ?? "?")\(t.resolvedReason.map { ": \($0)" } ?? "")"
        }
        let what = wanted == .resolved ? "no task was resolved on \(run.date)" : "no \(wanted.rawValue) task"
        return "\(what); the latest, task \(key(t)) #\(t.id), \(state)"
    }
}
