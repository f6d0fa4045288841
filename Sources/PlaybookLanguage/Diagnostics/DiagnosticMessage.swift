/// Every message the language can report, in one place, each with a stable code. Codes are part
/// of the JSON output and of `docs/diagnostics.md`: never renumber one, only add.
///
/// PB0xx files, PB1xx lexical and syntax, PB2xx names and types, PB3xx playbooks and rules,
/// PB4xx customisations, PB5xx column mappings (`source`), PB9xx warnings; PT codes, problems in
/// `playbook test`'s test files, are `TestMessage` at the end of this file (docs/testing.md).
public enum DiagnosticMessage: Sendable, Hashable {
    // Files
    case cannotRead(String)                            // PB001
    case isDirectoryWithoutPlaybooks                   // PB002
    case noPlaybookFiles                               // PB003

    // Lexical and syntax
    case invalidUTF8                                   // PB101
    case unexpectedCharacter(String)                   // PB102
    case unterminatedText                              // PB103
    case invalidEscape(String)                         // PB104
    case invalidDate(String)                           // PB105
    case numberFollowedByLetters(String)               // PB106
    case expected(String, found: String)               // PB110
    case unclosedBlock(String)                         // PB111
    case unknownSetting(String, block: String)         // PB112
    case nestingTooDeep                                // PB113
    case duplicateSetting(String)                      // PB114
    case unterminatedInterpolation                     // PB115
    case emptyInterpolation                            // PB116
    case unexpectedTopLevel(String)                    // PB117
    case textInsideInterpolation                       // PB118
    case controlCharacterInText(String)                // PB119
    case typeNestedTooDeep(Int)                        // PB120

    // Names and types
    case unknownName(String)                           // PB201
    case unknownField(String, entity: String)          // PB202
    case unknownFunction(String)                       // PB203
    case wrongArgumentCount(String, expected: String, got: Int) // PB204
    case operandTypes(String, left: String, right: String)      // PB205
    case typeMismatch(expected: String, got: String, context: String) // PB206
    case unknownEnumValue(String, type: String)        // PB207
    case notAList(String)                              // PB208
    case notAnEntity(String, member: String)           // PB209
    case unknownType(String)                           // PB210
    case unknownEntity(String)                         // PB211
    case notConstant(String)                           // PB212
    case shadowsName(String)                           // PB213
    case emptyListType                                 // PB214
    case duplicateChoiceValue(String)                  // PB215
    case reservedName(String)                          // PB216

    // Playbooks and rules
    case duplicatePlaybook(String)                     // PB301
    case duplicateRule(String, playbook: String)       // PB302
    case duplicateParameter(String)                    // PB303
    case duplicateField(String)                        // PB304
    case missingSetting(String, block: String)         // PB305
    case phaseOutOfRange(String)                       // PB306
    case unknownStage(String)                          // PB307
    case unknownPriority(String)                       // PB308
    case unknownResolution(String)                     // PB309
    case fieldShadowsBuiltin(String)                   // PB310
    case negativeDuration(String)                      // PB311
    case numberTooLarge(String)                        // PB312
    case tooManyDays(String, limit: String)            // PB313

    // Customisations
    case unknownBasePlaybook(String)                   // PB401
    case extendsCycle(String)                          // PB402
    case unknownRuleInCustomisation(String, base: String)      // PB403
    case unknownParameterInCustomisation(String, base: String) // PB404
    case ruleAlreadyInBase(String, base: String)       // PB405
    case conflictingCustomisations(String)             // PB406
    case notAllowedInBase(String)                      // PB407
    case notAllowedInCustomisation(String)             // PB408
    case parameterAlreadyInBase(String, base: String)  // PB409
    case setOwnParameter(String)                       // PB410
    case changesDisabledRule(String)                   // PB411
    case extendsTooDeep(Int)                           // PB412

    // Column mappings
    case duplicateSource(String)                       // PB501
    case unknownImportFile(String)                     // PB502
    case mappedFileName(String)                        // PB503
    case duplicateMappedFile(String)                   // PB504
    case unknownImportColumn(String, file: String)     // PB505
    case duplicateMappedColumn(String)                 // PB506
    case columnFilledTwice(String)                     // PB507
    case duplicateMappedValue(String)                  // PB508
    case mappedValueType(String, expected: String, got: String) // PB509
    case gridColumnMapped(String)                      // PB510

    // Warnings
    case unusedParameter(String)                       // PB901
    case unusedLet(String)                             // PB902
    case neverTrue                                     // PB903

    // Test files
    case test(TestMessage)                             // PT…

    public var severity: Severity {
        switch self {
        case .unusedParameter, .unusedLet, .neverTrue: .warning
        default: .error
        }
    }

