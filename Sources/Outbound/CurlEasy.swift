import CCurl

/// Owns one libcurl easy handle and everything libcurl points into while its
/// transfer runs: the header list, the error buffer, the response being
/// collected and the caller's continuation. `deinit` frees them all.
///
/// Confined to the transport's loop thread once configured: libcurl calls the
/// callbacks below from `curl_multi_perform` on that thread only.
final class CurlEasy {
    typealias Continuation = CheckedContinuation<Result<OutboundResponse, TransportFailure>, Never>

    /// The request's id, used to cancel it.
    let id: UInt64
    let handle: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var continuation: Continuation?
    private let maxResponseBytes: Int
    /// The request's total timeout, enforced by libcurl once the transfer
    /// runs and by the loop (`deadline`) while it waits for a connection.
    let timeout: Duration
    /// When the loop gives up on the transfer itself: libcurl 7.88 does not
    /// time out transfers queued behind `CURLMOPT_MAX_HOST_CONNECTIONS`.
    /// A little grace lets libcurl report its own (more precise) timeout first.
    let deadline: ContinuousClock.Instant

    private var status = 0
    private var headers: [(name: String, value: String)] = []
    private var body: [UInt8] = []
    /// Set when the body outgrew `maxResponseBytes`, to explain the abort.
    private var bodyTooLarge = false

    /// A configured handle for `request`, or the failure explaining why the
    /// request cannot be sent (bad method or header, or libcurl out of memory).
    static func make(
        id: UInt64, request: OutboundRequest, configuration: CurlTransport.Configuration,
        continuation: Continuation
    ) -> Result<CurlEasy, TransportFailure> {
        guard CurlGlobal.ensureInitialized(), let handle = curl_easy_init() else {
            return .failure(TransportFailure(.other, "libcurl could not create a handle"))
        }
        let timeout = request.timeout ?? configuration.timeout
        let easy = CurlEasy(
            id: id, handle: handle, continuation: continuation, maxResponseBytes: configuration.maxResponseBytes,
            timeout: timeout)
        if let failure = easy.configure(request, configuration) {
            // The continuation goes back to the caller, who resumes it with `failure`.
            easy.continuation = nil
            return .failure(failure)
        }
        return .success(easy)
    }

