/// The checked playbooks: what the engine compiles into an evaluation plan.
public struct CheckedLibrary: Sendable {
    public init() {}
}

enum Checker {
    static func check(_ files: [FileAST], sources: SourceSet) -> (CheckedLibrary, DiagnosticBag) {
        (CheckedLibrary(), DiagnosticBag())
    }
}
