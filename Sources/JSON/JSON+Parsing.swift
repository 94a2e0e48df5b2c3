extension JSON {
    /// Parses a complete JSON document (RFC 8259) from UTF-8 bytes.
    ///
    /// Collections with contiguous storage (`[UInt8]`, `ArraySlice<UInt8>`,
    /// `Data`, ...) are read in place; others are copied once. Integers that fit
    /// `Int64` become `.int`, every other number `.double`; a duplicate object
    /// key keeps its first position and its last value.
    ///
    /// - Throws: `JSONParseError` with the byte offset of the problem.
    public init(parsing bytes: some Collection<UInt8>, limits: JSONParseLimits = .init()) throws(JSONParseError) {
        // A typed error cannot cross the `rethrows` closure, so it travels as a Result.
        let result = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONParseError) -> JSON in try JSONParser.parse(buffer, limits: limits) }
        }
        if let result {
            self = try result.get()
            return
        }
        guard bytes.count <= limits.maxBytes else {
            throw JSONParseError(.tooLarge(size: bytes.count, limit: limits.maxBytes), at: limits.maxBytes)
        }
        let copy = Array(bytes)
        self = try copy.withUnsafeBufferPointer { buffer throws(JSONParseError) in
            try JSONParser.parse(buffer, limits: limits)
        }
    }

    /// Parses a complete JSON document (RFC 8259) from text.
    ///
    /// - Throws: `JSONParseError`; its offset counts UTF-8 bytes of `text`.
    public init(parsing text: String, limits: JSONParseLimits = .init()) throws(JSONParseError) {
        var text = text
        let result = text.withUTF8 { buffer in
            Result { () throws(JSONParseError) -> JSON in try JSONParser.parse(buffer, limits: limits) }
        }
        self = try result.get()
    }

    /// Parses a complete JSON document like `init(parsing:limits:)`, with the
    /// same validation and errors, but builds only the outermost container:
    /// nested objects keep their bytes (sharing `bytes`' storage) and are built
    /// on first read, each once.
    ///
    /// For large untrusted payloads of which a few fields are read (webhook
    /// bodies): the whole document is still checked here, so a bad byte deep
    /// inside is an error now, never at first read.
    public init(parsingLazily bytes: [UInt8], limits: JSONParseLimits = .init()) throws(JSONParseError) {
        self = try JSONParser.parseLazily(bytes, range: bytes.indices, limits: limits)
    }

    /// Parses like `init(parsingLazily:limits:)` and, in the same pass, gives
    /// the document without the whitespace between its tokens: the form a
    /// webhook body is stored in. Strings, numbers and literals are kept byte
    /// for byte (escapes as sent), so parsing `minified` gives an equal value;
    /// a document with no such whitespace comes back as `bytes` itself.
    public static func parsingLazilyMinifying(_ bytes: [UInt8], limits: JSONParseLimits = .init())
        throws(JSONParseError) -> (value: JSON, minified: [UInt8])
    {
        try JSONParser.parseLazilyMinifying(bytes, limits: limits)
    }
}
