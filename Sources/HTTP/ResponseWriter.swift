import Glibc

/// Serialises responses into a reusable byte buffer: status line, the
/// handler's headers, then `Content-Length`, `Date` and `Connection`.
package struct ResponseWriter {
    private var date = DateCache()

    package init() {}

    /// Appends `HTTP/1.1 100 Continue`.
    package static func appendContinue(to out: inout [UInt8]) {
        out.append(contentsOf: "HTTP/1.1 100 Continue\r\n\r\n".utf8)
    }

    /// Appends `response` to `out`. `close` writes `Connection: close`;
    /// `headRequest` leaves the body out (but keeps its length).
    package mutating func append(_ response: HTTPResponse, close: Bool, headRequest: Bool, to out: inout [UInt8]) {
        let status = (100...999).contains(response.status) ? response.status : 500
        out.append(contentsOf: "HTTP/1.1 ".utf8)
        Self.appendDecimal(status, to: &out)
        out.append(.space)
        out.append(contentsOf: HTTPStatus.reason(status).utf8)
        out.append(contentsOf: "\r\n".utf8)
        for field in response.headers.fields {
            if Self.isServerOwned(field.name) { continue }
            Self.appendSanitised(field.name, to: &out)
            out.append(contentsOf: ": ".utf8)
            Self.appendSanitised(field.value, to: &out)
            out.append(contentsOf: "\r\n".utf8)
        }
        // RFC 9110 §8.6: no Content-Length on 1xx and 204; 304 keeps none here.
        let bodyAllowed = status >= 200 && status != 204 && status != 304
        if bodyAllowed {
            out.append(contentsOf: "Content-Length: ".utf8)
            Self.appendDecimal(response.body.count, to: &out)
            out.append(contentsOf: "\r\n".utf8)
        }
        out.append(contentsOf: "Date: ".utf8)
        date.append(to: &out)
        out.append(contentsOf: close ? "\r\nConnection: close\r\n\r\n".utf8 : "\r\nConnection: keep-alive\r\n\r\n".utf8)
        if bodyAllowed && !headRequest { out.append(contentsOf: response.body) }
    }

    private static func isServerOwned(_ name: String) -> Bool {
        HTTPHeaders.sameName(name, "content-length") || HTTPHeaders.sameName(name, "date")
            || HTTPHeaders.sameName(name, "connection") || HTTPHeaders.sameName(name, "transfer-encoding")
    }

    /// CR, LF and other control bytes become spaces: a header echoing input
    /// cannot split the response.
    private static func appendSanitised(_ string: String, to out: inout [UInt8]) {
        for byte in string.utf8 { out.append(byte.isFieldValueByte ? byte : .space) }
    }

    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 10 {
            out.append(0x30 + UInt8(value))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
            UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { raw in
            while rest > 0 {
                raw[count] = 0x30 + UInt8(rest % 10)
                rest /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) { out.append(raw[index]) }
        }
    }
}

/// The IMF-fixdate of the current second, rebuilt only when the second changes.
struct DateCache {
    private var second: time_t = -1
    private var text: [UInt8] = []

    mutating func append(to out: inout [UInt8]) {
        let now = time(nil)
        if now != second {
            second = now
            text = Self.format(now)
        }
        out.append(contentsOf: text)
    }

    /// `Sun, 06 Nov 1994 08:49:37 GMT` (RFC 9110 §5.6.7).
    static func format(_ seconds: time_t) -> [UInt8] {
        var moment = seconds
        var parts = tm()
        gmtime_r(&moment, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let text = "\(days[Int(parts.tm_wday) % 7]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon) % 12]) "
            + "\(parts.tm_year + 1900) \(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
        return Array(text.utf8)
    }
}
