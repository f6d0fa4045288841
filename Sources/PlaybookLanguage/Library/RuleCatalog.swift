import Foundation

/// `docs/framework.md`: a table of every rule of a set of playbooks, generated from them so it
/// can never drift from what ships (`playbook show --catalog`).
public enum RuleCatalog {
    public static func markdown(_ ws: Workspace, title: String = "The base library") -> String {
        let lib = ws.library
        var s = """
            # \(title)

            Every rule that ships in `Playbooks/framework/`, by phase: why it exists (the idea of the
            framework it puts into practice, from the rule's `description`), what triggers it, the
            parameters a team can change (with their defaults), and the task it produces. Generated
            by `playbook show --catalog Playbooks/framework/`; a test fails when this file is out of date.
            Customise any of it without copying it: see "Customisation" in docs/language.md and the
            examples in `Playbooks/examples/`.

            """
        let ordered = lib.bases.sorted { ($0.phase?.value ?? 99, $0.id) < ($1.phase?.value ?? 99, $1.id) }
        for p in ordered {
            let phase = p.phase.map { "Phase \($0.value)" } ?? p.stage.map { "Stage: \($0.value.rawValue)" } ?? "Every phase"
            s += "\n## \(p.title?.value ?? p.id) — `\(p.id)`\n\n"
            s += "\(phase). \(p.description?.value ?? "")"
            if let scope = p.scope { s += " Applies when `\(oneLine(ws.sources.text(scope.value.range)))`." }
            s += "\n\n| rule | why | trigger | parameters | task |\n|---|---|---|---|---|\n"
            for r in p.rules {
                let trigger = [r.each.map { "for each `\($0.value.name)` in `\(oneLine(ws.sources.text($0.value.collection.range)))`:" },
                               r.when.map { "`\(oneLine(ws.sources.text($0.value.range)))`" },
                               r.forDuration.map { "held for \(oneLine(ws.sources.text($0.value.range)))" },
                               r.cooldown.map { "cooldown \(oneLine(ws.sources.text($0.value.range)))" },
                               r.resolution?.value == .manually ? "resolved by hand only" : nil]
                    .compactMap { $0 }.joined(separator: " ")
                let params = parameters(of: r, lib).map { i -> String in
                    let p = lib.parameters[i]
                    return "`\(p.name)` = \(oneLine(ws.sources.text(p.value.range)))"
                }.joined(separator: "<br>")
                var task = r.task.title.map { "**\(oneLine(ws.sources.text($0.value.range)))**" } ?? ""
                let owner = r.task.owner.map { $0.value.map { oneLine(ws.sources.text($0.range)) }.joined(separator: " else ") } ?? "account.csm"
                task += "<br>owner `\(owner)`"
                if let due = r.task.due { task += ", " + oneLine(ws.sources.text(due.at)) }
                task += ", priority \(r.task.priority?.value.rawValue ?? "normal")"
                let why = r.description.map { oneLine($0.value) } ?? ""
                s += "| **\(r.title?.value ?? r.id)**<br>`\(r.id)` | \(escape(why)) | \(escape(trigger)) | \(escape(params)) | \(escape(task)) |\n"
            }
        }
        return s
    }

    /// Parameters a rule reads, directly or through a `let`, in declaration order.
    static func parameters(of r: CheckedRule, _ lib: CheckedLibrary) -> [Int] {
        var found: Set<Int> = []
        var seenLets: Set<Int> = []
        func walk(_ e: TypedExpr) {
            switch e.kind {
            case .parameter(let i): found.insert(i)
            case .letValue(let i): if seenLets.insert(i).inserted { walk(lib.lets[i].value) }
            case .field(let b, _, _, _): walk(b)
            case .template(let parts): for case .value(let v) in parts { walk(v) }
            case .list(let items): items.forEach(walk)
            case .negate(let x), .not(let x), .presence(let x, _): walk(x)
            case .binary(_, let l, let rr): walk(l); walk(rr)
            case .call(_, let args): args.forEach(walk)
            case .aggregate(_, _, let c, let f, let b): walk(c); f.map(walk); b.map(walk)
            default: break
            }
        }
        [r.when?.value, r.forDuration?.value, r.cooldown?.value, r.each?.value.collection, r.task.title?.value].compactMap { $0 }.forEach(walk)
        switch r.task.due?.value {
        case .afterDays(let e)?, .afterBusinessDays(let e)?, .on(let e)?: walk(e)
        case nil: break
        }
        return found.sorted()
    }

    static func oneLine(_ s: String) -> String {
        s.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    /// Table cells: a `|` would end the cell.
    static func escape(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
}
