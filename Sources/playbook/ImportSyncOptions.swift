import CentralRepository
import Foundation
import Import
import PlaybookLanguage
import TaskLists

/// `import --sync`, `--dry-run` and `--allow-mass-removal`: their options, and the report of
/// what an import removed or would change (docs/import.md, "Sync imports and dry runs").
enum ImportSyncOptions {
    static let options: [OptionSpec] = [
        OptionSpec(name: "sync", valueName: nil, help: "Each file is the whole current list of its entity: remove the rows it lacks (histories are kept)"),
        OptionSpec(name: "dry-run", valueName: nil, help: "Report what the import would add, update and remove; write nothing"),
        OptionSpec(name: "allow-mass-removal", valueName: nil, help: "Let a sync remove more than 20% of an entity's rows (default: $PLAYBOOK_ALLOW_MASS_REMOVAL)"),
    ]

    static func mode(_ args: ParsedArguments) -> ImportMode {
        var mode = ImportMode()
        mode.sync = args.flag("sync")
        mode.dryRun = args.flag("dry-run")
        mode.allowMassRemoval = args.flag("allow-mass-removal")
            || ["1", "true", "yes"].contains(RepositoryOptions.environment["PLAYBOOK_ALLOW_MASS_REMOVAL"]?.lowercased() ?? "")
        return mode
    }

    /// An empty repository in memory, for a dry run where none exists yet.
    static func emptyRepository(console: Console) -> (Repository?, ExitStatus) {
        do { return (try Repository.inMemory(), .success) } catch {
            return (nil, console.fail(error))
        }
    }

    static func stopped(_ m: MassRemoval, format: OutputFormat, console: Console) -> ExitStatus {
        switch format {
        case .text:
            console.err("error: the sync stopped and wrote nothing, because\n"
                        + m.lines.map { "  \(PlainText.line($0))\n" }.joined()
                        + "  if the files are complete (accounts churned, rows deleted in the CRM), import again with\n"
                        + "  --allow-mass-removal (or PLAYBOOK_ALLOW_MASS_REMOVAL=1); --dry-run lists what it would change\n")
        case .json:
            var o = JSONText.Object()
            o.add("imported", false)
            o.add("massRemoval", true)
            o.add("entities", entities(m.counts, keys: true))
            console.out(o.text() + "\n")
        }
        return .guardStopped
    }

    /// What a sync did, or a dry run would do: per entity the counts, and with a dry run the
    /// first keys of each outcome (a sync lists those it removed).
    static func report(_ counts: [ImportEntity: Repository.ImportCounts], mode: ImportMode, format: OutputFormat, console: Console) {
        let stop = mode.dryRun && mode.sync && !mode.allowMassRemoval ? MassRemoval.check(counts, share: mode.massRemovalShare) : nil
        switch format {
        case .json:
            var o = JSONText.Object()
            o.add("imported", !mode.dryRun)
            o.add("dryRun", mode.dryRun)
            o.add("sync", mode.sync)
            o.add("entities", entities(counts, keys: true))
            if mode.sync { o.add("massRemoval", stop != nil) }
            console.out(o.text() + "\n")
        case .text:
            var out = ""
            for e in ImportEntity.allCases {
                guard let c = counts[e] else { continue }
                out += "\(e.rawValue): \(c.inserted) added, \(c.updated) updated, \(c.unchanged) unchanged"
                out += mode.sync ? ", \(c.removed) removed\n" : "\n"
                for (label, n, keys) in [("added", c.inserted, c.keys.added), ("updated", c.updated, c.keys.updated),
                                         ("unchanged", c.unchanged, c.keys.unchanged), ("removed", c.removed, c.keys.removed)]
                where !keys.isEmpty && (mode.dryRun || label == "removed") {
                    out += "  \(label): " + keys.map(PlainText.line).joined(separator: ", ") + (n > keys.count ? ", …" : "") + "\n"
                }
            }
            console.out(out)
            if mode.dryRun { console.err("dry run: nothing was written\n") }
            if let stop {
                console.err("warning: this sync would stop here (exit 5) and write nothing, because\n"
                            + stop.lines.map { "  \(PlainText.line($0))\n" }.joined()
                            + "  if the files are complete, import with --allow-mass-removal (or PLAYBOOK_ALLOW_MASS_REMOVAL=1)\n")
            }
        }
    }

    /// Per entity imported, in the order of `ImportEntity`: its counts, and with `keys` the keys
    /// of each outcome; a plain import has no removals to report (`removed: false`).
    static func entities(_ counts: [ImportEntity: Repository.ImportCounts], keys: Bool, removed: Bool = true) -> JSONText.Object {
        var o = JSONText.Object()
        for e in ImportEntity.allCases {
            guard let c = counts[e] else { continue }
            var co = JSONText.Object()
            co.add("added", c.inserted)
            co.add("updated", c.updated)
            co.add("unchanged", c.unchanged)
            if removed { co.add("removed", c.removed) }
            if keys {
                var ko = JSONText.Object()
                ko.add("added", .strings(c.keys.added))
                ko.add("updated", .strings(c.keys.updated))
                ko.add("unchanged", .strings(c.keys.unchanged))
                ko.add("removed", .strings(c.keys.removed))
                co.add("keys", ko)
            }
            o.add(e.rawValue, co)
        }
        return o
    }
}
