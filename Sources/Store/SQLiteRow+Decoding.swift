extension SQLiteRow {
    /// Decodes a row selected with `SQLiteStore.eventColumns`.
    /// The payload is read from the payload log under `payloadDirectory`.
    func storedEvent(payloadDirectory: String) throws(StoreError) -> StoredEvent {
        let segment = int(6), offset = int(7)
        let place = { "\(PayloadLog.path(payloadDirectory, segment: segment)):\(offset) (event \(int(0)))" }
        let codec = try PayloadCodec.stored(int(11), where: place())
        let payload = try codec.decode(
            try PayloadLog.read(payloadDirectory, segment: segment, offset: offset, length: Int(int(8))), where: place())
        return StoredEvent(id: int(0), source: text(1), deliveryID: text(2), name: text(3), receivedAt: int(4),
                           headers: try HeaderCodec.decode(blob(5)), payload: payload, state: EventState(code: int(9)),
                           dispatchedAt: optionalInt(10))
    }

    /// Decodes a row selected with `SQLiteStore.actionColumns`.
    func outboxAction() throws(StoreError) -> OutboxAction {
        guard let state = ActionState(code: int(6)) else {
            throw StoreError(.database, "action \(int(0)) has unknown state \(int(6))")
        }
        return OutboxAction(id: int(0), eventID: int(1), sequence: Int(int(2)), dedupKey: text(3), kind: text(4),
                            payload: blob(5), state: state, attempts: Int(int(7)), nextAttemptAt: int(8),
                            firstAttemptAt: optionalInt(9), lastError: optionalText(10), result: optionalText(11),
                            createdAt: int(12), finishedAt: optionalInt(13), output: optionalText(14))
    }

    /// Decodes `KeyRecord.columns`, selected from column `first` on.
    func keyRecord(from first: Int32) -> KeyRecord {
        KeyRecord.stored(
            bugID: optionalText(first), lastCommentHash: optionalText(first + 1), resolvedAt: optionalInt(first + 2),
            updatedAt: int(first + 3), createdByAction: optionalInt(first + 4), windowOpener: optionalInt(first + 5),
            windowEndsAt: optionalInt(first + 6))
    }
}
