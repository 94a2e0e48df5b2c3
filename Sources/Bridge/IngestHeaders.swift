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
            if dropped.contains(name) || name.contains("signature") || name.contains("token") || name.contains("secret") {
                return nil
            }
            return HeaderField(field.name, field.value)
        }
    }
}
