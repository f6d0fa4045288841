/// Placeholder: replaced by the formatter.
public enum Format {
    /// Canonical text of a file that parsed without errors.
    public static func file(_ ast: FileAST, source: SourceFile) -> String { "" }
}
