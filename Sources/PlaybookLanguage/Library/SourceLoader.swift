/// Placeholder: replaced by the CLI helper's loader.
public enum SourceLoader {
    public static func load(paths: [String]) -> (sources: SourceSet, diagnostics: DiagnosticBag) {
        (SourceSet(), DiagnosticBag())
    }
}
