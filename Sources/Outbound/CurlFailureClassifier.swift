import CCurl

/// The one place where libcurl result codes become `TransportFailure.Kind`
/// (what the retry policy decides on), in the manner of NIO's `syscall`.
package enum CurlFailureClassifier {
    /// Maps a libcurl result code (never `CURLE_OK`) to a failure kind.
    package static func kind(for code: CURLcode) -> TransportFailure.Kind {
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .dns
        case CURLE_COULDNT_CONNECT:
            return .connectionRefused
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
            CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND,
            CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_SHUTDOWN_FAILED,
            CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT, CURLE_USE_SSL_FAILED:
            return .tls
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING:
            return .connectionReset
        default:
            return .other
        }
    }

    /// A failure for `code`: curl's error buffer text when it has one (it
    /// names hosts and ports, never header values), else curl's generic text.
    package static func failure(for code: CURLcode, errorBuffer: String) -> TransportFailure {
        let text = errorBuffer.isEmpty ? String(cString: curl_easy_strerror(code)) : errorBuffer
        return TransportFailure(kind(for: code), "\(text) (curl code \(code.rawValue))")
    }
}
