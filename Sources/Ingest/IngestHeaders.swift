import HTTP
import Store

/// Which request headers are kept with a stored event: the ones rules may
/// read (event names, delivery ids, user agents), never credentials.
package enum IngestHeaders {
    /// Header names (lower-cased) that carry secrets or nothing useful.
    static let dropped: Set<String> = [
        "authorization", "proxy-authorization", "cookie", "x-gitlab-token", "x-jenkins-token", "content-length",
        "connection", "host", "accept-encoding", "transfer-encoding", "expect",
    ]

    /// `headers` minus credentials and signatures.
    package static func kept(_ headers: HTTPHeaders) -> [HeaderField] {
        headers.fields.compactMap { field in
            let name = field.name.lowercased()
            let bytes = Array(name.utf8)
            if dropped.contains(name) || contains(bytes, "signature") || contains(bytes, "token") || contains(bytes, "secret") {
                return nil
            }
            return HeaderField(field.name, field.value)
        }
    }

    /// Whether `text` contains `part`, byte for byte (the names are ASCII
    /// lower-cased). Foundation's `contains` costs a CFString search per call.
    private static func contains(_ haystack: [UInt8], _ part: StaticString) -> Bool {
        let needle = UnsafeBufferPointer(start: part.utf8Start, count: part.utf8CodeUnitCount)
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count)
        where haystack[start] == needle[0] && haystack[start..<start + needle.count].elementsEqual(needle) {
            return true
        }
        return false
    }
}
