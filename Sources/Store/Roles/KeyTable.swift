/// What the gateway remembers per dedup key (the Sniffer bug it maps to):
/// the action executor's look-up before any side effect.
public protocol KeyTable: Sendable {
    /// What is known about `dedupKey`, or `nil`.
    func keyRecord(forDedupKey dedupKey: String) async throws(StoreError) -> KeyRecord?

    /// Replaces what is known about `dedupKey`.
    func saveKeyRecord(_ record: KeyRecord, forDedupKey dedupKey: String) async throws(StoreError)
}
