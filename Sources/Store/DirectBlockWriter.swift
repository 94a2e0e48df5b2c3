import CLinux
#if canImport(Glibc)
import Glibc
#endif

/// Writes the payload log's batches with O_DIRECT, straight from one reused,
/// block-aligned buffer to the disk.
///
/// Why: payloads are written once and seldom read back (the dispatcher gets
/// each event's evaluation from memory). Through the page cache every batch is
/// first copied into newly allocated cache pages, which are written out soon
/// anyway (at once with `fsync` durability); on the 2-core VM of the
/// benchmarks that copy (fresh guest pages fault in the host) took half of the
/// writer thread's time. Direct writes skip it and leave the cache to data
/// that is read. With `os` durability a direct write still returns once the
/// device has the bytes, only the device's cache is not flushed.
///
/// O_DIRECT wants offsets, lengths and the buffer aligned to the block size,
/// while batches start wherever the last one ended. So each write starts at
/// the block holding the log's end: that block's bytes before the end (kept
/// from the previous write, or read back once) are written again, and the
/// last block is padded with zeros. Bytes past the log's end are therefore
/// zeros or an uncommitted batch; recovery stops at either.
///
/// Owned by the payload log (writer thread only): not thread-safe.
final class DirectBlockWriter {
    static let blockSize = 4096

    /// The `open(2)` flag.
    static let openFlag: Int32 = CLinux_O_DIRECT()

    private var buffer: UnsafeMutableRawPointer?
    private var capacity = 0
    /// The bytes of the block holding the end of the last write, before that end.
    private var tail: (segment: Int64, blockStart: Int64, bytes: [UInt8])?

    deinit { free(buffer) }

    /// Forgets the cached tail block (after the file was cut or replaced).
    func forgetTail() { tail = nil }

    /// Writes `bytes` at `offset` of `fd` (opened with O_DIRECT and O_RDWR);
    /// returns the `errno` of a failed read or write, `nil` on success.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64, segment: Int64, fd: Int32) -> Int32? {
        let block = Int64(Self.blockSize)
        let blockStart = offset - offset % block
        let head = Int(offset - blockStart)
        let total = head + bytes.count
        let padded = (total + Self.blockSize - 1) / Self.blockSize * Self.blockSize
        guard let base = reserve(padded) else { return ENOMEM }
        if head > 0 {
            if let tail, tail.segment == segment, tail.blockStart == blockStart, tail.bytes.count == head {
                tail.bytes.withUnsafeBytes { kept in
                    if let source = kept.baseAddress { base.copyMemory(from: source, byteCount: head) }
                }
            } else if let failure = readBlock(fd, at: blockStart, into: base, keeping: head) {
                return failure
            }
        }
        if let source = bytes.baseAddress { (base + head).copyMemory(from: source, byteCount: bytes.count) }
        (base + total).initializeMemory(as: UInt8.self, repeating: 0, count: padded - total)
        var written = 0
        while written < padded {
            let result = pwrite(fd, base + written, padded - written, off_t(blockStart) + off_t(written))
            if result < 0 {
                if errno == EINTR { continue }
                tail = nil
                return errno
            }
            written += result
        }
        let end = offset + Int64(bytes.count)
        let endBlock = end - end % block
        let kept = Int(end - endBlock)
        let keptFrom = base + Int(endBlock - blockStart)
        tail = (segment, endBlock, [UInt8](UnsafeRawBufferPointer(start: keptFrom, count: kept)))
        return nil
    }

    /// Reads the block at `blockStart` (aligned, as O_DIRECT wants) and zeros
    /// what follows its first `keeping` bytes.
    private func readBlock(_ fd: Int32, at blockStart: Int64, into base: UnsafeMutableRawPointer, keeping: Int) -> Int32? {
        var read = 0
        while read < Self.blockSize {
            let result = pread(fd, base + read, Self.blockSize - read, off_t(blockStart) + off_t(read))
            if result < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if result == 0 { break }
            read += result
        }
        guard read >= keeping else { return EIO }  // the log's end lies beyond the file: it was cut
        return nil
    }

    /// A block-aligned buffer of at least `bytes`, reused across writes.
    private func reserve(_ bytes: Int) -> UnsafeMutableRawPointer? {
        if let buffer, capacity >= bytes { return buffer }
        free(buffer)
        buffer = nil
        capacity = 0
        var fresh: UnsafeMutableRawPointer?
        let size = max(bytes, 1 << 20)
        guard posix_memalign(&fresh, Self.blockSize, size) == 0, let fresh else { return nil }
        buffer = fresh
        capacity = size
        return fresh
    }
}
