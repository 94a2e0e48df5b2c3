import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Event payloads, written once, outside SQLite, in append-only segment files
/// (`payloads/00000001.seg`, ...) of `PayloadRecord`s; the event row keeps
/// (segment, payload offset, length).
///
/// Why: a ~20 KB payload inside SQLite is written twice (to the WAL, then by the
/// checkpoint to the database file), plus WAL frame overhead. At 10,000 events/s
/// that is over 400 MB/s, about what the disk can do. Here each payload is
/// written once, sequentially, and the rows that go through the WAL are small.
///
/// Crash safety: a batch's records are written (and, with `sync`, fdatasync'd)
/// BEFORE its SQLite transaction commits, so a committed row never points at
/// bytes that are not on disk. A record holds the whole event, so a batch of
/// appends needs no fsync of its SQLite commit: after a power loss, `recover`
/// re-inserts what the log has beyond the last commit that survived. The
/// committed end of the log lives in SQLite (`counters`), updated in the same
/// transaction; bytes of a batch that did not commit are cut (`discard`) or
/// overwritten by the next batch. A second process that writes
/// (the `deliveries` command) is serialized by SQLite's write lock, so both
/// agree on the end.
///
/// Owned by the writer connection (`SQLiteDatabase.payloadLog`): not thread-safe.
final class PayloadLog {
    let directory: String
    let segmentBytesLimit: Int64
    private let sync: Bool
    private var batch: (segment: Int64, start: Int64, buffer: [UInt8])?
    private var open: (segment: Int64, fd: Int32, direct: Bool)?
    /// Batches bypass the page cache (see `DirectBlockWriter`), unless the
    /// file system refused O_DIRECT (tmpfs, some network mounts).
    private let directWriter = DirectBlockWriter()
    private var directRefused = false
    /// The start of the last flushed batch, until its transaction commits.
    private var unconfirmed: (segment: Int64, start: Int64)?

