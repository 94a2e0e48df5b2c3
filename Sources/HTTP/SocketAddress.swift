import CLinux
import Glibc

/// An IPv4 or IPv6 address and port.
public struct SocketAddress: Sendable, Hashable, CustomStringConvertible {
    /// The numeric host, e.g. `127.0.0.1` or `::1`.
    public let host: String
    public let port: Int
    public let isIPv6: Bool

    public var description: String { isIPv6 ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Resolves `host` (a name or a numeric address; empty for any) for a
    /// passive (listening) socket: the first address getaddrinfo offers.
    package static func resolve(host: String, port: Int) throws(IOError) -> (storage: sockaddr_storage, length: socklen_t) {
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        // Square brackets are accepted around IPv6 literals: "[::1]".
        var name = host
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        let status = name.isEmpty
            ? getaddrinfo(nil, String(port), &hints, &list) : getaddrinfo(name, String(port), &hints, &list)
        guard status == 0, let first = list, let address = first.pointee.ai_addr else {
            throw IOError(errno: EINVAL, call: "getaddrinfo(\(host)): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var storage = sockaddr_storage()
        let length = first.pointee.ai_addrlen
        withUnsafeMutableBytes(of: &storage) { target in
            target.copyMemory(from: UnsafeRawBufferPointer(start: address, count: Int(length)))
        }
        return (storage, length)
    }

    /// The address in `storage` (AF_INET or AF_INET6).
    package init?(_ storage: sockaddr_storage) {
        var storage = storage
        switch Int32(storage.ss_family) {
        case AF_INET:
            let (address, port) = withUnsafeBytes(of: &storage) { raw in
                let ipv4 = raw.load(as: sockaddr_in.self)
                return (ipv4.sin_addr, ipv4.sin_port)
            }
            var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            var copy = address
            inet_ntop(AF_INET, &copy, &text, socklen_t(text.count))
            self.host = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            self.port = Int(UInt16(bigEndian: port))
            self.isIPv6 = false
        case AF_INET6:
            let (address, port) = withUnsafeBytes(of: &storage) { raw in
                let ipv6 = raw.load(as: sockaddr_in6.self)
                return (ipv6.sin6_addr, ipv6.sin6_port)
            }
            var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            var copy = address
            inet_ntop(AF_INET6, &copy, &text, socklen_t(text.count))
            self.host = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            self.port = Int(UInt16(bigEndian: port))
            self.isIPv6 = true
        default:
            return nil
        }
    }
}
