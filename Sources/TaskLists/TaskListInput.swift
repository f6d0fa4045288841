import PlaybookEngine
import PlaybookLanguage

/// Everything the task lists are rendered from, read from the repository by the caller. The
/// renderers see nothing else: no repository, no clock, no environment, so the same input always
/// gives the same bytes (golden files depend on it).
package struct TaskListInput: Sendable {
    /// The day the lists are for: decides what is overdue and stamps the calendar entries.
    package var asOf: CivilDate
    /// The most recent run on or before `asOf`; tasks it created are marked new.
    package var latestRun: Int64?
    /// Open and snoozed tasks of every owner. Other statuses are ignored if passed.
    package var tasks: [ReportTask]

    package init(asOf: CivilDate, latestRun: Int64?, tasks: [ReportTask]) {
        self.asOf = asOf
        self.latestRun = latestRun
        self.tasks = tasks
    }
}

/// The account a task is about, as it stood on the as-of date.
package struct ReportAccount: Sendable, Hashable {
    package var id: String
    /// nil when the account is no longer in the repository (its id is shown instead).
    package var name: String?
    /// The account's current framework phase, 1–7.
    package var phase: Int?
    package var health: ReportHealth?

    package init(id: String, name: String?, phase: Int?, health: ReportHealth?) {
        self.id = id
        self.name = name
        self.phase = phase
        self.health = health
    }

    package var displayName: String { name ?? id }
    package var stage: Stage? { phase.flatMap(Stage.init(phase:)) }
}

/// The latest health row recorded on or before the as-of date.
package struct ReportHealth: Sendable, Hashable {
    package var date: CivilDate
    /// Overall score as a percentage.
    package var score: Double?
    /// Traffic light as stored (`red`, `amber`, `green`; anything else is shown as is).
    package var light: String?

    package init(date: CivilDate, score: Double?, light: String?) {
        self.date = date
        self.score = score
        self.light = light
    }
}

/// One stored task with what a CSM needs to act on it.
package struct ReportTask: Sendable {
    package var id: Int64
    package var account: ReportAccount
    package var owner: String
    package var ownerIsFallback: Bool
    package var title: String
    package var description: String?
    package var due: CivilDate?
    package var priority: Priority
    /// The checklist from the rule's task template.
    package var steps: [String]
    /// Why the task exists: the rule's condition with the values it saw.
    package var explanation: String
    package var rule: String
    /// The rule's playbook phase, when it has one (health and hygiene rules have none).
    package var rulePhase: Int?
    package var status: TaskStatus
    package var createdOn: CivilDate
    package var createdRun: Int64
    package var snoozedUntil: CivilDate?

    package init(id: Int64, account: ReportAccount, owner: String, ownerIsFallback: Bool = false, title: String,
                 description: String? = nil, due: CivilDate?, priority: Priority, steps: [String] = [], explanation: String,
                 rule: String, rulePhase: Int? = nil, status: TaskStatus = .open, createdOn: CivilDate, createdRun: Int64,
                 snoozedUntil: CivilDate? = nil) {
        self.id = id
        self.account = account
        self.owner = owner
        self.ownerIsFallback = ownerIsFallback
        self.title = title
        self.description = description
        self.due = due
        self.priority = priority
        self.steps = steps
        self.explanation = explanation
        self.rule = rule
        self.rulePhase = rulePhase
        self.status = status
        self.createdOn = createdOn
        self.createdRun = createdRun
        self.snoozedUntil = snoozedUntil
    }
}

/// The framework's three stages; each phase belongs to one.
package enum Stage: String, Sendable, CaseIterable {
    case initial = "A. Initial"
    case userReadiness = "B. User readiness"
    case ongoing = "C. Ongoing"

    package init?(phase: Int) {
        switch phase {
        case 1, 2: self = .initial
        case 3, 4, 5: self = .userReadiness
        case 6, 7: self = .ongoing
        default: return nil
        }
    }
}

package enum Phase {
    /// The framework's names for phases 1–7.
    package static func name(_ n: Int) -> String? {
        let names = ["Preparation", "Commitment", "Onboarding", "Adoption planning", "Adoption implementation",
                     "Value realization", "Engagement evaluation"]
        return (1...7).contains(n) ? names[n - 1] : nil
    }

    /// `6 Value realization`, or the bare number outside 1–7.
    package static func label(_ n: Int) -> String { name(n).map { "\(n) \($0)" } ?? "\(n)" }
}
