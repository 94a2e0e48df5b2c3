import Foundation

extension PayloadLog {
    /// What `recover` mended.
    struct Recovery: Equatable {
        /// Events re-inserted from the log: their SQLite commit was lost.
        var reinserted = 0
        /// Committed events dropped: their records never reached the disk.
        var dropped = 0
    }

    /// Mends what a power loss left, then records the new end. First it drops
    /// the committed events whose records are not whole in the segment being
    /// written (their sync had not finished), then it re-inserts the events
    /// whose records are in the log beyond the committed end (their batch's
    /// SQLite commit was lost with an unsynced WAL). Either way it stops at the
    /// first incomplete or torn record: nothing from there on was ever
    /// acknowledged. Runs at open, in its own transaction.
    @discardableResult
    func recover(_ db: SQLiteDatabase) throws(StoreError) -> Recovery {
        try db.execute("BEGIN IMMEDIATE")
        do throws(StoreError) {
            var segment = try Self.counter("payload_segment", db)
            var end = try Self.counter("payload_end", db)
            var recovery = Recovery()
            if let whole = try wholeRecordsEnd(segment: segment, before: end), whole < end {
                recovery.dropped = try dropEvents(segment: segment, from: whole, db)
                end = whole
            }
            while true {
                let path = Self.path(directory, segment: segment)
                guard let handle = FileHandle(forReadingAtPath: path) else { break }
                let tail: [UInt8]
                do {
                    try handle.seek(toOffset: UInt64(end))
                    tail = [UInt8](try handle.readToEnd() ?? Data())
                    try handle.close()
                } catch {
                    throw StoreError(.io, "cannot read \(path): \(error.localizedDescription)")
                }
                var offset = 0
                while let record = PayloadRecord.decode(tail[offset...]) {
                    recovery.reinserted += try db.statement("""
                        INSERT OR IGNORE INTO events(id, source, delivery_id, name, received_at, headers,
                                                     payload_segment, payload_offset, payload_length, payload_codec)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """).run(.int(record.id), .text(record.source), .text(record.deliveryID), .text(record.name),
                                 .int(record.receivedAt), .blob(record.headers), .int(segment),
                                 .int(end + Int64(offset + record.payloadStart)), .int(Int64(record.payload.count)),
                                 .int(Int64(record.codec.rawValue)))
                    offset += record.size
                }
                end += Int64(offset)
                // A batch starts a new segment once the current one is full, so a
                // next segment means this one was finished. Its fullness cannot be
                // judged by today's limit: the store may have been opened with
                // another `segmentBytes` when it was written.
                let next = Self.path(directory, segment: segment + 1)
                // Direct writes pad the last block with zeros (see `DirectBlockWriter`).
                let readToTheEnd = tail[offset...].allSatisfy { $0 == 0 }
                guard readToTheEnd || end >= segmentBytesLimit, FileManager.default.fileExists(atPath: next) else { break }
                segment += 1
                end = 0
            }
            let update = try db.statement("UPDATE counters SET value = ? WHERE name = ?")
            try update.run(.int(segment), .text("payload_segment"))
            try update.run(.int(end), .text("payload_end"))
            try db.execute("COMMIT")
            return recovery
        } catch {
            try? db.execute("ROLLBACK")
            throw error
        }
    }

    /// Where the whole records at the start of `segment` end, reading no
    /// further than `end`; `nil` when the file is not there (then nothing
    /// was ever written to it: its directory entry is synced before the
    /// first write).
    private func wholeRecordsEnd(segment: Int64, before end: Int64) throws(StoreError) -> Int64? {
        guard end > 0 else { return nil }
        let path = Self.path(directory, segment: segment)
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try handle.read(upToCount: Int(end)) ?? Data())
            try handle.close()
        } catch {
            throw StoreError(.io, "cannot read \(path): \(error.localizedDescription)")
        }
        var offset = 0
        while offset < bytes.count, let record = PayloadRecord.decode(bytes[offset...]) { offset += record.size }
        return Int64(offset)
    }

    /// Deletes the events whose records start at or after `start` in
    /// `segment`, with their actions; repeats that were coalesced into one of
    /// those actions are pending again, and each key's queue gets its head
    /// back. Answers how many events went.
    private func dropEvents(segment: Int64, from start: Int64, _ db: SQLiteDatabase) throws(StoreError) -> Int {
        let doomed = "SELECT id FROM events WHERE payload_segment = ?1 AND payload_offset >= ?2"
        var keys: [String] = []
        try db.statement("SELECT DISTINCT dedup_key FROM actions WHERE event_id IN (\(doomed))")
            .query(.int(segment), .int(start)) { row in keys.append(row.text(0)) }
        try db.statement("""
            UPDATE actions SET state = 0, result = NULL, finished_at = NULL, coalesced_into = NULL
            WHERE coalesced_into IN (SELECT id FROM actions WHERE event_id IN (\(doomed)))
            """).run(.int(segment), .int(start))
        try db.statement("DELETE FROM actions WHERE event_id IN (\(doomed))").run(.int(segment), .int(start))
        let dropped = try db.statement("DELETE FROM events WHERE id IN (\(doomed))").run(.int(segment), .int(start))
        for key in keys { try SQLiteStore.promoteHead(of: key, db) }
        return dropped
    }
}
