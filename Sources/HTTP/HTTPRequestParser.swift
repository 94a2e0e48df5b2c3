import Glibc

/// An incremental HTTP/1.1 request parser: a pure value with no I/O.
///
/// Feed it bytes as they arrive (`feed(_:)`), then call `next()` until it
/// returns `.needMoreData`. Requests parse identically whatever the
/// fragmentation: whole, one byte at a time, or many pipelined in one buffer.
/// Errors are thrown as `HTTPError` with the status to answer; after an error
/// the stream cannot be trusted and every later `next()` throws it again.
///
/// Request smuggling defences (RFC 9112 §6): `Content-Length` together with
/// `Transfer-Encoding`, conflicting `Content-Length` values, obsolete line
/// folding and `Transfer-Encoding` on HTTP/1.0 are all rejected with 400.
public struct HTTPRequestParser: Sendable {
    public let configuration: Configuration

    /// Bytes received and not yet consumed start at `readIndex`.
    private var buffer: [UInt8] = []
    private var readIndex = 0
    private var state: State = .head(scanned: 0)
    /// The request whose head is parsed and whose body is being read.
    private var pending: HTTPRequest?
    private var failure: HTTPError?
    /// The pending request asked for `100 Continue` before its body.
    private var expectsContinue = false

    private enum State: Sendable {
        /// `scanned` bytes after `readIndex` hold no end of head.
        case head(scanned: Int)
        /// The head asked for 100-continue; report it before reading the body.
        case announceContinue(Framing)
        case fixed(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        /// `bytes` trailer-section bytes consumed so far.
        case trailers(bytes: Int)
    }

    package enum Framing: Sendable, Equatable {
        case none
        case length(Int)
        case chunked
    }

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Bytes received and not yet consumed by `next()`.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// Where the parser is within the current request.
    public var phase: Phase {
        switch state {
        case .head: return bufferedByteCount == 0 ? .idle : .head
        default: return .body
        }
    }

    /// Appends received bytes.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Appends received bytes.
    public mutating func feed(_ bytes: some Collection<UInt8>) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Frees buffer memory kept from a large request when nothing is buffered.
    public mutating func releaseExcessCapacity(keeping limit: Int = 32 * 1024) {
        if readIndex == buffer.count, buffer.capacity > limit {
            buffer = []
            readIndex = 0
        }
    }

    private mutating func compact() {
        if readIndex == buffer.count {
            if readIndex > 0 {
                buffer.removeAll(keepingCapacity: true)
                readIndex = 0
            }
        } else if readIndex >= 16 * 1024 {
            buffer.removeSubrange(0..<readIndex)
            readIndex = 0
        }
    }

    /// Parses as far as the buffered bytes allow.
    public mutating func next() throws(HTTPError) -> Event {
        if let failure { throw failure }
        do {
            return try step()
        } catch {
            failure = error
            throw error
        }
    }

    private mutating func step() throws(HTTPError) -> Event {
        while true {
            switch state {
            case .head(let scanned):
                guard let framing = try parseHead(scanned: scanned) else { return .needMoreData }
                if case .none = framing { return .request(finish(body: [])) }
                if expectsContinue {
                    state = .announceContinue(framing)
                    return .continueExpected
                }
                startBody(framing)
            case .announceContinue(let framing):
                startBody(framing)
            case .fixed(let remaining):
                let take = min(remaining, bufferedByteCount)
                if take > 0 {
                    pending?.body.append(contentsOf: buffer[readIndex..<readIndex + take])
                    readIndex += take
                }
                if take < remaining {
                    state = .fixed(remaining: remaining - take)
                    return .needMoreData
                }
                return .request(finish(body: nil))
            case .chunkSize:
                guard let size = try parseChunkSize() else { return .needMoreData }
                if size == 0 {
                    state = .trailers(bytes: 0)
                } else {
                    let soFar = pending?.body.count ?? 0
                    guard size <= configuration.maxBodyBytes - soFar else {
                        throw HTTPError(
                            .bodyTooLarge, "chunked body exceeds the limit of \(configuration.maxBodyBytes) bytes")
                    }
                    pending?.body.reserveCapacity(soFar + size)
                    state = .chunkData(remaining: size)
                }
            case .chunkData(let remaining):
                let take = min(remaining, bufferedByteCount)
                if take > 0 {
                    pending?.body.append(contentsOf: buffer[readIndex..<readIndex + take])
                    readIndex += take
                }
                if take < remaining {
                    state = .chunkData(remaining: remaining - take)
                    return .needMoreData
                }
                state = .chunkDataEnd
            case .chunkDataEnd:
                guard bufferedByteCount >= 2 else { return .needMoreData }
                guard buffer[readIndex] == .cr, buffer[readIndex + 1] == .lf else {
                    throw HTTPError(.badRequest, "chunk data is not followed by CRLF")
                }
                readIndex += 2
                state = .chunkSize
            case .trailers(let bytes):
                guard let done = try skipTrailerLine(consumed: bytes) else { return .needMoreData }
                if done { return .request(finish(body: nil)) }
            }
        }
    }

    private mutating func startBody(_ framing: Framing) {
        switch framing {
        case .none: state = .fixed(remaining: 0)
        case .length(let length):
            pending?.body.reserveCapacity(length)
            state = .fixed(remaining: length)
        case .chunked: state = .chunkSize
        }
    }

