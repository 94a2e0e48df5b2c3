import CLinux
import Glibc

/// An eventfd: other threads write to it to wake a loop out of epoll_wait.
package final class EventFD: Sendable {
    package let fd: Int32

    package init() throws(IOError) {
        fd = try syscallChecked("eventfd") { eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC)) }
    }

    deinit { close(fd) }

    /// Wakes the loop (safe from any thread).
    package func signal() {
        var one: UInt64 = 1
        _ = try? syscall("write(eventfd)") { write(fd, &one, 8) }
    }

    /// Resets the counter (loop thread).
    package func drain() {
        var value: UInt64 = 0
        _ = try? syscall("read(eventfd)") { read(fd, &value, 8) }
    }
}
