import Foundation

/// `playbook show --effective`: each base playbook, then each customisation of it, merged, with
/// every setting labelled by the file and line it came from.
public enum EffectiveRenderer {
    public static func render(_ ws: Workspace) -> String {
        var out = ""
        let lib = ws.library
        for base in lib.bases {
            for chain in lib.variants(of: base.id) {
                guard let e = lib.effective(chain: chain) else { continue }
                if !out.isEmpty { out += "\n" }
                out += render(e, ws)
            }
        }
        return out
    }

    static func render(_ e: EffectivePlaybook, _ ws: Workspace) -> String {
        var w = Writer(sources: ws.sources)
        if e.layers.isEmpty {
            let others = ws.library.customisations(of: e.base).map(\.id)
            w.line(0, "# \"\(e.base)\" for accounts that no customisation applies to"
                   + (others.isEmpty ? "" : " (customised by \(others.map { "\"\($0)\"" }.joined(separator: ", ")))"))
        } else {
            w.line(0, "# \"\(e.base)\" as customised by \(e.layers.map { "\"\($0)\"" }.joined(separator: " then "))")
        }
        w.line(0, "playbook \"\(e.base)\" {")
        if let t = e.title { w.setting(1, "title \(quote(t.value))", t.at) }
        if let d = e.description { w.setting(1, "description \(quote(d.value))", d.at) }
        if let p = e.phase { w.setting(1, "phase \(p.value)", p.at) }
        if let s = e.stage { w.setting(1, "stage \(s.value.rawValue)", s.at) }
        for s in e.scopes { w.setting(1, "applies when " + ws.sources.text(s.value.range), s.at) }
        if !e.parameters.isEmpty { w.blank() }
        for (index, value) in e.parameters {
            let p = ws.library.parameters[index]
            w.setting(1, "param \(p.name) = " + ws.sources.text(value.value.range), value.at)
        }
        for l in e.lets {
            let v = ws.library.lets[l]
            w.setting(1, "let \(v.name) = " + ws.sources.text(v.value.range), v.declaredAt)
        }
        for d in e.disabled {
            w.blank()
            w.line(1, "# rule \"\(d.rule)\" is switched off by \"\(d.by)\" (\(w.place(d.at)))")
        }
        for r in e.rules {
            w.blank()
            renderRule(r, &w)
        }
        w.line(0, "}")
        return w.text
    }

    static func renderRule(_ er: EffectiveRule, _ w: inout Writer) {
        let r = er.rule
        let note = er.changedBy.isEmpty ? "" : "  # identity \(r.identity), changed by \(er.changedBy.map { "\"\($0)\"" }.joined(separator: ", "))"
        w.line(1, "rule \"\(r.id)\" {" + (note.isEmpty ? "  # identity \(r.identity)" : note))
        if let v = r.title { w.setting(2, "title \(quote(v.value))", v.at) }
        if let v = r.description { w.setting(2, "description \(quote(v.value))", v.at) }
        if let v = r.each { w.source(2, v.at) }
        if let v = r.when { w.source(2, v.at) }
        if let v = r.forDuration { w.source(2, v.at) }
        if let v = r.cooldown { w.source(2, v.at) }
        if let v = r.resolution { w.source(2, v.at) }
        w.line(2, "task {")
        let t = r.task
        for at in [t.title?.at, t.description?.at, t.owner?.at, t.due?.at, t.priority?.at, t.steps?.at, t.tags?.at].compactMap({ $0 }) {
            w.source(3, at)
        }
        if t.owner == nil { w.line(3, "owner account.csm  # default") }
        w.line(2, "}")
        w.line(1, "}")
    }

    /// Quoted text as a playbook would spell it.
    static func quote(_ s: String) -> String { "\"" + TextEscaping.escape(s) + "\"" }

    struct Writer {
        let sources: SourceSet
        var text = ""

        func place(_ r: SourceRange) -> String {
            guard let f = sources[r.file] else { return "?" }
            return "\(f.path):\(f.lineColumn(of: Int(r.start)).line)"
        }

        mutating func line(_ indent: Int, _ s: String) {
            text += String(repeating: "  ", count: indent) + s + "\n"
        }

        mutating func blank() { if !text.hasSuffix("{\n") { text += "\n" } }

        /// One setting on one line, labelled with where it was written.
        mutating func setting(_ indent: Int, _ s: String, _ at: SourceRange) {
            let lines = reindent(s, indent)
            for (i, l) in lines.enumerated() {
                text += l + (i == lines.count - 1 ? "  # \(place(at))" : "") + "\n"
            }
        }

        /// A setting printed as it was written in its file.
        mutating func source(_ indent: Int, _ at: SourceRange) { setting(indent, sources.text(at), at) }

        /// Multi-line settings keep their own shape, shifted to the new indentation.
        func reindent(_ s: String, _ indent: Int) -> [String] {
            let raw = s.split(separator: "\n", omittingEmptySubsequences: false).map { String($0).replacingOccurrences(of: "\r", with: "") }
            let rest = raw.dropFirst().filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            let common = rest.map { $0.prefix(while: { $0 == " " }).count }.min() ?? 0
            let pad = String(repeating: "  ", count: indent)
            return raw.enumerated().map { i, l in
                i == 0 ? pad + l : pad + "  " + String(l.dropFirst(min(common, l.prefix(while: { $0 == " " }).count)))
            }
        }
    }
}
