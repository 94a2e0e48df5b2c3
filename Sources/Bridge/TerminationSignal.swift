import Dispatch
import Glibc

/// SIGTERM and SIGINT as something to await (the default action, dying at
/// once, is replaced by a graceful stop).
public enum TerminationSignal {
    /// Returns the first SIGTERM or SIGINT the process receives.
    public static func wait() async -> Int32 {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        let sources = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
        var received: Int32 = SIGTERM
        for await number in stream {
            received = number
            break
        }
        for source in sources { source.cancel() }
        return received
    }
}
