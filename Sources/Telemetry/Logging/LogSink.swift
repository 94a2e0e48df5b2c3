#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Where formatted log lines are written.
public protocol LogSink: Sendable {
    /// Writes one complete line (it ends in `\n`).
    func write(line: String)
}

/// Writes each line to a file descriptor (stderr by default) with one
/// `write(2)` call, under a lock, so lines from different threads never
/// interleave. A short write (a full pipe) is finished under the same lock
/// before the next line starts; `EINTR` is retried; other errors drop the
/// line, because a logger must never take the process down.
public final class FileDescriptorLogSink: LogSink {
    /// The descriptor; the lock also serialises the writes.
    private let descriptor: Mutex<Int32>

    /// Writes to `fileDescriptor`, which the caller keeps open and owns.
    public init(fileDescriptor: Int32) {
        self.descriptor = Mutex(fileDescriptor)
    }

    /// The process's standard error.
    public static let standardError = FileDescriptorLogSink(fileDescriptor: 2)

    public func write(line: String) {
        var line = line  // its own UTF-8 storage, written without a copy
        descriptor.withLock { fd in
            line.withUTF8 { buffer in
                guard let base = buffer.baseAddress else { return }
                var offset = 0
                while offset < buffer.count {
                    #if canImport(Glibc)
                    let written = Glibc.write(fd, base + offset, buffer.count - offset)
                    #else
                    let written = Darwin.write(fd, base + offset, buffer.count - offset)
                    #endif
                    if written > 0 {
                        offset += written
                    } else if written < 0 && errno == EINTR {
                        continue
                    } else {
                        return
                    }
                }
            }
        }
    }
}
