/// Parses one complete request head (request line, header fields, final
/// CRLFCRLF) from a borrowed buffer, and decides the body's framing.
struct HeadParser {
    struct Head {
        var request: HTTPRequest
        var framing: HTTPRequestParser.Framing
        var expectsContinue: Bool
    }

    let bytes: UnsafeBufferPointer<UInt8>
    let configuration: HTTPRequestParser.Configuration

    func parse() throws(HTTPError) -> Head {
        var index = 0
        let lineEnd = try endOfLine(from: 0)
        let (method, target, version) = try parseRequestLine(0, lineEnd)
        index = lineEnd + 2

        var headers = HTTPHeaders()
        headers.reserveCapacity(16)
        var contentLength: Int?
        var lengthTooLarge = false
        var transferEncodings: [String] = []
        var hostCount = 0
        var expectation: String?
        // The head ends with an empty line: stop before the last CRLF.
        while index < bytes.count - 2 {
            let end = try endOfLine(from: index)
            let field = try parseField(index, end)
            guard headers.count < configuration.maxHeaderCount else {
                throw HTTPError(.headersTooLarge, "more than \(configuration.maxHeaderCount) header fields")
            }
            switch field.kind {
            case .contentLength:
                let parsed = try Self.parseContentLength(field.value)
                if parsed == nil {
                    lengthTooLarge = true
                } else if let contentLength, contentLength != parsed {
                    throw HTTPError(.badRequest, "conflicting Content-Length values")
                }
                if lengthTooLarge { contentLength = Int.max } else { contentLength = parsed }
            case .transferEncoding:
                for coding in field.value.split(separator: ",") {
                    let trimmed = coding.trimmingOWS()
                    if !trimmed.isEmpty { transferEncodings.append(trimmed) }
                }
                if transferEncodings.isEmpty {
                    throw HTTPError(.badRequest, "empty Transfer-Encoding")
                }
            case .host: hostCount += 1
            case .expect: expectation = field.value
            case .other: break
            }
            headers.add(field.name, field.value)
            index = end + 2
        }

        if version == .http11 && hostCount == 0 { throw HTTPError(.badRequest, "missing Host header") }
        if hostCount > 1 { throw HTTPError(.badRequest, "more than one Host header") }

        var framing = HTTPRequestParser.Framing.none
        if !transferEncodings.isEmpty {
            if contentLength != nil {
                throw HTTPError(.badRequest, "both Content-Length and Transfer-Encoding")
            }
            if version == .http10 { throw HTTPError(.badRequest, "Transfer-Encoding in an HTTP/1.0 request") }
            if let unknown = transferEncodings.first(where: { !HTTPHeaders.sameName($0, "chunked") }) {
                throw HTTPError(.notImplemented, "unsupported transfer coding '\(unknown)'")
            }
            guard transferEncodings.count == 1 else {
                throw HTTPError(.badRequest, "chunked transfer coding applied more than once")
            }
            framing = .chunked
        } else if let contentLength {
            guard contentLength <= configuration.maxBodyBytes else {
                throw HTTPError(.bodyTooLarge, "body exceeds the limit of \(configuration.maxBodyBytes) bytes")
            }
            if contentLength > 0 { framing = .length(contentLength) }
        }

        var expectsContinue = false
        if let expectation, version == .http11 {
            guard HTTPHeaders.sameName(expectation, "100-continue") else {
                throw HTTPError(.expectationFailed, "unsupported expectation '\(expectation)'")
            }
            expectsContinue = framing != .none
        }
        let request = HTTPRequest(method: method, target: target, version: version, headers: headers)
        return Head(request: request, framing: framing, expectsContinue: expectsContinue)
    }

