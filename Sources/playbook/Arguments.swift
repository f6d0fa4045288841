import PlaybookLanguage

/// What a command accepts, declared as data so that parsing, `--help` and "did you mean" all
/// read the same list.
struct OptionSpec: Sendable {
    var name: String
    /// Placeholder shown in help, such as `text|json`; nil for a flag, which takes no value.
    var valueName: String?
    var help: String

    var takesValue: Bool { valueName != nil }
    var display: String { "--" + name + (valueName.map { " <\($0)>" } ?? "") }
}

struct CommandSpec: Sendable {
    var name: String
    var abstract: String
    var usage: String
    var discussion: String
    var options: [OptionSpec]
    /// Positional arguments accepted: `nil` for any number.
    var maxPositionals: Int?
}

/// The command line after parsing; options not given are absent.
struct ParsedArguments: Sendable, Equatable {
    var values: [String: String] = [:]
    /// Every value of an option given more than once, in order (`values` keeps the last).
    var repeated: [String: [String]] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []
    var wantsHelp = false

    func flag(_ name: String) -> Bool { flags.contains(name) }
    func value(_ name: String) -> String? { values[name] }
    /// Every value given for a repeatable option.
    func all(_ name: String) -> [String] { repeated[name] ?? values[name].map { [$0] } ?? [] }
}

/// A mistake in how the tool was called: reported in one line, with where to read more, and
/// exit status 2. `command` nil means the top level (`playbook --help`).
struct UsageError: Error, Sendable, Equatable {
    var message: String
    var command: String?

    init(_ message: String, command: String?, suggestion: String? = nil) {
        self.message = message + (suggestion.map { "; did you mean `\($0)`?" } ?? "")
        self.command = command
    }

    var helpHint: String { "see `playbook \(command.map { $0 + " " } ?? "")--help`" }
}

enum ArgumentParser {
    /// Long options as `--name value` or `--name=value`; `--` ends options; `-h` is `--help`.
    /// Help wins over every other mistake on the line, so `playbook check --bad --help` helps.
    static func parse(_ args: [String], spec: CommandSpec) throws(UsageError) -> ParsedArguments {
        var result = ParsedArguments()
        let optionsEnd = args.firstIndex(of: "--") ?? args.count
        if args[..<optionsEnd].contains(where: { $0 == "--help" || $0 == "-h" }) {
            result.wantsHelp = true
            return result
        }
        var i = 0
        while i < args.count {
            let arg = args[i]
            i += 1
            if i - 1 == optionsEnd {
                result.positionals.append(contentsOf: args[i...])
                break
            }
            guard arg.hasPrefix("-"), arg != "-" else {
                result.positionals.append(arg)
                continue
            }
            guard arg.hasPrefix("--") else {
                throw UsageError("unknown option `\(arg)`", command: spec.name,
                                 suggestion: suggestOption(arg, in: optionNames(spec)))
            }
            let body = arg.dropFirst(2)
            let name = String(body.prefix { $0 != "=" })
            let inline: String? = body.contains("=") ? String(body.drop { $0 != "=" }.dropFirst()) : nil
            guard let option = spec.options.first(where: { $0.name == name }) else {
                throw UsageError("unknown option `--\(name)`", command: spec.name,
                                 suggestion: suggestOption(name, in: optionNames(spec)))
            }
            if !option.takesValue {
                if inline != nil { throw UsageError("option `--\(name)` takes no value", command: spec.name) }
                result.flags.insert(name)
                continue
            }
            let given: String
            if let inline {
                given = inline
            } else if i < optionsEnd, !looksLikeOption(args[i]) {
                given = args[i]
                i += 1
            } else {
                throw UsageError("option `--\(name)` needs a value (\(option.valueName!))", command: spec.name)
            }
            if let earlier = result.values[name] { result.repeated[name, default: [earlier]].append(given) }
            result.values[name] = given
        }
        if let max = spec.maxPositionals, result.positionals.count > max {
            throw UsageError("unexpected argument `\(result.positionals[max])`", command: spec.name)
        }
        return result
    }

    /// A word that is itself an option is not taken as the previous option's value: in
    /// `--format --write` the user forgot the format, rather than asked for one named `--write`.
    static func looksLikeOption(_ s: String) -> Bool { s.hasPrefix("-") && s != "-" }

    static func optionNames(_ spec: CommandSpec) -> [String] { spec.options.map(\.name) + ["help"] }

    /// The option a mistyped one most plausibly meant, by the language's `Suggestions` on the
    /// names without their dashes; a known name given with one dash (`-format`) is offered as is.
    static func suggestOption(_ typed: String, in names: [String]) -> String? {
        let word = String(typed.drop { $0 == "-" })
        if names.contains(word) { return "--" + word }
        return Suggestions.closest(to: word, in: names).map { "--" + $0 }
    }
}