    init(directory: String, segmentBytes: Int64, sync: Bool) throws(StoreError) {
        self.directory = directory
        self.segmentBytesLimit = max(1, segmentBytes)
        self.sync = sync
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError(.io, "cannot create payload directory \(directory): \(error.localizedDescription)")
        }
    }

    deinit { if let open { close(open.fd) } }

    static func path(_ directory: String, segment: Int64) -> String {
        let digits = String(segment)
        return directory + "/" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits + ".seg"
    }

    /// Where `record` will be written if appended now: its segment and the
    /// offset of its payload. Call inside the write transaction.
    func place(_ record: PayloadRecord,
               _ db: SQLiteDatabase) throws(StoreError) -> (segment: Int64, payloadOffset: Int64) {
        if batch == nil {
            var segment = try Self.counter("payload_segment", db)
            var end = try Self.counter("payload_end", db)
            if end >= segmentBytesLimit {
                segment += 1
                end = 0
            }
            batch = (segment, end, [])
        }
        guard let current = batch else { throw StoreError(.database, "payload batch vanished") }
        return (current.segment, current.start + Int64(current.buffer.count) + Int64(record.payloadStart))
    }

    /// Adds `record` to the batch, at the place `place` returned.
    func append(_ record: PayloadRecord) {
        guard var current = batch else { return }
        batch = nil  // hand the buffer over without a copy
        record.encode(into: &current.buffer)
        batch = current
    }

    /// Writes the batch's payloads (and syncs them with `sync`), then records
    /// the new end in `db`. Call just before COMMIT.
    func flush(_ db: SQLiteDatabase) throws(StoreError) {
        guard let current = batch else { return }
        batch = nil
        guard !current.buffer.isEmpty else { return }
        var (fd, direct) = try descriptor(for: current.segment)
        // Set before writing: if anything below fails, `discard` cuts what did get written.
        unconfirmed = (current.segment, current.start)
        if direct {
            let failure = current.buffer.withUnsafeBytes { bytes in
                directWriter.write(bytes, at: current.start, segment: current.segment, fd: fd)
            }
            if failure == EINVAL {
                // The file system takes O_DIRECT at open but not these writes: buffered from now on.
                directRefused = true
                (fd, direct) = try descriptor(for: current.segment)
            } else if let failure {
                errno = failure
                throw Self.ioError("write", current.segment)
            }
        }
        let failed = direct ? nil : current.buffer.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> StoreError? in
            var written = 0
            while written < bytes.count {
                let result = pwrite(fd, bytes.baseAddress.map { $0 + written }, bytes.count - written,
                                    off_t(current.start) + off_t(written))
                if result < 0 {
                    if errno == EINTR { continue }
                    return Self.ioError("write", current.segment)
                }
                written += result
            }
            return nil
        }
        if let failed { throw failed }
        if sync, fdatasync(fd) != 0 { throw Self.ioError("fdatasync", current.segment) }
        try db.statement("UPDATE counters SET value = ? WHERE name = ?")
            .run(.int(current.segment), .text("payload_segment"))
        try db.statement("UPDATE counters SET value = ? WHERE name = ?")
            .run(.int(current.start + Int64(current.buffer.count)), .text("payload_end"))
    }

    /// The flushed batch's transaction committed.
    func committed() { unconfirmed = nil }

    /// Forgets the batch (its transaction rolled back) and cuts any of its
    /// records already written, so recovery never resurrects an event whose
    /// append was reported as failed.
    func discard() {
        batch = nil
        directWriter.forgetTail()
        if let unconfirmed, let open, open.segment == unconfirmed.segment {
            _ = ftruncate(open.fd, off_t(unconfirmed.start))
        }
        unconfirmed = nil
    }

    /// Starts a new segment at the next write, so the current one can be deleted.
    /// Call inside the write transaction; returns the segment left behind.
    func rollSegment(_ db: SQLiteDatabase) throws(StoreError) -> Int64 {
        let segment = try Self.counter("payload_segment", db)
        try db.statement("UPDATE counters SET value = ? WHERE name = ?")
            .run(.int(segment + 1), .text("payload_segment"))
        try db.statement("UPDATE counters SET value = 0 WHERE name = ?").run(.text("payload_end"))
        return segment
    }

    /// The segment's descriptor, and whether it was opened with O_DIRECT.
    private func descriptor(for segment: Int64) throws(StoreError) -> (fd: Int32, direct: Bool) {
        let wantDirect = !directRefused
        if let open, open.segment == segment, open.direct == wantDirect { return (open.fd, open.direct) }
        if let open { close(open.fd) }
        open = nil
        let path = Self.path(directory, segment: segment)
        let existed = FileManager.default.fileExists(atPath: path)
        var fd: Int32 = -1
        var direct = false
        if wantDirect {
            // Read-write: the block holding the log's end may need reading back.
            fd = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC | DirectBlockWriter.openFlag, 0o600)
            direct = fd >= 0
            if fd < 0, errno == EINVAL { directRefused = true }
        }
        if fd < 0 { fd = Glibc.open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600) }
        guard fd >= 0 else { throw Self.ioError("open", segment, path: path) }
        if !existed, sync {
            // Make the new file's directory entry durable too.
            let dir = Glibc.open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if dir >= 0 {
                fsync(dir)
                close(dir)
            }
        }
        open = (segment, fd, direct)
        return (fd, direct)
    }

    /// Reads `length` bytes at `offset` of `segment` (any thread, any process).
    static func read(_ directory: String, segment: Int64, offset: Int64, length: Int) throws(StoreError) -> [UInt8] {
        guard length > 0 else { return [] }
        let path = Self.path(directory, segment: segment)
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ioError("open", segment, path: path) }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: length)
        var total = 0
        while total < length {
            let result = bytes.withUnsafeMutableBytes { buffer in
                pread(fd, buffer.baseAddress.map { $0 + total }, length - total, off_t(offset) + off_t(total))
            }
            if result < 0, errno == EINTR { continue }
            guard result > 0 else {
                throw StoreError(.database, "payload at \(path):\(offset) is truncated (\(total) of \(length) bytes)")
            }
            total += result
        }
        return bytes
    }

    /// Deletes these segment files (the caller checked no event points into them
    /// and none is being written).
    static func deleteSegments(_ segments: [Int64], in directory: String) {
        for segment in segments { unlink(path(directory, segment: segment)) }
    }

    /// Segment numbers present in `directory`.
    static func existingSegments(in directory: String) -> [Int64] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.compactMap { $0.hasSuffix(".seg") ? Int64($0.dropLast(4)) : nil }.sorted()
    }

    static func counter(_ name: String, _ db: SQLiteDatabase) throws(StoreError) -> Int64 {
        var value: Int64?
        try db.statement("SELECT value FROM counters WHERE name = ?").query(.text(name)) { row in value = row.int(0) }
        guard let value else { throw StoreError(.database, "the \(name) counter is missing") }
        return value
    }

    private static func ioError(_ operation: String, _ segment: Int64, path: String? = nil) -> StoreError {
        let code = errno
        let where_ = path ?? "segment \(segment)"
        return StoreError(.io, "\(operation) \(where_): \(String(cString: strerror(code)))")
    }
}