    /// The index of the CR of the CRLF ending the line starting at `start`.
    /// A bare CR or LF inside a line is malformed.
    private func endOfLine(from start: Int) throws(HTTPError) -> Int {
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == .cr {
                guard index + 1 < bytes.count, bytes[index + 1] == .lf else {
                    throw HTTPError(.badRequest, "bare CR in request head")
                }
                return index
            }
            if byte == .lf { throw HTTPError(.badRequest, "bare LF in request head") }
            index += 1
        }
        throw HTTPError(.badRequest, "unterminated line in request head")
    }

    private func parseRequestLine(_ start: Int, _ end: Int) throws(HTTPError) -> (String, String, HTTPVersion) {
        var index = start
        while index < end, bytes[index].isTokenByte { index += 1 }
        guard index > start, index < end, bytes[index] == .space else {
            throw HTTPError(.badRequest, "malformed request line: bad method")
        }
        let method = Self.string(bytes, start, index, known: true)
        index += 1
        let targetStart = index
        while index < end, bytes[index] > 0x20, bytes[index] < 0x7F { index += 1 }
        guard index > targetStart, index < end, bytes[index] == .space else {
            throw HTTPError(.badRequest, "malformed request line: bad target")
        }
        let target = Self.string(bytes, targetStart, index, known: false)
        index += 1
        // HTTP-version = "HTTP/" DIGIT "." DIGIT
        guard end - index == 8, bytes[index] == UInt8(ascii: "H"), bytes[index + 1] == UInt8(ascii: "T"),
            bytes[index + 2] == UInt8(ascii: "T"), bytes[index + 3] == UInt8(ascii: "P"),
            bytes[index + 4] == UInt8(ascii: "/"), bytes[index + 6] == UInt8(ascii: "."),
            let major = bytes[index + 5].decimalValue, let minor = bytes[index + 7].decimalValue
        else {
            throw HTTPError(.badRequest, "malformed request line: bad HTTP version")
        }
        guard major == 1, minor <= 1 else {
            throw HTTPError(.versionNotSupported, "HTTP/\(major).\(minor) is not supported")
        }
        return (method, target, minor == 1 ? .http11 : .http10)
    }

    private enum FieldKind { case contentLength, transferEncoding, host, expect, other }

    private func parseField(_ start: Int, _ end: Int) throws(HTTPError) -> (name: String, value: String, kind: FieldKind) {
        if bytes[start] == .space || bytes[start] == .tab {
            throw HTTPError(.badRequest, "obsolete line folding in header field")
        }
        var index = start
        while index < end, bytes[index].isTokenByte { index += 1 }
        guard index < end, bytes[index] == UInt8(ascii: ":") else {
            throw HTTPError(.badRequest, "malformed header field name")
        }
        guard index > start else { throw HTTPError(.badRequest, "empty header field name") }
        let nameEnd = index
        index += 1
        while index < end, bytes[index] == .space || bytes[index] == .tab { index += 1 }
        let valueStart = index
        var valueEnd = index
        while index < end {
            let byte = bytes[index]
            guard byte.isFieldValueByte else {
                throw HTTPError(.badRequest, "control character in header field value")
            }
            if byte != .space && byte != .tab { valueEnd = index + 1 }
            index += 1
        }
        let kind = fieldKind(start, nameEnd)
        let name = Self.string(bytes, start, nameEnd, known: false)
        let value = Self.string(bytes, valueStart, valueEnd, known: false)
        return (name, value, kind)
    }

    private func fieldKind(_ start: Int, _ end: Int) -> FieldKind {
        switch end - start {
        case 4: return matches(start, "host") ? .host : .other
        case 6: return matches(start, "expect") ? .expect : .other
        case 14: return matches(start, "content-length") ? .contentLength : .other
        case 17: return matches(start, "transfer-encoding") ? .transferEncoding : .other
        default: return .other
        }
    }

    /// ASCII case-insensitive match of `lowercase` at `start` (token bytes only).
    private func matches(_ start: Int, _ lowercase: StaticString) -> Bool {
        let expected = UnsafeBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount)
        for offset in 0..<expected.count where bytes[start + offset] | 0x20 != expected[offset] {
            return false
        }
        return true
    }

    /// `1*DIGIT` or a list of equal ones ("42, 42"); `nil` when the value is
    /// well-formed but too large for an `Int`.
    static func parseContentLength(_ value: String) throws(HTTPError) -> Int? {
        var result: Int?
        var overflow = false
        for element in value.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
            var number = 0
            var digits = 0
            var sawDigit = false
            var trailingSpace = false
            for byte in element {
                if byte == .space || byte == .tab {
                    if sawDigit { trailingSpace = true }
                    continue
                }
                guard let digit = byte.decimalValue, !trailingSpace else {
                    throw HTTPError(.badRequest, "Content-Length is not a decimal number")
                }
                sawDigit = true
                if number == 0 && digit == 0 { continue }
                digits += 1
                if digits > 18 { overflow = true } else { number = number * 10 + Int(digit) }
            }
            guard sawDigit else { throw HTTPError(.badRequest, "Content-Length is not a decimal number") }
            if let result, result != number || overflow {
                throw HTTPError(.badRequest, "conflicting Content-Length values")
            }
            result = number
        }
        return overflow ? nil : result
    }

    /// Common methods and names come from static strings: no allocation.
    private static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, known: Bool) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
        if known {
            switch slice.count {
            case 3 where slice.elementsEqual("GET".utf8): return "GET"
            case 3 where slice.elementsEqual("PUT".utf8): return "PUT"
            case 4 where slice.elementsEqual("POST".utf8): return "POST"
            case 4 where slice.elementsEqual("HEAD".utf8): return "HEAD"
            default: break
            }
        }
        return String(decoding: slice, as: UTF8.self)
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs (RFC 9110 OWS).
    func trimmingOWS() -> String {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
