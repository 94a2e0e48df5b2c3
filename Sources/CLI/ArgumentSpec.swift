/// What a command accepts: its options and its positional arguments.
///
/// The parser checks a command line against this, and the help text is
/// generated from it, so the two cannot drift apart.
package struct ArgumentSpec: Sendable {
    /// Options, in the order help lists them.
    package var options: [Option]
    /// Positional arguments, in order. At most the last one may be variadic,
    /// and optional ones come after required ones.
    package var positionals: [Positional]

    /// A spec with the given options and positionals (both default to none).
    package init(options: [Option] = [], positionals: [Positional] = []) {
        self.options = options
        self.positionals = positionals
    }

    /// The option spelled `--name`, if declared.
    package func option(named name: String) -> Option? {
        options.first { $0.name == name }
    }

    /// The option spelled `-c`, if declared.
    package func option(short: Character) -> Option? {
        options.first { $0.short == short }
    }
}

/// One `--name` option of a command.
package struct Option: Sendable, Equatable {
    /// How an option takes values.
    package enum Kind: Sendable, Equatable {
        /// A boolean switch: `--explain`. Takes no value.
        case flag
        /// One value: `--config FILE` or `--config=FILE`; given twice is an error.
        case single(placeholder: String)
        /// Any number of values, collected in order: `--header 'K: V' --header 'K: V'`.
        case repeated(placeholder: String)
    }

    /// The long name, without the leading dashes: `config`.
    package let name: String
    /// An optional one-letter alias: `-c`.
    package let short: Character?
    package let kind: Kind
    /// One line for the help text.
    package let help: String
    /// Whether parsing fails when the option is absent.
    package let isRequired: Bool

    /// A boolean switch such as `--explain`.
    package static func flag(_ name: String, short: Character? = nil, help: String) -> Option {
        Option(name: name, short: short, kind: .flag, help: help, isRequired: false)
    }

    /// An option taking exactly one value, such as `--config FILE`.
    package static func value(
        _ name: String, short: Character? = nil, placeholder: String, help: String, required: Bool = false
    ) -> Option {
        Option(name: name, short: short, kind: .single(placeholder: placeholder), help: help, isRequired: required)
    }

    /// An option that may be repeated, values collected in order, such as `--header 'K: V'`.
    package static func repeated(
        _ name: String, short: Character? = nil, placeholder: String, help: String, required: Bool = false
    ) -> Option {
        Option(name: name, short: short, kind: .repeated(placeholder: placeholder), help: help, isRequired: required)
    }

    /// `--config`: how the option is spelled in messages.
    package var spelling: String { "--" + name }

    /// `--config FILE`: the option with its placeholder, as usage shows it.
    package var synopsis: String {
        switch kind {
        case .flag: spelling
        case .single(let placeholder), .repeated(let placeholder): spelling + " " + placeholder
        }
    }

    /// Whether the option takes a value.
    package var takesValue: Bool { kind != .flag }
}

/// One positional argument of a command.
package struct Positional: Sendable, Equatable {
    /// How many values a positional takes.
    package enum Arity: Sendable, Equatable {
        case required
        case optional
        /// Zero or more; only the last positional may be variadic.
        case variadic
    }

    /// The placeholder shown in usage and messages: `DIR`.
    package let name: String
    package let arity: Arity
    /// One line for the help text.
    package let help: String

    /// A positional argument named `name` (its placeholder in usage).
    package init(_ name: String, arity: Arity = .required, help: String) {
        self.name = name
        self.arity = arity
        self.help = help
    }

    /// `DIR`, `[DIR]` or `[DIR...]`, as usage shows it.
    package var synopsis: String {
        switch arity {
        case .required: name
        case .optional: "[\(name)]"
        case .variadic: "[\(name)...]"
        }
    }
}
