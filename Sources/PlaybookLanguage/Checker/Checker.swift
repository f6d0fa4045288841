/// Checks all files together: custom fields first (any playbook may use any field), then
/// playbooks with their bases before their customisations.
struct Checker {
    let files: [FileAST]
    let sources: SourceSet
    var library = CheckedLibrary()
    var diagnostics = DiagnosticBag()
    var usedParameters: Set<Int> = []
    var usedLets: Set<Int> = []
    /// Playbooks whose `extends` names a missing playbook or is part of a cycle.
    var brokenExtends: Set<String> = []
    /// Each checked playbook's view of its chain, which its customisations start from.
    var chainViews: [String: ChainView] = [:]
    /// Each parameter's declared value when the playbook fixes it (see `constantValue`), by
    /// index in `library.parameters`: a use folds it without walking its definition again.
    var parameterConstants: [Double?] = []

    static func check(_ files: [FileAST], sources: SourceSet) -> (CheckedLibrary, DiagnosticBag) {
        var checker = Checker(files: files, sources: sources)
        checker.run()
        return (checker.library, checker.diagnostics)
    }

    private mutating func run() {
        var decls: [PlaybookDecl] = []
        var sourceDecls: [SourceDecl] = []
        for file in files {
            for item in file.items {
                switch item.kind {
                case .field(let f): declareField(f)
                case .source(let s): sourceDecls.append(s)
                case .playbook(let p):
                    decls.append(p)
                    for pi in p.items { if case .field(let f) = pi.kind { declareField(f) } }
                }
            }
        }
        let ordered = orderByExtends(decls)
        for decl in ordered { checkPlaybook(decl) }
        // After every field is declared: a mapping may fill any custom field.
        checkSources(sourceDecls)
        checkConflicts()
        reportUnused()
    }

    // MARK: Fields

    /// - Parameter name: what the type is declared for (`account.crm_tier`), naming its choices.
    mutating func resolveType(_ t: TypeRef, name: String) -> PType {
        switch t.kind {
        case .list(let inner): return .list(resolveType(inner, name: name))
        case .oneOf(let values):
            var seen: Set<String> = []
            for v in values where !seen.insert(v.text).inserted { report(.duplicateChoiceValue(v.text), v.range) }
            return .choice(PType.Choice(name, values.map(\.text)))
        case .named(let n):
            switch n.text {
            case "number": return .number
            case "text": return .text
            case "boolean": return .boolean
            case "date": return .date
            case "duration": return .duration
            default:
                report(.unknownType(n.text), n.range,
                       suggestion: Suggestions.closest(to: n.text, in: ["number", "text", "boolean", "date", "duration", "list of", "one of"]))
                return .error
            }
        }
    }

    mutating func declareField(_ f: FieldDecl) {
        guard let record = library.schema.record(f.entity.text) else {
            report(.unknownEntity(f.entity.text), f.entity.range,
                   suggestion: Suggestions.closest(to: f.entity.text, in: library.schema.recordOrder))
            return
        }
        let type = resolveType(f.type, name: "\(f.entity.text).\(f.name.text)")
        if let (_, existing) = record.field(f.name.text) {
            if let first = existing.declaredAt {
                diagnostics.add(Diagnostic(.duplicateField("\(f.entity.text).\(f.name.text)"), at: f.name.range)
                    .note("first declared here", at: first))
            } else {
                report(.fieldShadowsBuiltin("\(f.entity.text).\(f.name.text)"), f.name.range)
            }
            return
        }
        library.schema.addCustomField(Schema.Field(name: f.name.text, type: type, doc: "Custom field.", declaredAt: f.name.range),
                                      to: record.name)
    }

    // MARK: Extends

    /// How many customisations may stand between a playbook and its base. Each layer carries its
    /// whole chain and is compared with the layers above it, so the limit bounds memory and time;
    /// real libraries stack two or three.
    static let maxExtendsDepth = 2_000

