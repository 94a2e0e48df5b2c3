import Glibc

/// One file descriptor a loop keeps open (on `/dev/null`) for the moment the
/// process has none left: it closes it, accepts the waiting connection into
/// the freed slot, closes that at once and opens the reserve again. The
/// sender learns at once that it must retry, rather than waiting in a listen
/// queue that would fill, and the loop does not spin on a listener that stays
/// readable.
struct DescriptorReserve {
    private var fd: Int32

    init() { fd = Self.openNull() }

    /// Accepts one waiting connection from `listener` and closes it; `false`
    /// when there is no reserve (it could not be reopened) or nothing waits.
    /// `whileFree` runs while the reserve's slot is free, before the accept
    /// takes it (reporting needs a descriptor to count the open ones).
    mutating func acceptAndClose(from listener: Socket, context: ServerContext, whileFree: () -> Void) -> Bool {
        guard fd >= 0 else {
            fd = Self.openNull()
            whileFree()
            return false
        }
        close(fd)
        fd = -1
        whileFree()
        let accepted = (try? listener.accept()) ?? nil
        accepted?.close()
        fd = Self.openNull()
        guard accepted != nil else { return false }
        context.refusedForDescriptors.add(1, ordering: .relaxed)
        return true
    }

    /// Closes the reserve for good (the loop is ending).
    mutating func release() {
        if fd >= 0 { close(fd) }
        fd = -1
    }

    private static func openNull() -> Int32 { open("/dev/null", O_RDONLY | O_CLOEXEC) }

    /// The process's soft limit on open descriptors (`RLIMIT_NOFILE`).
    static var limit: Int {
        var limits = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limits) == 0 else { return -1 }
        return limits.rlim_cur > UInt64(Int.max) ? Int.max : Int(limits.rlim_cur)
    }

    /// Descriptors open in this process, counted in `/proc/self/fd` (the
    /// directory's own descriptor left out), or -1 when it cannot be read
    /// (with none free it cannot be opened).
    static func openCount() -> Int {
        guard let directory = opendir("/proc/self/fd") else { return -1 }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix(while: { $0 != 0 })) }
            if name != [UInt8(ascii: ".")] && name != [UInt8(ascii: "."), UInt8(ascii: ".")] { count += 1 }
        }
        return count - 1
    }
}
