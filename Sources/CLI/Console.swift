import Foundation

/// Where commands write: standard output for results, standard error for
/// diagnostics. Tests pass a capturing console instead of the process's own.
package struct Console: Sendable {
    private let writeOutput: @Sendable (String) -> Void
    private let writeError: @Sendable (String) -> Void

    /// A console writing text to the two closures (each call gets whole lines).
    package init(output: @escaping @Sendable (String) -> Void, error: @escaping @Sendable (String) -> Void) {
        self.writeOutput = output
        self.writeError = error
    }

    /// Writes `line` and a newline to standard output.
    package func print(_ line: String) {
        writeOutput(line + "\n")
    }

    /// Writes `line` and a newline to standard error.
    package func error(_ line: String) {
        writeError(line + "\n")
    }

    /// The process's standard output and standard error, unbuffered.
    ///
    /// A write that fails (a closed pipe, as in `sniffer-bridge --help | head -1`
    /// with SIGPIPE ignored) is dropped: there is nowhere left to report it.
    package static let standard = Console(
        output: { try? FileHandle.standardOutput.write(contentsOf: Data($0.utf8)) },
        error: { try? FileHandle.standardError.write(contentsOf: Data($0.utf8)) }
    )
}
