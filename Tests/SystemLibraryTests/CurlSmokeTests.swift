import CCurl
import Testing

/// Collects a response body from libcurl's write callback.
private final class BodyCollector {
    var bytes: [UInt8] = []
}

@Suite(.serialized) struct CurlSmokeTests {
    @Test func reportsItsVersionWithTLS() throws {
        let info = try #require(CCurl_version_info())
        let version = String(cString: try #require(info.pointee.version))
        #expect(version.wholeMatch(of: /\d+\.\d+\.\d+.*/) != nil)
        #expect(info.pointee.version_num >= 0x07_44_00)  // 7.68, the oldest libcurl we expect on Debian
        #expect(Int32(info.pointee.features) & CURL_VERSION_SSL != 0)
        let ssl = String(cString: try #require(info.pointee.ssl_version))
        #expect(ssl.hasPrefix("OpenSSL/"))
    }

    @Test func performsARealRequestToALocalListener() throws {
        let body = "hello from the listener"
        let server = try OneShotHTTPServer(response: """
            HTTP/1.1 201 Created\r
            Content-Type: text/plain\r
            Content-Length: \(body.utf8.count)\r
            X-Smoke: yes\r
            Connection: close\r
            \r
            \(body)
            """)

        let handle = try #require(curl_easy_init())
        defer { curl_easy_cleanup(handle) }
        var headers: UnsafeMutablePointer<curl_slist>? = curl_slist_append(nil, "X-Request: smoke-test")
        headers = curl_slist_append(headers, "Accept: text/plain")
        defer { curl_slist_free_all(headers) }
        let collector = BodyCollector()
        let write: CCurl_data_callback = { buffer, size, count, userdata in
            guard let buffer, let userdata else { return 0 }
            let collector = Unmanaged<BodyCollector>.fromOpaque(userdata).takeUnretainedValue()
            let length = size * count
            buffer.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
                collector.bytes.append(contentsOf: UnsafeBufferPointer(start: bytes, count: length))
            }
            return length
        }

        #expect(CCurl_easy_setopt_string(handle, CURLOPT_URL, "http://127.0.0.1:\(server.port)/smoke?x=1") == CURLE_OK)
        #expect(CCurl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headers) == CURLE_OK)
        #expect(CCurl_easy_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, write) == CURLE_OK)
        #expect(CCurl_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, 10_000) == CURLE_OK)
        #expect(CCurl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1) == CURLE_OK)
        // The callback reads the collector through this pointer while
        // curl_easy_perform runs, which is within this scope.
        let result = withExtendedLifetime(collector) {
            _ = CCurl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, Unmanaged.passUnretained(collector).toOpaque())
            return curl_easy_perform(handle)
        }
        try #require(result == CURLE_OK, "curl_easy_perform: \(String(cString: curl_easy_strerror(result)))")

        var status = 0
        #expect(CCurl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK)
        #expect(status == 201)
        var contentType: UnsafePointer<CChar>?
        #expect(CCurl_easy_getinfo_string(handle, CURLINFO_CONTENT_TYPE, &contentType) == CURLE_OK)
        #expect(contentType.map { String(cString: $0) } == "text/plain")
        #expect(String(decoding: collector.bytes, as: UTF8.self) == body)

        let head = try #require(server.requestHead())
        #expect(head.hasPrefix("GET /smoke?x=1 HTTP/1.1\r\n"))
        #expect(head.contains("\r\nX-Request: smoke-test\r\n"))
        #expect(head.contains("\r\nHost: 127.0.0.1:\(server.port)\r\n"))
    }
}
