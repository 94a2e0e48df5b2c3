import CCurl

/// Owns one libcurl multi handle; `deinit` runs `curl_multi_cleanup`.
///
/// `@unchecked Sendable` because the handle is shared between the transport
/// (any thread) and its loop thread, and this is safe: the only method other
/// threads call is `wakeup()`, which libcurl documents as callable from any
/// thread (curl_multi_wakeup(3)). Every other method is called by the loop
/// thread alone, which `CurlTransport` guarantees by construction.
final class CurlMulti: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    /// A multi handle with connection reuse and HTTP/2 multiplexing, or nil
    /// if libcurl could not make one.
    init?(configuration: CurlTransport.Configuration) {
        guard CurlGlobal.ensureInitialized(), let handle = curl_multi_init() else { return nil }
        self.handle = handle
        _ = CCurl_multi_setopt_long(handle, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        _ = CCurl_multi_setopt_long(handle, CURLMOPT_MAX_HOST_CONNECTIONS, max(1, configuration.maxHostConnections))
        _ = CCurl_multi_setopt_long(handle, CURLMOPT_MAXCONNECTS, max(1, configuration.maxCachedConnections))
    }

    deinit {
        curl_multi_cleanup(handle)
    }

    /// Makes a `poll` in progress (or the next one) return at once. Any thread.
    func wakeup() {
        _ = curl_multi_wakeup(handle)
    }

    /// Loop thread only.
    func add(_ easy: CurlEasy) -> Bool {
        curl_multi_add_handle(handle, easy.handle) == CURLM_OK
    }

    /// Loop thread only. libcurl stops calling the easy handle's callbacks.
    func remove(_ easy: CurlEasy) {
        _ = curl_multi_remove_handle(handle, easy.handle)
    }

    /// Loop thread only: drives every transfer as far as it can go without blocking.
    func perform() {
        var running: Int32 = 0
        _ = curl_multi_perform(handle, &running)
    }

    /// Loop thread only: waits for socket activity, a libcurl timeout, a
    /// `wakeup()` or `timeoutMilliseconds`, whichever comes first.
    func poll(timeoutMilliseconds: Int32) {
        var ready: Int32 = 0
        _ = curl_multi_poll(handle, nil, 0, timeoutMilliseconds, &ready)
    }

    /// Loop thread only: the transfers that finished since the last call,
    /// as (easy handle, result code).
    func finishedTransfers() -> [(UnsafeMutableRawPointer, CURLcode)] {
        var finished: [(UnsafeMutableRawPointer, CURLcode)] = []
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(handle, &remaining) {
            var easy: UnsafeMutableRawPointer?
            var code = CURLE_OK
            if CCurl_multi_message_done(message, &easy, &code) != 0, let easy {
                finished.append((easy, code))
            }
        }
        return finished
    }
}
