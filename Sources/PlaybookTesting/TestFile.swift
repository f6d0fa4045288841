import PlaybookEngine
import PlaybookLanguage

/// A parsed test file (docs/testing.md): which playbooks it tests, data shared by its cases, and
/// the cases. Every part keeps its range in the file so that problems and failures point at it.
package struct TestFile: Sendable {
    package var path: String
    /// `playbooks` paths as written, relative to the file's directory; empty: the directory itself.
    package var playbooks: [Located<String>] = []
    /// `data` and `import` before the first case: imported at the start of every case.
    package var shared: [DataSource] = []
    package var cases: [TestCase] = []
}

package struct Located<T: Sendable & Hashable>: Sendable, Hashable {
    package var value: T
    package var range: SourceRange
}

package struct TestCase: Sendable {
    package var name: String
    /// The `case "…"` line.
    package var range: SourceRange
    package var overrides: [ParameterOverride] = []
    /// In file order: what happens, happens in the order it is written.
    package var steps: [Step] = []
}

/// `set playbook.parameter = value`: the case runs as if the playbook had said that value.
package struct ParameterOverride: Sendable, Hashable {
    package var playbook: Located<String>
    package var parameter: Located<String>
    /// Playbook-language text, checked by the playbooks' own checker once spliced in.
    package var value: Located<String>
}

package enum Step: Sendable {
    case data(DataSource)
    /// `on DATE`: a run as of the date.
    case run(Located<CivilDate>)
    case expect(Expectation)
    case act(TaskChangeSpec)
}

package struct DataSource: Sendable {
    package enum Kind: Sendable {
        /// An inline CSV table, indentation removed; `lineStarts[i]` is the byte offset in the test
        /// file where table line i + 1 begins after that indentation, to place import problems.
        case table(entity: String, csv: [UInt8], lineStarts: [Int])
        /// `import "path"`: files and directories as `playbook import` reads them.
        case files(String)
    }
    package var kind: Kind
    /// The `data …` or `import …` line.
    package var range: SourceRange
}

/// Which task a line is about: rule identity, account id, item key. A missing account or item
/// matches any (docs/testing.md, "Naming tasks").
package struct TaskSelector: Sendable, Hashable {
    package var rule: Located<String>
    package var account: Located<String>?
    package var item: Located<String>?

    func matches(_ key: TaskKey) -> Bool {
        key.rule == rule.value && (account.map { $0.value == key.account } ?? true) && (item.map { $0.value == key.item } ?? true)
    }

    var text: String {
        ([rule.value] + [account?.value, item.map { Self.quoteIfNeeded($0.value) }].compactMap { $0 }).joined(separator: " ")
    }

    /// A word as a test file would write it: quoted when it could not be read back bare.
    static func quoteIfNeeded(_ s: String) -> String {
        let bare = !s.isEmpty && !s.contains(where: { $0 == " " || $0 == "\t" || $0 == "\"" || $0 == "#" })
            && TestAttribute.Name(rawValue: s) == nil && s != "until"
        return bare ? s : quote(s)
    }

    static func quote(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

package struct Expectation: Sendable {
    package enum Kind: Sendable, Hashable {
        /// A task with the given status (open unless `status snoozed`) and attributes.
        case task
        /// No open or snoozed task.
        case noTask
        /// A task resolved by this run.
        case resolved
    }
    package var kind: Kind
    package var selector: TaskSelector
    package var attributes: [TestAttribute] = []
    /// The `expect` line.
    package var range: SourceRange

    var status: TaskStatus {
        for case .status(let s) in attributes.map(\.value) { return s }
        return .open
    }
}

package struct TestAttribute: Sendable, Hashable {
    package enum Name: String, Sendable, CaseIterable { case title, owner, due, priority, status }
    package enum Value: Sendable, Hashable {
        case title(String), owner(String), due(CivilDate), priority(Priority), status(TaskStatus)
    }
    package var value: Value
    package var range: SourceRange

    var name: Name {
        switch value {
        case .title: .title
        case .owner: .owner
        case .due: .due
        case .priority: .priority
        case .status: .status
        }
    }

    var text: String {
        switch value {
        case .title(let s): "title \(TaskSelector.quote(s))"
        case .owner(let s): "owner \(TaskSelector.quote(s))"
        case .due(let d): "due \(d)"
        case .priority(let p): "priority \(p.rawValue)"
        case .status(let s): "status \(s.rawValue)"
        }
    }
}

/// `done`, `dismiss`, `snooze … until DATE`: what a CSM does between runs.
package struct TaskChangeSpec: Sendable {
    package enum Kind: Sendable, Hashable {
        case done, dismiss
        case snooze(until: CivilDate)

        var word: String {
            switch self {
            case .done: "done"
            case .dismiss: "dismiss"
            case .snooze: "snooze"
            }
        }
    }
    package var kind: Kind
    package var selector: TaskSelector
    package var range: SourceRange
}
