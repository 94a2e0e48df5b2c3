#if canImport(Glibc)
import Glibc
#endif

/// An open payload segment, closed when the last holder lets go: the payload
/// log while it writes there, and `CommitSyncer` until it has synced what a
/// committed batch wrote. So a segment the log has moved on from is never
/// closed under a sync that still needs it.
final class PayloadSegmentFile: Sendable {
    let segment: Int64
    let descriptor: Int32
    /// Opened with O_DIRECT (see `DirectBlockWriter`).
    let direct: Bool

    init(segment: Int64, descriptor: Int32, direct: Bool) {
        self.segment = segment
        self.descriptor = descriptor
        self.direct = direct
    }

    deinit { close(descriptor) }

    /// `fdatasync`: every byte written to the segment so far is on the disk
    /// once this returns `nil`.
    func sync() -> StoreError? {
        while fdatasync(descriptor) != 0 {
            if errno == EINTR { continue }
            return StoreError(.io, "fdatasync segment \(segment): \(String(cString: strerror(errno)))")
        }
        return nil
    }
}