    /// Bases first, then each customisation after its parent. Unknown bases and cycles are
    /// reported here; such playbooks are checked as if they were bases so that their own
    /// mistakes are still found.
    mutating func orderByExtends(_ decls: [PlaybookDecl]) -> [PlaybookDecl] {
        // Indexes into `decls` and their ids, not copies of whole declarations: a library may
        // hold thousands of playbooks.
        var byId: [String: Int] = [:]
        var unique: [Int] = []
        unique.reserveCapacity(decls.count)
        for i in decls.indices {
            let id = decls[i].id
            if let first = byId[id.text] {
                diagnostics.add(Diagnostic(.duplicatePlaybook(id.text), at: id.range).note("first defined here", at: decls[first].id.range))
                continue
            }
            byId[id.text] = i
            unique.append(i)
        }
        var broken: Set<String> = []
        for i in unique {
            guard let base = decls[i].extends else { continue }
            if byId[base.text] == nil {
                report(.unknownBasePlaybook(base.text), base.range, suggestion: Suggestions.closest(to: base.text, in: byId.keys))
                broken.insert(decls[i].id.text)
            }
        }
        // Cycles: follow `extends` from each playbook; report each cycle once, at its first member.
        // Each playbook is walked once (0 not yet, 1 on the walk under way, 2 done), so a long
        // chain costs its length, not its length squared or cubed.
        var state = [UInt8](repeating: 0, count: decls.count)
        for i in unique where decls[i].extends != nil && state[i] == 0 {
            var path: [Int] = [i]
            state[i] = 1
            var cur = i
            while let next = decls[cur].extends?.text, let nd = byId[next], state[nd] != 2 {
                if state[nd] == 1, let k = path.firstIndex(of: nd) {
                    let cycle = path[k...].map { decls[$0].id.text }
                    let first = decls[path[k]]
                    var diag = Diagnostic(.extendsCycle((cycle + [cycle[0]]).map { "`\($0)`" }.joined(separator: " extends ")), at: first.extends!.range)
                    for member in path[(k + 1)...] {
                        let m = decls[member].extends!
                        diag = diag.note("`\(decls[member].id.text)` extends `\(m.text)` here", at: m.range)
                    }
                    diagnostics.add(diag)
                    broken.formUnion(cycle)
                    break
                }
                path.append(nd)
                state[nd] = 1
                cur = nd
            }
            for member in path { state[member] = 2 }
        }
        // Depths, each computed once: a playbook's is its parent's plus one.
        var depthOf = [Int](repeating: -1, count: decls.count)
        for i in unique where depthOf[i] < 0 {
            // Up to a base, a broken link or a playbook whose depth is known.
            var path: [Int] = []
            var cur = i
            var below = -1
            while depthOf[cur] < 0 {
                path.append(cur)
                guard !broken.contains(decls[cur].id.text), let b = decls[cur].extends?.text, let nd = byId[b] else { break }
                cur = nd
            }
            if depthOf[cur] >= 0 { below = depthOf[cur] }
            for member in path.reversed() { below += 1; depthOf[member] = below }
        }
        // A customisation too far from its base is refused once, at the first one too deep;
        // those below it are checked as if their base were unknown.
        for i in unique where depthOf[i] > Self.maxExtendsDepth {
            broken.insert(decls[i].id.text)
            if depthOf[i] == Self.maxExtendsDepth + 1, let e = decls[i].extends {
                diagnostics.add(Diagnostic(.extendsTooDeep(Self.maxExtendsDepth), at: e.range)
                    .note("build the customisation on the base or on a nearer customisation"))
            }
        }
        let depths = unique.map { depthOf[$0] }
        brokenExtends = broken
        let order = unique.indices.sorted { a, b in depths[a] != depths[b] ? depths[a] < depths[b] : a < b }
        return order.map { decls[unique[$0]] }
    }
}
