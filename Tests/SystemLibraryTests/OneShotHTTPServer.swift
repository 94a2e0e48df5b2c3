import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP server for smoke tests: a POSIX socket on 127.0.0.1 with a
/// kernel-chosen port, answering one connection with a fixed response from a
/// background thread, and keeping the request head it received.
final class OneShotHTTPServer: Sendable {
    struct SocketError: Error, CustomStringConvertible {
        let call: String
        let code: Int32
        var description: String { "\(call) failed: \(String(cString: strerror(code)))" }
    }

    /// The port the kernel gave the listener.
    let port: UInt16
    private let listener: Int32
    private let received = Mutex<String?>(nil)
    private let finished = DispatchSemaphore(value: 0)

    /// Starts listening and serves `response` (raw bytes) to the first connection.
    init(response: String) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SocketError(call: "socket", code: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(fd, socketAddress, length) == 0 && getsockname(fd, socketAddress, &length) == 0
            }
        }
        guard bound, listen(fd, 4) == 0 else {
            let code = errno
            close(fd)
            throw SocketError(call: "bind/listen", code: code)
        }
        self.listener = fd
        self.port = UInt16(bigEndian: address.sin_port)
        let bytes = Array(response.utf8)
        Thread.detachNewThread { [self] in
            serveOnce(bytes)
            finished.signal()
        }
    }

    /// The request head (request line and headers) the server read, once it
    /// has answered; `nil` if no request came within `seconds`.
    func requestHead(waitingUpTo seconds: Double = 10) -> String? {
        guard finished.wait(timeout: .now() + seconds) == .success else { return nil }
        return received.withLock { $0 }
    }

    deinit {
        close(listener)
    }

    /// Accepts one connection (waiting at most 10 s), reads the request head,
    /// writes the response and closes.
    private func serveOnce(_ response: [UInt8]) {
        var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 10_000) == 1 else { return }
        let connection = accept(listener, nil, nil)
        guard connection >= 0 else { return }
        defer { close(connection) }
        var head: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let terminator = Array("\r\n\r\n".utf8)
        while !head.ends(with: terminator) && head.count < 65_536 {
            var readable = pollfd(fd: connection, events: Int16(POLLIN), revents: 0)
            guard poll(&readable, 1, 10_000) == 1 else { return }
            let count = buffer.withUnsafeMutableBytes { read(connection, $0.baseAddress, $0.count) }
            guard count > 0 else { return }
            head += buffer[0..<count]
        }
        received.withLock { $0 = String(decoding: head, as: UTF8.self) }
        var sent = 0
        while sent < response.count {
            let count = response[sent...].withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
            guard count > 0 else { return }
            sent += count
        }
    }
}

extension Array where Element: Equatable {
    fileprivate func ends(with suffix: [Element]) -> Bool {
        count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix
    }
}
