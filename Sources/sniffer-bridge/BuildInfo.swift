import CCurl
import CSQLite

/// Facts about this build, printed by `version` and exported as the
/// `sniffer_bridge_build_info` metric.
enum BuildInfo {
    /// sniffer-bridge's version: the one place it is written.
    static let version = "0.1.0"

    /// The labels of `sniffer_bridge_build_info`: this version and the C libraries it runs with.
    static var metricLabels: [String: String] {
        let curl = CCurl_version_info()?.pointee.version.map { String(cString: $0) } ?? "unknown"
        return ["version": version, "libcurl": curl, "sqlite": String(cString: sqlite3_libversion())]
    }
}
