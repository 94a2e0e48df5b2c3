import HTTP
import Telemetry

/// Decodes a delivery with the same adapter `serve` uses, without checking
/// its signature or token: for `dry-run` and `test`, which have a payload
/// but no secret. Event names, delivery ids and payloads are exactly what
/// the gateway would store.
public enum UnverifiedDecoder {
    /// The sources this decoder knows (`/hooks/<name>`).
    public static let sourceNames = [
        GitHubSource.name, GitLabSource.name, JenkinsSource.name, CISource.name, JiraSource.name, SlackSource.name,
    ]

    /// Why a delivery could not be decoded.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        /// `source` is not one of `sourceNames`.
        case unknownSource(String)
        /// The adapter refused the request (400/415 with its message).
        case refused(WebhookError)

        public var description: String {
            switch self {
            case .unknownSource(let name):
                return "unknown source '\(name)': expected one of \(UnverifiedDecoder.sourceNames.joined(separator: ", "))"
            case .refused(let error): return error.message
            }
        }
    }

    /// `request` decoded by `source`'s adapter (`decode` only, never `verify`).
    public static func decode(source: String, request: HTTPRequest) throws(Failure) -> InboundEvent {
        guard let adapter = adapter(source) else { throw .unknownSource(source) }
        do { return try adapter.decode(request) } catch { throw .refused(error) }
    }

    /// An adapter whose `verify` is never called. Every adapter's `decode`
    /// reads only the request (no configuration), so the placeholder secret
    /// below is never compared with anything.
    static func adapter(_ source: String) -> (any WebhookSource)? {
        let placeholder: [Secret] = ["unverified"]
        do {
            switch source {
            case GitHubSource.name: return GitHubSource(configuration: try .init(secrets: placeholder))
            case GitLabSource.name: return GitLabSource(configuration: try .init(tokens: placeholder))
            case JenkinsSource.name: return JenkinsSource(configuration: try .init(tokens: placeholder))
            case CISource.name: return CISource(configuration: try .init(tokens: placeholder))
            case JiraSource.name: return JiraSource(configuration: try .init(secrets: [], allowUnsigned: true))
            case SlackSource.name: return SlackSource(configuration: try .init(signingSecrets: placeholder))
            default: return nil
            }
        } catch {
            // A non-empty placeholder always satisfies the configuration checks.
            return nil
        }
    }
}
