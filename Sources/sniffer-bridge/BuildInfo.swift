/// Facts about this build, printed by `version` (and later exported as the
/// `build_info` metric).
enum BuildInfo {
    /// sniffer-bridge's version: the one place it is written.
    static let version = "0.1.0"
}
