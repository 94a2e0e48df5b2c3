/// Checks a command line against an `ArgumentSpec`.
///
/// Accepted forms: `--name value`, `--name=value`, `-n value`, `-n=value`,
/// repeated options collected in order, boolean flags, positionals anywhere,
/// and `--` after which every word is positional. A lone `-` is a positional
/// (conventionally standard input). `-h` and `--help` anywhere before `--`
/// ask for help.
///
/// A value that begins with `-` must be attached with `=` (`--header=-x`): a
/// following word that looks like an option is never taken as a value, so
/// `--config --source x` reports the missing value rather than a config file
/// named `--source`.
package struct ArgumentParser: Sendable {
    /// The result of a parse: arguments to run with, or a request for help.
    package enum Outcome: Sendable {
        case arguments(ParsedArguments)
        case help
    }

    /// The command path for messages: `check`, `sim token`.
    package let command: String
    package let spec: ArgumentSpec

    /// A parser for `command` accepting what `spec` declares.
    package init(command: String, spec: ArgumentSpec) {
        self.command = command
        self.spec = spec
    }

    /// Parses `words` (the arguments after the command name).
    package func parse(_ words: [String]) throws(ArgumentError) -> Outcome {
        var result = ParsedArguments(command: command, spec: spec)
        var loose: [String] = []
        var index = 0
        var optionsEnded = false
        while index < words.count {
            let word = words[index]
            index += 1
            if optionsEnded || word == "-" || !word.hasPrefix("-") {
                loose.append(word)
            } else if word == "--" {
                optionsEnded = true
            } else if word == "--help" || word == "-h" {
                return .help
            } else {
                let (option, spelling, inline) = try resolve(word)
                guard option.takesValue else {
                    if inline != nil { throw .unexpectedValue(spelling) }
                    result.append("", for: option)
                    continue
                }
                let value: String
                if let inline {
                    value = inline
                } else if index < words.count, !Self.looksLikeOption(words[index]) {
                    value = words[index]
                    index += 1
                } else {
                    throw .missingValue(spelling)
                }
                if value.isEmpty { throw .missingValue(spelling) }
                if case .single = option.kind, result.hasValue(for: option) { throw .duplicateOption(spelling) }
                result.append(value, for: option)
            }
        }
        for option in spec.options where option.isRequired && !result.hasValue(for: option) {
            throw .missingOption(option.spelling, command: command)
        }
        try assign(loose, to: &result)
        return .arguments(result)
    }

    /// The option a word names, how the user spelled it, and a value attached with `=`.
    private func resolve(_ word: String) throws(ArgumentError) -> (Option, String, String?) {
        let spelling: Substring
        let inline: String?
        if let equals = word.firstIndex(of: "=") {
            spelling = word[..<equals]
            inline = String(word[word.index(after: equals)...])
        } else {
            spelling = word[...]
            inline = nil
        }
        let option: Option?
        if spelling.hasPrefix("--") {
            option = spec.option(named: String(spelling.dropFirst(2)))
        } else if spelling.count == 2, let letter = spelling.last {
            option = spec.option(short: letter)
        } else {
            option = nil
        }
        guard let option else { throw .unknownOption(String(spelling), command: command) }
        return (option, String(spelling), inline)
    }

    /// Hands positional words to the declared positionals, in order.
    private func assign(_ words: [String], to result: inout ParsedArguments) throws(ArgumentError) {
        var remaining = words[...]
        for positional in spec.positionals {
            switch positional.arity {
            case .required:
                guard let word = remaining.popFirst() else {
                    throw .missingArgument(positional.name, command: command)
                }
                result.append(word, for: positional)
            case .optional:
                if let word = remaining.popFirst() { result.append(word, for: positional) }
            case .variadic:
                while let word = remaining.popFirst() { result.append(word, for: positional) }
            }
        }
        if let extra = remaining.first { throw .unexpectedArgument(extra, command: command) }
    }

    /// `-x`, `--x`: a word that is an option, not a value (a lone `-` is a value).
    static func looksLikeOption(_ word: String) -> Bool {
        word.count > 1 && word.hasPrefix("-")
    }
}
