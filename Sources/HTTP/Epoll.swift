import CLinux
import Glibc

/// The only code that touches epoll. Each registration carries 64 bits of
/// user data; the loop packs a connection's fd with a generation number so
/// events for a closed-and-reused fd are recognised and dropped.
package final class Epoll {
    package struct Interest: OptionSet, Sendable {
        package let rawValue: UInt8
        package init(rawValue: UInt8) { self.rawValue = rawValue }
        package static let read = Interest(rawValue: 1)
        package static let write = Interest(rawValue: 2)
    }

    package struct Event {
        package var data: UInt64
        package var readable: Bool
        package var writable: Bool
        /// Error or hang-up: the loop reads to find out which.
        package var failed: Bool
    }

    private let fd: Int32
    private var events: UnsafeMutablePointer<epoll_event>
    private let capacity: Int

    package init(capacity: Int = 256) throws(IOError) {
        fd = try syscallChecked("epoll_create1") { epoll_create1(Int32(EPOLL_CLOEXEC)) }
        self.capacity = capacity
        events = .allocate(capacity: capacity)
    }

    deinit {
        events.deallocate()
        close(fd)
    }

    private static func bits(_ interest: Interest) -> UInt32 {
        var bits: UInt32 = 0
        if interest.contains(.read) { bits |= EPOLLIN.rawValue | EPOLLRDHUP.rawValue }
        if interest.contains(.write) { bits |= EPOLLOUT.rawValue }
        return bits
    }

    package func add(_ socket: Int32, interest: Interest, data: UInt64) throws(IOError) {
        var event = epoll_event(events: Self.bits(interest), data: epoll_data_t(u64: data))
        try syscallChecked("epoll_ctl(ADD)") { epoll_ctl(fd, EPOLL_CTL_ADD, socket, &event) }
    }

    package func modify(_ socket: Int32, interest: Interest, data: UInt64) throws(IOError) {
        var event = epoll_event(events: Self.bits(interest), data: epoll_data_t(u64: data))
        try syscallChecked("epoll_ctl(MOD)") { epoll_ctl(fd, EPOLL_CTL_MOD, socket, &event) }
    }

    package func remove(_ socket: Int32) {
        var event = epoll_event()
        _ = epoll_ctl(fd, EPOLL_CTL_DEL, socket, &event)
    }

    /// Waits up to `timeoutMilliseconds`; returns how many events `event(at:)` holds.
    package func wait(timeoutMilliseconds: Int32) throws(IOError) -> Int {
        switch try syscall("epoll_wait", { epoll_wait(fd, events, Int32(capacity), timeoutMilliseconds) }) {
        case .processed(let value): return Int(value)
        case .wouldBlock: return 0
        }
    }

    /// The `index`th event of the last `wait`.
    package func event(at index: Int) -> Event {
        let raw = events[index]
        let bits = raw.events
        return Event(
            data: raw.data.u64,
            readable: bits & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue) != 0,
            writable: bits & EPOLLOUT.rawValue != 0,
            failed: bits & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0)
    }
}
