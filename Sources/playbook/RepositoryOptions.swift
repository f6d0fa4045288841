import CentralRepository
import Foundation
import PlaybookLanguage

/// Options shared by every command that uses the repository.
enum RepositoryOptions {
    static let options: [OptionSpec] = [
        OptionSpec(name: "repository", valueName: "path",
                   help: "The repository file (default: $PLAYBOOK_REPOSITORY, else \(Repository.defaultPath))"),
        OptionSpec(name: "wait", valueName: "seconds",
                   help: "How long to wait for another run holding the repository (default: $PLAYBOOK_WAIT, else 60)"),
    ]

    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    static func path(_ args: ParsedArguments) -> String {
        Repository.resolvePath(flag: args.value("repository"), environment: environment)
    }

    static func wait(_ args: ParsedArguments, command: String) throws(UsageError) -> Double {
        guard let text = args.value("wait") ?? environment["PLAYBOOK_WAIT"] else { return 60 }
        guard let v = Double(text), v >= 0, v.isFinite else {
            throw UsageError("--wait takes a number of seconds, not `\(text)`", command: command)
        }
        return v
    }

    static func open(_ args: ParsedArguments, create: Bool, command: String, console: Console) -> (Repository?, ExitStatus) {
        let wait: Double
        do { wait = try self.wait(args, command: command) } catch {
            return (nil, console.fail(error))
        }
        do {
            return (try Repository(path: path(args), create: create, waitSeconds: wait), .success)
        } catch {
            return (nil, console.fail(error))
        }
    }

    /// `--as-of DATE`, or today in the configured time zone (`--time-zone`, `$PLAYBOOK_TIME_ZONE`,
    /// `$TZ`, else the system's).
    static func asOf(_ args: ParsedArguments, command: String) throws(UsageError) -> CivilDate {
        if let text = args.value("as-of") {
            guard let d = CivilDate.parse(text) else {
                throw UsageError("--as-of takes a date as YYYY-MM-DD, not `\(text)`", command: command)
            }
            return d
        }
        let zoneName = args.value("time-zone") ?? environment["PLAYBOOK_TIME_ZONE"] ?? environment["TZ"]
        var zone = TimeZone.current
        if let zoneName {
            guard let z = TimeZone(identifier: zoneName) else {
                throw UsageError("unknown time zone `\(zoneName)` (use a name such as Europe/Berlin)", command: command)
            }
            zone = z
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day], from: Date())
        return CivilDate(year: c.year!, month: c.month!, day: c.day!)!
    }

    static let dateOptions: [OptionSpec] = [
        OptionSpec(name: "as-of", valueName: "YYYY-MM-DD", help: "Evaluate as of this date (default: today)"),
        OptionSpec(name: "time-zone", valueName: "zone", help: "Time zone that decides which day today is (default: $PLAYBOOK_TIME_ZONE, $TZ, or the system's)"),
    ]

    /// ISO 8601 wall-clock time for run records and task events.
    static func now() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date())
    }
}
