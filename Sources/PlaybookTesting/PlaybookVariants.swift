import PlaybookEngine
import PlaybookLanguage

/// The playbooks as one case sees them: checked, compiled, and (for `--coverage`) with probe
/// rules beside them.
final class PlaybookVariant {
    let workspace: Workspace
    let plan: EvaluationPlan
    /// Built on first use: only `--coverage` needs it.
    private(set) lazy var coverage: CoverageProbes? = CoverageProbes.build(workspace)

    init(workspace: Workspace) {
        self.workspace = workspace
        self.plan = EvaluationPlan(workspace: workspace)
    }
}

/// Loads each set of playbooks once, and each combination of parameter overrides once, however
/// many files and cases use them: checking and compiling the library is most of a small case's cost.
final class PlaybookVariants {
    private var loaded: [[String]: Workspace] = [:]
    private var variants: [String: Result<PlaybookVariant, OverrideFailure>] = [:]

    struct OverrideFailure: Error {
        var diagnostics: [Diagnostic]
    }

    func workspace(paths: [String]) -> Workspace {
        if let w = loaded[paths] { return w }
        let w = Workspace.load(paths: paths)
        loaded[paths] = w
        return w
    }

    /// The playbooks at `paths` with the overrides spliced into their text, then checked again by
    /// the language's own checker, so an override is exactly as if the playbook had said it.
    func variant(paths: [String], overrides: [ParameterOverride]) -> Result<PlaybookVariant, OverrideFailure> {
        let key = paths.joined(separator: "\u{0}") + "\u{1}" + overrides.map { "\($0.playbook.value).\($0.parameter.value)=\($0.value.value)" }.joined(separator: "\u{0}")
        if let v = variants[key] { return v }
        let base = workspace(paths: paths)
        let result: Result<PlaybookVariant, OverrideFailure>
        if overrides.isEmpty {
            result = .success(PlaybookVariant(workspace: base))
        } else {
            result = Self.patch(base, overrides).map(PlaybookVariant.init)
        }
        variants[key] = result
        return result
    }

    /// One text edit per override: the parameter's declared value, the value a customisation
    /// `set`s, or a new `set` line in a customisation that inherits the parameter.
    static func patch(_ ws: Workspace, _ overrides: [ParameterOverride]) -> Result<Workspace, OverrideFailure> {
        let lib = ws.library
        var edits: [Int32: [(start: Int, end: Int, text: String, override: ParameterOverride)]] = [:]
        var problems: [Diagnostic] = []
        // A later `set` of the same parameter wins.
        var seen: Set<String> = []
        let overrides = overrides.reversed().filter { seen.insert("\($0.playbook.value).\($0.parameter.value)").inserted }.reversed()
        for o in overrides {
            guard let p = lib.playbook(o.playbook.value) else {
                problems.append(Diagnostic(test: .unknownPlaybook(o.playbook.value), at: o.playbook.range,
                                               suggestion: Suggestions.closest(to: o.playbook.value, in: lib.playbooks.map(\.id))))
                continue
            }
            let name = o.parameter.value
            if let i = p.parameters.first(where: { lib.parameters[$0].name == name }) {
                let r = lib.parameters[i].value.range
                edits[r.file, default: []].append((Int(r.start), Int(r.end), o.value.value, o))
            } else if let s = p.sets.first(where: { lib.parameters[$0.parameter].name == name }) {
                let r = s.value.value.range
                edits[r.file, default: []].append((Int(r.start), Int(r.end), o.value.value, o))
            } else if p.isCustomisation, lib.parameters.contains(where: { $0.name == name && p.chain.contains($0.playbook) }),
                      let file = ws.sources[p.range.file], p.range.end > 0, file.bytes[Int(p.range.end) - 1] == UInt8(ascii: "}") {
                let at = Int(p.range.end) - 1
                edits[p.range.file, default: []].append((at, at, "\n  set \(name) = \(o.value.value)\n", o))
            } else {
                let visible = lib.parameters.filter { p.chain.contains($0.playbook) }.map(\.name)
                problems.append(Diagnostic(test: .unknownParameter(name, playbook: p.id), at: o.parameter.range,
                                               suggestion: Suggestions.closest(to: name, in: visible)))
            }
        }
        if !problems.isEmpty { return .failure(OverrideFailure(diagnostics: problems)) }
        var sources = SourceSet()
        var patchedAt: [Int32: [(start: Int, end: Int, override: ParameterOverride)]] = [:]
        for (index, file) in ws.sources.files.enumerated() {
            var bytes: [UInt8] = []
            var cursor = 0
            for e in (edits[Int32(index)] ?? []).sorted(by: { $0.start < $1.start }) where e.start >= cursor {
                bytes += file.bytes[cursor..<e.start]
                patchedAt[Int32(index), default: []].append((bytes.count, bytes.count + e.text.utf8.count, e.override))
                bytes += Array(e.text.utf8)
                cursor = e.end
            }
            bytes += file.bytes[cursor...]
            sources.add(SourceFile(path: file.path, bytes: bytes))
        }
        let patched = Workspace.check(sources)
        guard patched.hasErrors else { return .success(patched) }
        // Each error goes to the override whose text it is in, else to the first override: a
        // value of the wrong type shows up where the parameter is used, not where it is set.
        var byOverride: [ParameterOverride: [String]] = [:]
        for d in patched.diagnostics.sorted where d.severity == .error {
            let spans = patchedAt[d.range.file] ?? []
            let owner = spans.first { Int(d.range.start) >= $0.start && Int(d.range.start) <= $0.end }?.override ?? overrides.first!
            byOverride[owner, default: []].append("\(d.text) (\(d.code), at \(patched.sources.location(d.range)))")
        }
        let diagnostics = overrides.compactMap { o in
            byOverride[o].map { Diagnostic(test: .invalidOverride($0[0]), at: o.value.range, notes: Array($0.dropFirst())) }
        }
        return .failure(OverrideFailure(diagnostics: diagnostics))
    }
}