    public var code: String {
        switch self {
        case .cannotRead: "PB001"
        case .isDirectoryWithoutPlaybooks: "PB002"
        case .noPlaybookFiles: "PB003"
        case .invalidUTF8: "PB101"
        case .unexpectedCharacter: "PB102"
        case .unterminatedText: "PB103"
        case .invalidEscape: "PB104"
        case .invalidDate: "PB105"
        case .numberFollowedByLetters: "PB106"
        case .expected: "PB110"
        case .unclosedBlock: "PB111"
        case .unknownSetting: "PB112"
        case .nestingTooDeep: "PB113"
        case .duplicateSetting: "PB114"
        case .unterminatedInterpolation: "PB115"
        case .emptyInterpolation: "PB116"
        case .unexpectedTopLevel: "PB117"
        case .textInsideInterpolation: "PB118"
        case .controlCharacterInText: "PB119"
        case .typeNestedTooDeep: "PB120"
        case .unknownName: "PB201"
        case .unknownField: "PB202"
        case .unknownFunction: "PB203"
        case .wrongArgumentCount: "PB204"
        case .operandTypes: "PB205"
        case .typeMismatch: "PB206"
        case .unknownEnumValue: "PB207"
        case .notAList: "PB208"
        case .notAnEntity: "PB209"
        case .unknownType: "PB210"
        case .unknownEntity: "PB211"
        case .notConstant: "PB212"
        case .shadowsName: "PB213"
        case .emptyListType: "PB214"
        case .duplicateChoiceValue: "PB215"
        case .reservedName: "PB216"
        case .duplicatePlaybook: "PB301"
        case .duplicateRule: "PB302"
        case .duplicateParameter: "PB303"
        case .duplicateField: "PB304"
        case .missingSetting: "PB305"
        case .phaseOutOfRange: "PB306"
        case .unknownStage: "PB307"
        case .unknownPriority: "PB308"
        case .unknownResolution: "PB309"
        case .fieldShadowsBuiltin: "PB310"
        case .negativeDuration: "PB311"
        case .numberTooLarge: "PB312"
        case .tooManyDays: "PB313"
        case .unknownBasePlaybook: "PB401"
        case .extendsCycle: "PB402"
        case .unknownRuleInCustomisation: "PB403"
        case .unknownParameterInCustomisation: "PB404"
        case .ruleAlreadyInBase: "PB405"
        case .conflictingCustomisations: "PB406"
        case .notAllowedInBase: "PB407"
        case .notAllowedInCustomisation: "PB408"
        case .parameterAlreadyInBase: "PB409"
        case .setOwnParameter: "PB410"
        case .changesDisabledRule: "PB411"
        case .extendsTooDeep: "PB412"
        case .duplicateSource: "PB501"
        case .unknownImportFile: "PB502"
        case .mappedFileName: "PB503"
        case .duplicateMappedFile: "PB504"
        case .unknownImportColumn: "PB505"
        case .duplicateMappedColumn: "PB506"
        case .columnFilledTwice: "PB507"
        case .duplicateMappedValue: "PB508"
        case .mappedValueType: "PB509"
        case .gridColumnMapped: "PB510"
        case .unusedParameter: "PB901"
        case .unusedLet: "PB902"
        case .neverTrue: "PB903"
        case .test(let m): m.code
        }
    }

