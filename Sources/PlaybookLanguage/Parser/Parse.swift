/// Front door of the parser: one file in, its tree and its diagnostics out.
public enum Parse {
    public static func file(_ source: SourceFile, id: Int32) -> (ast: FileAST, diagnostics: DiagnosticBag) {
        let lexer = Lexer.tokenize(file: id, bytes: source.bytes)
        var parser = Parser(file: id, bytes: source.bytes, lexer: lexer)
        let ast = parser.parseFile()
        return (ast, parser.diagnostics)
    }
}
