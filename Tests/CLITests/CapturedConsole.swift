import CLI
import Synchronization

/// A console that keeps what commands write, for assertions.
final class CapturedConsole: Sendable {
    private let outputText = Mutex("")
    private let errorText = Mutex("")

    var output: String { outputText.withLock { $0 } }
    var error: String { errorText.withLock { $0 } }

    var console: Console {
        Console(
            output: { text in self.outputText.withLock { $0 += text } },
            error: { text in self.errorText.withLock { $0 += text } }
        )
    }
}
