import CLinux
import Glibc

/// Owns one socket fd: every call on it goes through `syscall`, and the fd
/// is closed exactly once (by `close()` or, as a last resort, `deinit`).
package final class Socket {
    package private(set) var fd: Int32
    package var isOpen: Bool { fd >= 0 }

    package init(fd: Int32) {
        self.fd = fd
    }

    deinit {
        if fd >= 0 { Glibc.close(fd) }
    }

    /// A non-blocking listening socket bound to `host:port`, with
    /// `SO_REUSEADDR` and, when `reusePort`, `SO_REUSEPORT`.
    package static func listen(host: String, port: Int, backlog: Int32, reusePort: Bool) throws(IOError) -> Socket {
        var (storage, length) = try SocketAddress.resolve(host: host, port: port)
        let family = Int32(storage.ss_family)
        let fd = try syscallChecked("socket") {
            Glibc.socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        let socket = Socket(fd: fd)
        try socket.setOption(SOL_SOCKET, SO_REUSEADDR, 1)
        if reusePort { try socket.setOption(SOL_SOCKET, SO_REUSEPORT, 1) }
        _ = try withUnsafePointer(to: &storage) { pointer throws(IOError) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(IOError) in
                try syscallChecked("bind") { Glibc.bind(fd, address, length) }
            }
        }
        try syscallChecked("listen") { Glibc.listen(fd, backlog) }
        return socket
    }

    package func setOption(_ level: Int32, _ name: Int32, _ value: Int32) throws(IOError) {
        var value = value
        try syscallChecked("setsockopt") { setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size)) }
    }

    /// The bound local address.
    package func localAddress() throws(IOError) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = try withUnsafeMutablePointer(to: &storage) { pointer throws(IOError) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(IOError) in
                try syscallChecked("getsockname") { getsockname(fd, address, &length) }
            }
        }
        guard let address = SocketAddress(storage) else { throw IOError(errno: EAFNOSUPPORT, call: "getsockname") }
        return address
    }

    /// Accepts one connection as a non-blocking socket, or `nil` when none waits.
    package func accept() throws(IOError) -> Socket? {
        let flags = Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        switch try syscall("accept4", { CLinux_accept4(fd, nil, nil, flags) }) {
        case .processed(let client):
            // Responses are written whole; no need to wait for more bytes.
            let socket = Socket(fd: client)
            try? socket.setOption(Int32(IPPROTO_TCP), TCP_NODELAY, 1)
            return socket
        case .wouldBlock:
            return nil
        }
    }

    /// Reads into `buffer`; 0 means end of stream.
    package func read(into buffer: UnsafeMutableRawBufferPointer) throws(IOError) -> IOResult<Int> {
        try syscall("read") { Glibc.read(fd, buffer.baseAddress, buffer.count) }
    }

    /// Writes from `bytes`; returns how many were written.
    package func write(_ bytes: UnsafeRawBufferPointer) throws(IOError) -> IOResult<Int> {
        try syscall("write") { Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Shuts the write side: the peer sees the end of the response stream.
    package func shutdownWrite() {
        _ = try? syscallChecked("shutdown") { Glibc.shutdown(fd, Int32(SHUT_WR)) }
    }

    /// Makes `close()` send a RST instead of a FIN (SO_LINGER with 0 s).
    package func setResetOnClose() {
        var option = linger(l_onoff: 1, l_linger: 0)
        _ = try? syscallChecked("setsockopt(SO_LINGER)") {
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
        }
    }

    /// Gives up ownership of the fd without closing it.
    package func release() {
        fd = -1
    }

    /// Closes the fd. Not retried on EINTR: Linux has released it anyway.
    package func close() {
        guard fd >= 0 else { return }
        Glibc.close(fd)
        fd = -1
    }
}
