import Glibc

/// A failed system call: its name and errno.
public struct IOError: Error, Sendable, Equatable, CustomStringConvertible {
    public let errno: Int32
    public let call: String

    package init(errno: Int32, call: String) {
        self.errno = errno
        self.call = call
    }

    public var description: String { "\(call) failed: \(String(cString: strerror(errno))) (errno \(errno))" }
}

/// The outcome of a non-blocking call.
package enum IOResult<Value> {
    case processed(Value)
    case wouldBlock
}

/// Every system call of the listener goes through here: retries on `EINTR`,
/// turns `EAGAIN`/`EWOULDBLOCK` (equal on Linux) into `.wouldBlock`, and
/// throws `IOError` for anything else. `body` returns -1 on failure.
@inline(__always)
package func syscall<Value: BinaryInteger>(_ call: StaticString, _ body: () -> Value) throws(IOError) -> IOResult<Value> {
    while true {
        let result = body()
        if result >= 0 { return .processed(result) }
        let code = errno
        switch code {
        case EINTR: continue
        case EAGAIN: return .wouldBlock
        default: throw IOError(errno: code, call: "\(call)")
        }
    }
}

/// `syscall` for calls that cannot block: `.wouldBlock` is an error too.
@inline(__always)
@discardableResult
package func syscallChecked<Value: BinaryInteger>(_ call: StaticString, _ body: () -> Value) throws(IOError) -> Value {
    switch try syscall(call, body) {
    case .processed(let value): return value
    case .wouldBlock: throw IOError(errno: EAGAIN, call: "\(call)")
    }
}
