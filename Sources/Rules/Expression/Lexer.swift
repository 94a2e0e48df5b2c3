/// Splits an expression's UTF-8 bytes into tokens.
///
/// Works on bytes with a read index only (swift-foundation's scanner style);
/// strings are decoded as they are read. Any byte it does not expect is an
/// `ExpressionError` at that offset, never a crash.
struct Lexer {
    private let bytes: [UInt8]
    private var index: Int

    /// Longest string literal or identifier accepted, in bytes.
    static let maxTokenBytes = 64 * 1024

    init(_ bytes: [UInt8], start: Int = 0) {
        self.bytes = bytes
        self.index = start
    }

    /// All tokens up to and including `.end`.
    static func tokenize(_ text: String) throws(ExpressionError) -> [Token] {
        var lexer = Lexer(Array(text.utf8))
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private func peek(_ offset: Int = 0) -> UInt8? {
        let at = index + offset
        return at < bytes.count ? bytes[at] : nil
    }

    mutating func next() throws(ExpressionError) -> Token {
        while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
        let start = index
        guard let byte = peek() else { return Token(kind: .end, span: SourceSpan(start, start)) }

        func single(_ kind: Token.Kind, _ width: Int = 1) -> Token {
            index += width
            return Token(kind: kind, span: SourceSpan(start, index))
        }
        let following = peek(1)
        switch byte {
        case UInt8(ascii: "("): return single(.leftParen)
        case UInt8(ascii: ")"): return single(.rightParen)
        case UInt8(ascii: "["): return single(.leftBracket)
        case UInt8(ascii: "]"): return single(.rightBracket)
        case UInt8(ascii: ","): return single(.comma)
        case UInt8(ascii: "."): return single(.dot)
        case UInt8(ascii: ":"): return single(.colon)
        case UInt8(ascii: "-"): return single(.minus)
        case UInt8(ascii: "?"): return following == UInt8(ascii: "?") ? single(.coalesce, 2) : single(.question)
        case UInt8(ascii: "|"): return following == UInt8(ascii: "|") ? single(.or, 2) : single(.pipe)
        case UInt8(ascii: "&"):
            if following == UInt8(ascii: "&") { return single(.and, 2) }
            throw ExpressionError(SourceSpan(start, start + 1), DiagnosticMessage.loneAmpersand)
        case UInt8(ascii: "="):
            if following == UInt8(ascii: "=") { return single(.equal, 2) }
            throw ExpressionError(SourceSpan(start, start + 1), DiagnosticMessage.singleEquals)
        case UInt8(ascii: "!"): return following == UInt8(ascii: "=") ? single(.notEqual, 2) : single(.not)
        case UInt8(ascii: "<"): return following == UInt8(ascii: "=") ? single(.lessEqual, 2) : single(.less)
        case UInt8(ascii: ">"): return following == UInt8(ascii: "=") ? single(.greaterEqual, 2) : single(.greater)
        case UInt8(ascii: "\""), UInt8(ascii: "'"): return try string(quote: byte)
        default:
            if Self.isDigit(byte) { return try number() }
            if Self.isIdentifierStart(byte) { return identifier() }
            let width = Self.scalarWidth(byte)
            let text = String(decoding: bytes[start..<min(bytes.count, start + width)], as: UTF8.self)
            throw ExpressionError(SourceSpan(start, start + width), DiagnosticMessage.unexpectedCharacter(text))
        }
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == UInt8(ascii: "_")
    }

    static func isIdentifierPart(_ byte: UInt8) -> Bool { isIdentifierStart(byte) || isDigit(byte) }

    private static func scalarWidth(_ lead: UInt8) -> Int {
        switch lead {
        case 0xF0...: return 4
        case 0xE0...: return 3
        case 0xC0...: return 2
        default: return 1
        }
    }

    private mutating func identifier() -> Token {
        let start = index
        while let byte = peek(), Self.isIdentifierPart(byte) { index += 1 }
        let name = String(decoding: bytes[start..<index], as: UTF8.self)
        let kind: Token.Kind
        switch name {
        case "true": kind = .keywordTrue
        case "false": kind = .keywordFalse
        case "null": kind = .keywordNull
        case "in": kind = .keywordIn
        default: kind = .identifier(name)
        }
        return Token(kind: kind, span: SourceSpan(start, index))
    }

    private mutating func number() throws(ExpressionError) -> Token {
        let start = index
        var isFloat = false
        while let byte = peek(), Self.isDigit(byte) { index += 1 }
        if peek() == UInt8(ascii: "."), let after = peek(1), Self.isDigit(after) {
            isFloat = true
            index += 1
            while let byte = peek(), Self.isDigit(byte) { index += 1 }
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            var probe = 1
            if let sign = peek(1), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { probe = 2 }
            if let digit = peek(probe), Self.isDigit(digit) {
                isFloat = true
                index += probe
                while let byte = peek(), Self.isDigit(byte) { index += 1 }
            }
        }
        if let byte = peek(), Self.isIdentifierStart(byte) {
            throw ExpressionError(SourceSpan(start, index + 1), DiagnosticMessage.badNumber)
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        let span = SourceSpan(start, index)
        if !isFloat, let value = Int64(text) { return Token(kind: .integer(value), span: span) }
        guard let value = Double(text), value.isFinite else {
            throw ExpressionError(span, DiagnosticMessage.numberOutOfRange(text))
        }
        return Token(kind: .float(value), span: span)
    }

    private mutating func string(quote: UInt8) throws(ExpressionError) -> Token {
        let start = index
        index += 1
        var decoded: [UInt8] = []
        while true {
            guard let byte = peek() else {
                throw ExpressionError(SourceSpan(start, index), DiagnosticMessage.unterminatedString)
            }
            if index - start > Self.maxTokenBytes {
                throw ExpressionError(SourceSpan(start, index), DiagnosticMessage.stringTooLong)
            }
            index += 1
            if byte == quote { break }
            guard byte == UInt8(ascii: "\\") else {
                decoded.append(byte)
                continue
            }
            let escapeStart = index - 1
            guard let escaped = peek() else {
                throw ExpressionError(SourceSpan(start, index), DiagnosticMessage.unterminatedString)
            }
            index += 1
            switch escaped {
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "0"): decoded.append(0x00)
            case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "{"), UInt8(ascii: "}"):
                decoded.append(escaped)
            case UInt8(ascii: "u"):
                let scalar = try unicodeEscape(escapeStart: escapeStart)
                decoded.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                throw ExpressionError(
                    SourceSpan(escapeStart, index), DiagnosticMessage.badEscape(String(UnicodeScalar(escaped))))
            }
        }
        return Token(kind: .string(String(decoding: decoded, as: UTF8.self)), span: SourceSpan(start, index))
    }

    /// `\uXXXX` or `\u{X...}`, after the `u`.
    private mutating func unicodeEscape(escapeStart: Int) throws(ExpressionError) -> Unicode.Scalar {
        var digits: [UInt8] = []
        if peek() == UInt8(ascii: "{") {
            index += 1
            while let byte = peek(), byte != UInt8(ascii: "}"), digits.count <= 8 {
                digits.append(byte)
                index += 1
            }
            guard peek() == UInt8(ascii: "}") else {
                throw ExpressionError(SourceSpan(escapeStart, index), DiagnosticMessage.badUnicodeEscape)
            }
            index += 1
        } else {
            for _ in 0..<4 {
                guard let byte = peek() else { break }
                digits.append(byte)
                index += 1
            }
        }
        guard !digits.isEmpty, let value = UInt32(String(decoding: digits, as: UTF8.self), radix: 16),
            let scalar = Unicode.Scalar(value)
        else {
            throw ExpressionError(SourceSpan(escapeStart, index), DiagnosticMessage.badUnicodeEscape)
        }
        return scalar
    }
}
