import Foundation

/// Where the commands write: data to standard output, diagnostics and progress to standard
/// error. Writes go straight to the descriptor (nothing is buffered, so nothing needs flushing
/// before exit), and a closed pipe is not a crash: `playbook fmt x | head` just stops writing.
struct Console: Sendable {
    func out(_ s: String) { write(FileHandle.standardOutput, s) }
    func err(_ s: String) { write(FileHandle.standardError, s) }

    private func write(_ handle: FileHandle, _ s: String) {
        guard !s.isEmpty else { return }
        try? handle.write(contentsOf: Data(s.utf8))
    }
}

/// Values kept alive until the process exits: the tree of a large library takes a noticeable
/// share of a `check` to free, and the operating system reclaims it at exit for free.
enum UntilExit {
    nonisolated(unsafe) private static var kept: [Any] = []
    static func keep(_ value: Any) { kept.append(value) }
}

/// The documented exit statuses, the same for every command.
enum ExitStatus: Int32, Sendable {
    /// Done, and no errors found (warnings allowed).
    case success = 0
    /// Errors found: in playbooks, in files that could not be read, or files not formatted.
    case failure = 1
    /// The command line itself was wrong.
    case usage = 2
    /// Another run holds the repository and did not finish within the wait: try again later.
    case busy = 3
    /// The repository cannot be used: missing, damaged, read-only, written by a newer version.
    case repository = 4
    /// A run guard stopped the run before it wrote anything: it would resolve many tasks, or
    /// the tasks of rules its playbooks lack (docs/cron.md); or an `import --sync` would remove
    /// too many of an entity's rows (docs/import.md).
    case guardStopped = 5
}