    /// One phrase, no trailing period, naming the thing (the Swift compiler's message style).
    public var text: String {
        switch self {
        case .cannotRead(let why): "cannot read file: \(why)"
        case .isDirectoryWithoutPlaybooks: "directory holds no `.playbook` files"
        case .noPlaybookFiles: "no `.playbook` files to check"
        case .invalidUTF8: "file is not valid UTF-8 text"
        case .unexpectedCharacter(let c): "unexpected character `\(c)`"
        case .unterminatedText: "text is missing its closing quote"
        case .invalidEscape(let e): "unknown escape `\(e)` in text"
        case .invalidDate(let d): "`\(d)` is not a valid date"
        case .numberFollowedByLetters(let s): "`\(s)` needs a space between the number and the word"
        case .expected(let what, let found): "expected \(what), found \(found)"
        case .unclosedBlock(let b): "`\(b)` block is missing its closing `}`"
        case .unknownSetting(let s, let b): "`\(s)` is not a setting of a `\(b)` block"
        case .nestingTooDeep: "expression is nested too deeply"
        case .duplicateSetting(let s): "`\(s)` is set twice in the same block"
        case .unterminatedInterpolation: "`{` in text is missing its closing `}`"
        case .emptyInterpolation: "`{}` in text holds no expression"
        case .unexpectedTopLevel(let s): "expected `playbook`, `field` or `source` at the top of a file, found \(s)"
        case .textInsideInterpolation: "quoted text cannot appear inside `{…}` in text"
        case .controlCharacterInText(let c): "text in quotes cannot hold the control character \(c)"
        case .typeNestedTooDeep(let n): "type nests more than \(n) `list of`"
        case .unknownName(let n): "unknown name `\(n)`"
        case .unknownField(let f, let e): "`\(e)` has no field `\(f)`"
        case .unknownFunction(let f): "unknown function `\(f)`"
        case .wrongArgumentCount(let f, let e, let g): "`\(f)` takes \(e), but \(g) \(g == 1 ? "was" : "were") given"
        case .operandTypes(let op, let l, let r): "`\(op)` cannot combine \(l) and \(r)"
        case .typeMismatch(let e, let g, let c): "\(c) must be \(e), but this is \(g)"
        case .unknownEnumValue(let v, let t): "\"\(v)\" is not a value of \(t)"
        case .notAList(let t): "expected a list to go through, but this is \(t)"
        case .notAnEntity(let t, let m): "\(t) has no fields, so `.\(m)` cannot be read"
        case .unknownType(let t): "unknown type `\(t)`"
        case .unknownEntity(let e): "unknown record type `\(e)`"
        case .notConstant(let what): "\(what) must be a fixed value that depends on neither the account nor the date"
        case .shadowsName(let n): "`\(n)` is already the name of something else here"
        case .emptyListType: "an empty list needs a type: write `param x: list of text = []`"
        case .duplicateChoiceValue(let v): "\"\(v)\" is listed twice"
        case .reservedName(let n): "`\(n)` is a reserved word and cannot be used as a name"
        case .duplicatePlaybook(let id): "playbook `\(id)` is defined more than once"
        case .duplicateRule(let id, let p): "rule `\(id)` is defined more than once in playbook `\(p)`"
        case .duplicateParameter(let p): "parameter `\(p)` is defined more than once"
        case .duplicateField(let f): "field `\(f)` is declared more than once"
        case .missingSetting(let s, let b): "\(b) has no `\(s)`"
        case .phaseOutOfRange(let p): "phase \(p) does not exist; phases are 1 to 7"
        case .unknownStage(let s): "unknown stage `\(s)`"
        case .unknownPriority(let p): "unknown priority `\(p)`"
        case .unknownResolution(let r): "unknown way to resolve `\(r)`"
        case .fieldShadowsBuiltin(let f): "`\(f)` is a built-in field and cannot be declared again"
        case .negativeDuration(let s): "\(s) cannot be negative"
        case .numberTooLarge(let n): "`\(n)` is too large; a number has at most 15 digits before its decimal point"
        case .tooManyDays(let what, let limit): "\(what) is longer than \(limit)"
        case .unknownBasePlaybook(let b): "playbook extends `\(b)`, which does not exist"
        case .extendsCycle(let chain): "playbooks extend each other in a cycle: \(chain)"
        case .unknownRuleInCustomisation(let r, let b): "base playbook `\(b)` has no rule `\(r)`"
        case .unknownParameterInCustomisation(let p, let b): "base playbook `\(b)` has no parameter `\(p)`"
        case .ruleAlreadyInBase(let r, let b): "rule `\(r)` already exists in base playbook `\(b)`"
        case .conflictingCustomisations(let what): "two customisations change \(what) for the same accounts"
        case .notAllowedInBase(let s): "`\(s)` is only allowed in a playbook that extends another"
        case .notAllowedInCustomisation(let s): "`\(s)` cannot be changed by a customisation"
        case .parameterAlreadyInBase(let p, let b): "parameter `\(p)` already exists in base playbook `\(b)`"
        case .setOwnParameter(let p): "parameter `\(p)` is declared in this playbook; give its value in the `param` line instead of `set`"
        case .changesDisabledRule(let r): "rule `\(r)` is both switched off and changed"
        case .extendsTooDeep(let n): "playbook is more than \(n) customisations away from its base"
        case .duplicateSource(let s): "source `\(s)` is defined more than once"
        case .unknownImportFile(let f): "`\(f)` is not a file the import reads"
        case .mappedFileName(let f): "file name \"\(f)\" must end in .csv or .json and name no folder"
        case .duplicateMappedFile(let f): "file \"\(f)\" is mapped more than once"
        case .unknownImportColumn(let c, let f): "`\(f)` has no column `\(c)`"
        case .duplicateMappedColumn(let c): "column \"\(c)\" is mapped more than once"
        case .columnFilledTwice(let c): "two columns of the export fill `\(c)`"
        case .duplicateMappedValue(let v): "\"\(v)\" is mapped more than once"
        case .mappedValueType(let c, let e, let g): "`\(c)` takes \(e), but this is \(g)"
        case .gridColumnMapped(let c): "the RACI grid of a CSV file has no `\(c)` column to map"
        case .unusedParameter(let p): "parameter `\(p)` is never used"
        case .unusedLet(let l): "`let \(l)` is never used"
        case .neverTrue: "condition compares a value with itself, so its result never changes"
        case .test(let m): m.text
        }
    }
}

