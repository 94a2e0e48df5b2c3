// hummingbird-postgres PORT SECRET PGHOST PGPORT PGUSER PGDATABASE
//
// Listens on 127.0.0.1:PORT. POST /hooks/github collects the body, checks
// `X-Hub-Signature-256` against HMAC-SHA256(SECRET, body) in constant time
// (401 when absent or wrong), then stores the webhook with one INSERT
// (delivery id, event name, body; a redelivery is skipped by the primary
// key) through a PostgresNIO connection pool, and answers
// 202 {"id":1,"duplicate":false} once PostgreSQL has committed it.
import Crypto
import HTTPTypes
import Hummingbird
import Logging
import PostgresNIO

#if canImport(Glibc)
import Glibc
#endif

@main
struct HummingbirdPostgres {
    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 7, let port = Int(arguments[1]), !arguments[2].isEmpty, let pgPort = Int(arguments[4]) else {
            print("usage: hummingbird-postgres PORT SECRET PGHOST PGPORT PGUSER PGDATABASE")
            exit(2)
        }
        let key = SymmetricKey(data: Array(arguments[2].utf8))
        let signatureName = HTTPField.Name("X-Hub-Signature-256")!
        let deliveryName = HTTPField.Name("X-GitHub-Delivery")!
        let eventName = HTTPField.Name("X-GitHub-Event")!
        let accepted = ByteBuffer(string: #"{"id":1,"duplicate":false}"#)
        let rejected = ByteBuffer(string: #"{"error":"signature"}"#)
        let client = PostgresClient(configuration: .init(
            host: arguments[3], port: pgPort, username: arguments[5], password: nil, database: arguments[6], tls: .disable))

        let router = Router()
        router.post("/hooks/github") { request, context -> Response in
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            guard let header = request.headers[signatureName], let expected = SignatureHeader.digest(of: header) else {
                return json(.unauthorized, rejected)
            }
            let valid = body.withUnsafeReadableBytes { bytes in
                HMAC<SHA256>.isValidAuthenticationCode(expected, authenticating: bytes, using: key)
            }
            guard valid else { return json(.unauthorized, rejected) }
            let delivery = request.headers[deliveryName] ?? ""
            let event = request.headers[eventName] ?? ""
            try await client.query(
                "INSERT INTO webhooks(delivery_id, event, payload) VALUES (\(delivery), \(event), \(body)) ON CONFLICT DO NOTHING")
            return json(.accepted, accepted)
        }
        var logger = Logger(label: "hummingbird-postgres")
        logger.logLevel = .warning
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: nil),
            services: [client],
            onServerRunning: { _ in
                do {
                    try await client.query(
                        "CREATE TABLE IF NOT EXISTS webhooks(delivery_id text PRIMARY KEY, event text NOT NULL, payload bytea NOT NULL)")
                    print("listening on 127.0.0.1:\(port)")
                    fflush(nil)  // every stream: stdout is a pipe when a script reads it
                } catch {
                    print("cannot create the table: \(error)")
                    exit(1)
                }
            },
            logger: logger
        )
        try await app.runService()
    }

    static func json(_ status: HTTPResponse.Status, _ body: ByteBuffer) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
    }
}

/// `X-Hub-Signature-256: sha256=<64 hex digits>`.
enum SignatureHeader {
    static func digest(of value: String) -> [UInt8]? {
        let utf8 = Array(value.utf8)
        let prefix = Array("sha256=".utf8)
        guard utf8.count == prefix.count + 64, utf8.starts(with: prefix) else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(32)
        var i = prefix.count
        while i < utf8.count {
            guard let high = nibble(utf8[i]), let low = nibble(utf8[i + 1]) else { return nil }
            bytes.append(high << 4 | low)
            i += 2
        }
        return bytes
    }

    static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