    /// Hands out the pending request and gets ready for the next one.
    private mutating func finish(body: [UInt8]?) -> HTTPRequest {
        state = .head(scanned: 0)
        var request = pending ?? HTTPRequest(method: "", target: "")
        pending = nil
        if let body { request.body = body }
        return request
    }

    // MARK: Head

    /// Finds and parses a complete head; `nil` when more bytes are needed.
    private mutating func parseHead(scanned: Int) throws(HTTPError) -> Framing? {
        // RFC 9112 §2.2: ignore empty lines before the request line.
        while bufferedByteCount >= 2, buffer[readIndex] == .cr, buffer[readIndex + 1] == .lf {
            readIndex += 2
        }
        let available = bufferedByteCount
        let limit = configuration.maxHeadBytes
        let end: Int? = buffer.withUnsafeBufferPointer { whole in
            guard let base = whole.baseAddress else { return nil }
            return Self.findEndOfHead(base + readIndex, count: min(available, limit), from: scanned)
        }
        guard let end else {
            if available >= limit {
                throw HTTPError(.headersTooLarge, "request line and headers exceed \(limit) bytes")
            }
            state = .head(scanned: max(0, available - 3))
            return nil
        }
        let start = readIndex
        let head = try buffer.withUnsafeBufferPointer { whole throws(HTTPError) in
            try HeadParser(bytes: UnsafeBufferPointer(rebasing: whole[start..<start + end]), configuration: configuration)
                .parse()
        }
        readIndex += end
        pending = head.request
        expectsContinue = head.expectsContinue
        return head.framing
    }

    /// The length of the head including its final CRLFCRLF, if it ends
    /// within `count` bytes. Bytes before `from` are known not to end it.
    private static func findEndOfHead(_ base: UnsafePointer<UInt8>, count: Int, from: Int) -> Int? {
        var index = from
        while index < count {
            guard let hit = memchr(base + index, Int32(UInt8.lf), count - index) else { return nil }
            let lf = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
            if lf >= 3, base[lf - 1] == .cr, base[lf - 2] == .lf, base[lf - 3] == .cr { return lf + 1 }
            index = lf + 1
        }
        return nil
    }

    // MARK: Chunked body

    /// Parses `chunk-size [chunk-ext] CRLF`; `nil` when more bytes are needed.
    private mutating func parseChunkSize() throws(HTTPError) -> Int? {
        guard let lineEnd = findLF(limit: configuration.maxChunkLineBytes) else {
            if bufferedByteCount >= configuration.maxChunkLineBytes {
                throw HTTPError(.badRequest, "chunk size line exceeds \(configuration.maxChunkLineBytes) bytes")
            }
            return nil
        }
        // `lineEnd` indexes the LF; the line is [readIndex, lineEnd - 1).
        guard lineEnd > readIndex, buffer[lineEnd - 1] == .cr else {
            throw HTTPError(.badRequest, "chunk size line does not end with CRLF")
        }
        var index = readIndex
        var size = 0
        var digits = 0
        while index < lineEnd - 1, let value = buffer[index].hexValue {
            digits += 1
            guard digits <= 15 else {
                throw HTTPError(.bodyTooLarge, "chunk size exceeds the limit of \(configuration.maxBodyBytes) bytes")
            }
            size = size << 4 | Int(value)
            index += 1
        }
        guard digits > 0 else { throw HTTPError(.badRequest, "chunk size is not a hexadecimal number") }
        // Optional whitespace, then chunk extensions (ignored) or the line end.
        while index < lineEnd - 1, buffer[index] == .space || buffer[index] == .tab { index += 1 }
        if index < lineEnd - 1 {
            guard buffer[index] == UInt8(ascii: ";") else {
                throw HTTPError(.badRequest, "chunk size is not a hexadecimal number")
            }
            while index < lineEnd - 1 {
                guard buffer[index].isFieldValueByte else {
                    throw HTTPError(.badRequest, "chunk extension holds a control character")
                }
                index += 1
            }
        }
        readIndex = lineEnd + 1
        return size
    }

    /// Consumes one trailer line. `true` at the empty line ending the
    /// trailers, `false` after a trailer field, `nil` for more bytes.
    private mutating func skipTrailerLine(consumed: Int) throws(HTTPError) -> Bool? {
        let room = configuration.maxHeadBytes - consumed
        guard let lineEnd = findLF(limit: room) else {
            if bufferedByteCount >= room {
                throw HTTPError(.headersTooLarge, "trailer section exceeds \(configuration.maxHeadBytes) bytes")
            }
            return nil
        }
        guard lineEnd > readIndex, buffer[lineEnd - 1] == .cr else {
            throw HTTPError(.badRequest, "trailer line does not end with CRLF")
        }
        let length = lineEnd + 1 - readIndex
        readIndex = lineEnd + 1
        if length == 2 { return true }
        state = .trailers(bytes: consumed + length)
        return false
    }

    /// The index of the first LF within `limit` buffered bytes.
    private func findLF(limit: Int) -> Int? {
        let count = min(bufferedByteCount, limit)
        guard count > 0 else { return nil }
        let start = readIndex
        return buffer.withUnsafeBufferPointer { whole -> Int? in
            guard let base = whole.baseAddress,
                let hit = memchr(base + start, Int32(UInt8.lf), count)
            else { return nil }
            return UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
        }
    }
}