/// Problems in `playbook test`'s test files, each with a stable PT code (docs/testing.md): their
/// own codes, since a test file is not a playbook, but the same `Diagnostic` and renderer. Several
/// read like a PB message (PT101 and PB103); the codes say which kind of file is wrong. Never
/// renumber.
///
/// PT0xx files, PT1xx syntax of a test file, PT2xx references to playbooks and data.
public enum TestMessage: Sendable, Hashable {
    case cannotRead(String)                          // PT001
    case noTestFiles                                 // PT002
    case unterminatedText                            // PT101
    case invalidEscape(String)                       // PT102
    case unknownStatement(String)                    // PT103
    case expected(String, found: String)             // PT104
    case invalidDate(String)                         // PT105
    case outsideCase(String)                         // PT106
    case beforeFirstRun(String)                      // PT107
    case datesNotIncreasing(String, previous: String) // PT108
    case duplicateCase(String)                       // PT109
    case caseWithoutRun(String)                      // PT110
    case attributeWithoutExpectation(String)         // PT111
    case duplicateAttribute(String)                  // PT112
    case emptyTable(String)                          // PT113
    case setAfterRun                                 // PT114
    case misplacedPlaybooks                          // PT115
    case unknownEntity(String)                       // PT201
    case dataProblem(String)                         // PT202
    case unknownRule(String)                         // PT203
    case unknownAccount(String)                      // PT204
    case unknownParameter(String, playbook: String)  // PT205
    case unknownPlaybook(String)                     // PT206
    case invalidOverride(String)                     // PT207
    case playbooksHaveErrors(Int)                    // PT208

    public var code: String {
        switch self {
        case .cannotRead: "PT001"
        case .noTestFiles: "PT002"
        case .unterminatedText: "PT101"
        case .invalidEscape: "PT102"
        case .unknownStatement: "PT103"
        case .expected: "PT104"
        case .invalidDate: "PT105"
        case .outsideCase: "PT106"
        case .beforeFirstRun: "PT107"
        case .datesNotIncreasing: "PT108"
        case .duplicateCase: "PT109"
        case .caseWithoutRun: "PT110"
        case .attributeWithoutExpectation: "PT111"
        case .duplicateAttribute: "PT112"
        case .emptyTable: "PT113"
        case .setAfterRun: "PT114"
        case .misplacedPlaybooks: "PT115"
        case .unknownEntity: "PT201"
        case .dataProblem: "PT202"
        case .unknownRule: "PT203"
        case .unknownAccount: "PT204"
        case .unknownParameter: "PT205"
        case .unknownPlaybook: "PT206"
        case .invalidOverride: "PT207"
        case .playbooksHaveErrors: "PT208"
        }
    }

    /// One phrase, no trailing period, naming the thing (the style of the language's messages).
    public var text: String {
        switch self {
        case .cannotRead(let why): "cannot read test file: \(why)"
        case .noTestFiles: "no `.test` files found"
        case .unterminatedText: "text is missing its closing quote"
        case .invalidEscape(let e): "unknown escape `\(e)` in text"
        case .unknownStatement(let w): "unknown statement `\(w)`"
        case .expected(let what, let found): "expected \(what), found \(found)"
        case .invalidDate(let d): "`\(d)` is not a valid date"
        case .outsideCase(let w): "`\(w)` must be inside a case"
        case .beforeFirstRun(let w): "`\(w)` needs an `on` line before it"
        case .datesNotIncreasing(let d, let p): "`on \(d)` is not after the previous run, on \(p)"
        case .duplicateCase(let n): "case \"\(n)\" is defined more than once in this file"
        case .caseWithoutRun(let n): "case \"\(n)\" has no `on` line, so nothing runs"
        case .attributeWithoutExpectation(let a): "`\(a)` must follow an `expect task` line"
        case .duplicateAttribute(let a): "`\(a)` is given twice for the same task"
        case .emptyTable(let e): "`data \(e)` has no table under it"
        case .setAfterRun: "`set` must come before the case's first `on`"
        case .misplacedPlaybooks: "`playbooks` must come once, before the first case"
        case .unknownEntity(let e): "unknown record type `\(e)`"
        case .dataProblem(let reason): "data: \(reason)"
        case .unknownRule(let r): "no rule `\(r)` in the playbooks under test"
        case .unknownAccount(let a): "no account `\(a)` in this case's data"
        case .unknownParameter(let p, let b): "playbook `\(b)` has no parameter `\(p)`"
        case .unknownPlaybook(let p): "no playbook `\(p)` in the playbooks under test"
        case .invalidOverride(let why): "the value does not fit the playbook: \(why)"
        case .playbooksHaveErrors(let n): "the playbooks under test have \(n) \(n == 1 ? "error" : "errors"); no case of this file ran"
        }
    }
}
