import CCurl
import CLI
import CSQLite

/// `sniffer-bridge version`: this build's version and the versions of the C
/// libraries it actually runs with (read from them at run time, not from the
/// headers it was compiled against).
struct VersionCommand: Command {
    let name = "version"
    let summary = "Print the version of sniffer-bridge and of the libcurl and SQLite it runs with."

    func run(_ arguments: ParsedArguments, console: Console) async throws -> Int32 {
        console.print("sniffer-bridge \(BuildInfo.version)")
        console.print(Self.libcurl())
        console.print("SQLite \(String(cString: sqlite3_libversion()))")
        return 0
    }

    /// `libcurl 7.88.1 (OpenSSL/3.0.19)`, or what is known of it.
    static func libcurl() -> String {
        guard let info = CCurl_version_info() else { return "libcurl (version unknown)" }
        let version = info.pointee.version.map { String(cString: $0) } ?? "unknown"
        guard let ssl = info.pointee.ssl_version else { return "libcurl \(version) (no TLS)" }
        return "libcurl \(version) (\(String(cString: ssl)))"
    }
}
