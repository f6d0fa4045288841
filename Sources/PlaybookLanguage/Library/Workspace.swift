/// Front door of the language: load playbook files, parse and check them together.
public struct Workspace: Sendable {
    public var sources: SourceSet
    public var files: [FileAST]
    public var diagnostics: DiagnosticBag
    /// The checked library; present even with errors, holding what could be checked.
    public var library: CheckedLibrary

    public var hasErrors: Bool { diagnostics.hasErrors }

    /// Parses and checks files already in memory (tests, `playbook test`).
    public static func check(_ sources: SourceSet, initial: DiagnosticBag = DiagnosticBag()) -> Workspace {
        var diagnostics = initial
        var files: [FileAST] = []
        for (i, f) in sources.files.enumerated() {
            let (ast, d) = Parse.file(f, id: Int32(i))
            files.append(ast)
            diagnostics.append(contentsOf: d)
        }
        let (library, checkDiagnostics) = Checker.check(files, sources: sources)
        diagnostics.append(contentsOf: checkDiagnostics)
        return Workspace(sources: sources, files: files, diagnostics: diagnostics, library: library)
    }

    /// Reads `.playbook` files from files and directories (recursively, in path order).
    public static func load(paths: [String]) -> Workspace {
        let loaded = SourceLoader.load(paths: paths)
        return check(loaded.sources, initial: loaded.diagnostics)
    }
}
