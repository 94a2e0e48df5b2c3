import CCurl

/// Process-wide libcurl state: `curl_global_init` runs exactly once, before
/// the first handle is created, whichever thread gets there first.
package enum CurlGlobal {
    /// Swift runs a global/static initializer once, under `swift_once`, so
    /// this is the thread-safe "call once" libcurl asks for.
    private static let initResult: CURLcode = CCurl_global_init_default()

    /// Initialises libcurl if nobody has yet; returns whether that succeeded.
    @discardableResult
    package static func ensureInitialized() -> Bool {
        initResult == CURLE_OK
    }

    /// Whether the linked libcurl supports HTTP/2 (`CURL_VERSION_HTTP2`).
    package static var supportsHTTP2: Bool {
        ensureInitialized()
        guard let info = CCurl_version_info() else { return false }
        return info.pointee.features & CURL_VERSION_HTTP2 != 0
    }

    /// The linked libcurl's version, e.g. "7.88.1".
    package static var version: String {
        guard let info = CCurl_version_info(), let version = info.pointee.version else { return "" }
        return String(cString: version)
    }
}
