import Foundation
import Glibc

@testable import HTTP
import Testing

/// A blocking raw-socket client for live tests: sends exact bytes and reads
/// responses back (status, headers, body by Content-Length).
final class TestClient {
    struct Response {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let fd: Int32
    private var buffer: [UInt8] = []

    init(port: Int, host: String = "127.0.0.1", receiveTimeoutSeconds: Int = 5) throws {
        var (storage, length) = try SocketAddress.resolve(host: host, port: port)
        fd = socket(Int32(storage.ss_family), Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var timeout = timeval(tv_sec: receiveTimeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let status = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, length) }
        }
        guard status == 0 else {
            close(fd)
            throw Failure(description: "connect: errno \(errno)")
        }
    }

    deinit { close(fd) }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw Failure(description: "send: errno \(errno)") }
            offset += written
        }
    }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    /// Reads more bytes; false at end of stream.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count < 0 { throw Failure(description: "recv: errno \(errno) (timeout?)") }
        buffer.append(contentsOf: chunk[0..<count])
        return count > 0
    }

    /// Reads one response (interim 1xx responses included).
    func readResponse() throws -> Response {
        var headEnd: Int?
        while headEnd == nil {
            if let range = findHeadEnd() {
                headEnd = range
            } else if try !fill() {
                throw Failure(description: "connection closed before a response (\(buffer.count) bytes)")
            }
        }
        guard let headEnd else { throw Failure(description: "unreachable") }
        let head = String(decoding: buffer[0..<headEnd], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
            throw Failure(description: "bad status line in \(head)")
        }
        var headers = HTTPHeaders()
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.add(String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters())
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        while buffer.count < headEnd + length {
            guard try fill() else { throw Failure(description: "connection closed inside a body") }
        }
        let body = Array(buffer[headEnd..<headEnd + length])
        buffer.removeFirst(headEnd + length)
        return Response(status: status, headers: headers, body: body)
    }

    /// True when the server closed the connection (EOF) with nothing more to read.
    func readsEndOfStream() -> Bool {
        guard buffer.isEmpty else { return false }
        return (try? fill()) == false
    }

    private func findHeadEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 3..<buffer.count
        where buffer[index] == 0x0A && buffer[index - 1] == 0x0D && buffer[index - 2] == 0x0A && buffer[index - 3] == 0x0D {
            return index + 1
        }
        return nil
    }
}

extension String {
    func trimmingCharacters() -> String {
        var slice = Substring(self)
        while slice.first == " " { slice = slice.dropFirst() }
        while slice.last == " " { slice = slice.dropLast() }
        return String(slice)
    }
}

/// Starts a server on 127.0.0.1 port 0 for one test and stops it after.
func withServer<T>(
    _ configuration: HTTPServer.Configuration = .init(host: "127.0.0.1", port: 0, loopCount: 2),
    handler: any HTTPHandler = TestRoutes.router(), _ body: (HTTPServer, Int) throws -> T
) throws -> T {
    let server = HTTPServer(configuration: configuration, handler: handler)
    let address = try server.start()
    defer { server.stop() }
    return try body(server, address.port)
}

/// Runs blocking socket work on its own thread, so it never holds one of
/// the cooperative pool's threads that `Task`-based handlers need.
func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

/// Raises the soft descriptor limit to at least `needed` (many sockets, both ends in this process).
func raiseDescriptorLimit(atLeast needed: Int) throws {
    var limit = rlimit()
    getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    if limit.rlim_cur < rlim_t(needed) {
        limit.rlim_cur = min(limit.rlim_max, rlim_t(needed))
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
    try #require(limit.rlim_cur >= rlim_t(needed), "the hard descriptor limit is below \(needed)")
}
