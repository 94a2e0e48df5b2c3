/// A store that several processes share, and that can tell one of them
/// when another queued work: the wake-up that spares an idle replica its
/// poll interval. Best effort: polling remains the guarantee.
public protocol WorkNotifications: Sendable {
    /// Calls `handler` (on a store thread: keep it short) each time some
    /// process committed new actions; every handler registered is called.
    func onQueuedWork(_ handler: @escaping @Sendable () -> Void)
}
