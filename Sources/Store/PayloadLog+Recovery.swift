import Foundation

extension PayloadLog {
    /// Re-inserts the events whose records are in the log beyond the committed
    /// end (their batch's SQLite commit was lost: power loss with an unsynced
    /// WAL), then records the new end. Stops at the first incomplete or torn
    /// record: nothing after it was ever acknowledged. Runs at open, in its own
    /// transaction; returns how many events came back.
    @discardableResult
    func recover(_ db: SQLiteDatabase) throws(StoreError) -> Int {
        try db.execute("BEGIN IMMEDIATE")
        do throws(StoreError) {
            var segment = try Self.counter("payload_segment", db)
            var end = try Self.counter("payload_end", db)
            var recovered = 0
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
                    recovered += try db.statement("""
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
            return recovered
        } catch {
            try? db.execute("ROLLBACK")
            throw error
        }
    }
}