    private init(
        id: UInt64, handle: UnsafeMutableRawPointer, continuation: Continuation, maxResponseBytes: Int,
        timeout: Duration
    ) {
        self.id = id
        self.timeout = timeout
        deadline = ContinuousClock.now.advanced(by: max(timeout, .zero) + .milliseconds(25))
        self.handle = handle
        self.continuation = continuation
        self.maxResponseBytes = maxResponseBytes
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        // A safety net: every path resumes before this, but a continuation
        // must never be dropped, so resume it here if one slipped through.
        continuation?.resume(returning: .failure(TransportFailure(.other, "request abandoned")))
        curl_easy_cleanup(handle)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    /// Resumes the caller exactly once; later calls do nothing.
    func complete(_ result: Result<OutboundResponse, TransportFailure>) {
        continuation?.resume(returning: result)
        continuation = nil
    }

    /// The outcome of the finished transfer whose libcurl result is `code`.
    func result(for code: CURLcode) -> Result<OutboundResponse, TransportFailure> {
        if code != CURLE_OK {
            if bodyTooLarge {
                return .failure(TransportFailure(.other, "response body exceeds \(maxResponseBytes) bytes"))
            }
            let message = String(cString: errorBuffer)
            return .failure(CurlFailureClassifier.failure(for: code, errorBuffer: message))
        }
        var code = 0
        _ = CCurl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
        var micros: curl_off_t = 0
        _ = CCurl_easy_getinfo_off_t(handle, CURLINFO_TOTAL_TIME_T, &micros)
        return .success(
            OutboundResponse(status: code, headers: headers, body: body, duration: .microseconds(micros)))
    }

    /// New connections this transfer had to open (`CURLINFO_NUM_CONNECTS`).
    var connectionsOpened: Int {
        var count = 0
        _ = CCurl_easy_getinfo_long(handle, CURLINFO_NUM_CONNECTS, &count)
        return count
    }

    // MARK: Configuration

    private func configure(_ request: OutboundRequest, _ configuration: CurlTransport.Configuration) -> TransportFailure? {
        let method = request.method.uppercased()
        guard !method.isEmpty, method.utf8.allSatisfy(Self.isTokenByte) else {
            return TransportFailure(.other, "invalid HTTP method")
        }
        var codes: [CURLcode] = []
        codes.append(CCurl_easy_setopt_string(handle, CURLOPT_URL, request.url))
        codes.append(CCurl_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
        codes.append(CCurl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer))
        codes.append(CCurl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        codes.append(CCurl_easy_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1))
        codes.append(CCurl_easy_setopt_string(handle, CURLOPT_USERAGENT, configuration.userAgent))
        codes.append(
            CCurl_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeout.curlMilliseconds))
        codes.append(
            CCurl_easy_setopt_long(
                handle, CURLOPT_TIMEOUT_MS, timeout.curlMilliseconds))
        switch configuration.httpVersion {
        case .http2OverTLS:
            codes.append(CCurl_easy_setopt_long(handle, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS)))
            // Over TLS, wait for a connection that may multiplex (HTTP/2)
            // rather than open another. Not for plain http://: it cannot
            // multiplex, and waiting would serialise requests behind the first.
            if request.url.lowercased().hasPrefix("https:") {
                codes.append(CCurl_easy_setopt_long(handle, CURLOPT_PIPEWAIT, 1))
            }
        case .http1_1:
            codes.append(CCurl_easy_setopt_long(handle, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1)))
        }
        codes.append(CCurl_easy_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, configuration.verifyTLS ? 1 : 0))
        codes.append(CCurl_easy_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, configuration.verifyTLS ? 2 : 0))
        if let path = configuration.caBundlePath {
            codes.append(CCurl_easy_setopt_string(handle, CURLOPT_CAINFO, path))
        }
        if let proxy = configuration.proxy {
            codes.append(CCurl_easy_setopt_string(handle, CURLOPT_PROXY, proxy))
        }
        if let noProxy = configuration.noProxy {
            codes.append(CCurl_easy_setopt_string(handle, CURLOPT_NOPROXY, noProxy))
        }
        codes.append(contentsOf: configureMethod(method, body: request.body, freshConnection: request.freshConnection))
        if let failure = configureHeaders(request.headers) { return failure }
        codes.append(CCurl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList))
        codes.append(contentsOf: configureCallbacks())
        if let bad = codes.first(where: { $0 != CURLE_OK }) {
            return TransportFailure(.other, "libcurl rejected an option: \(String(cString: curl_easy_strerror(bad)))")
        }
        return nil
    }

    private func configureMethod(_ method: String, body: [UInt8], freshConnection: Bool) -> [CURLcode] {
        let fresh = CCurl_easy_setopt_long(handle, CURLOPT_FRESH_CONNECT, freshConnection ? 1 : 0)
        return [fresh] + configureMethodBody(method, body: body)
    }

    private func configureMethodBody(_ method: String, body: [UInt8]) -> [CURLcode] {
        if method == "HEAD" {
            return [CCurl_easy_setopt_long(handle, CURLOPT_NOBODY, 1)]
        }
        if body.isEmpty && !["POST", "PUT", "PATCH"].contains(method) {
            if method == "GET" { return [CCurl_easy_setopt_long(handle, CURLOPT_HTTPGET, 1)] }
            return [CCurl_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method)]
        }
        // POSTFIELDSIZE first: COPYPOSTFIELDS copies exactly that many bytes,
        // so binary bodies with NULs survive and nothing outlives this call.
        var codes = [CCurl_easy_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))]
        if body.isEmpty {
            codes.append(CCurl_easy_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, ""))
        } else {
            codes.append(
                body.withUnsafeBytes { bytes in
                    CCurl_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
                })
        }
        if method != "POST" {
            codes.append(CCurl_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method))
        }
        return codes
    }

    /// Builds the header list; a name or value with CR, LF or NUL (header
    /// injection) fails the request, naming the header but not its value.
    private func configureHeaders(_ fields: [(name: String, value: String)]) -> TransportFailure? {
        var sawExpect = false
        var sawContentType = false
        for field in fields {
            guard !field.name.isEmpty, field.name.utf8.allSatisfy(Self.isTokenByte) else {
                return TransportFailure(.other, "invalid header name")
            }
            guard !field.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else {
                return TransportFailure(.other, "invalid value for header \(field.name)")
            }
            if field.name.lowercased() == "expect" { sawExpect = true }
            if field.name.lowercased() == "content-type" { sawContentType = true }
            // libcurl drops "Name:" with an empty value; "Name;" sends it empty.
            let line = field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)"
            guard let list = curl_slist_append(headerList, line) else {
                return TransportFailure(.other, "libcurl out of memory")
            }
            headerList = list
        }
        if !sawExpect {
            // No "Expect: 100-continue" round trip before larger bodies.
            headerList = curl_slist_append(headerList, "Expect:") ?? headerList
        }
        if !sawContentType {
            // Not libcurl's "application/x-www-form-urlencoded" for any body.
            headerList = curl_slist_append(headerList, "Content-Type:") ?? headerList
        }
        return nil
    }

    private func configureCallbacks() -> [CURLcode] {
        let me = Unmanaged.passUnretained(self).toOpaque()
        return [
            CCurl_easy_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, Self.writeCallback),
            CCurl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, me),
            CCurl_easy_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION, Self.headerCallback),
            CCurl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, me),
        ]
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    // MARK: Callbacks (loop thread, inside curl_multi_perform)

    /// The handle is alive while libcurl calls back: it is removed from the
    /// multi handle before it is released.
    private static let writeCallback: CCurl_data_callback = { buffer, size, count, userdata in
        guard let userdata else { return 0 }
        let easy = Unmanaged<CurlEasy>.fromOpaque(userdata).takeUnretainedValue()
        let length = size * count
        guard let buffer, length > 0 else { return length }
        if easy.body.count + length > easy.maxResponseBytes {
            easy.bodyTooLarge = true
            return 0  // aborts the transfer with CURLE_WRITE_ERROR
        }
        easy.body.append(contentsOf: UnsafeRawBufferPointer(start: buffer, count: length))
        return length
    }

    private static let headerCallback: CCurl_data_callback = { buffer, size, count, userdata in
        guard let userdata else { return 0 }
        let easy = Unmanaged<CurlEasy>.fromOpaque(userdata).takeUnretainedValue()
        let length = size * count
        guard let buffer, length > 0 else { return length }
        easy.receiveHeaderLine(UnsafeRawBufferPointer(start: buffer, count: length))
        return length
    }

    /// One header line as libcurl delivers it (CRLF included). A status line
    /// starts a new header block (after a 1xx, say), so earlier fields go.
    private func receiveHeaderLine(_ raw: UnsafeRawBufferPointer) {
        var bytes = raw[...]
        while let last = bytes.last, last == 0x0D || last == 0x0A { bytes = bytes.dropLast() }
        if bytes.isEmpty { return }
        let line = String(decoding: bytes, as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            headers.removeAll()
            return
        }
        if let first = bytes.first, first == 0x20 || first == 0x09, !headers.isEmpty {
            // obs-fold: a continuation of the previous field's value.
            headers[headers.count - 1].value += " " + line.trimmingSpaces()
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        headers.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingSpaces()))
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
            let end = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })
        else { return "" }
        return String(scalars[start...end])
    }
}
