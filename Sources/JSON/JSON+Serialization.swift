extension JSON {
    /// The value as JSON text: compact by default, `.pretty` for two-space
    /// indentation, `.sortedKeys` for a stable key order. Parsing the result
    /// gives back an equal value (non-finite doubles become `null`).
    public func serialized(_ options: JSONSerializationOptions = []) -> String {
        String(decoding: serializedBytes(options), as: UTF8.self)
    }

    /// The value as UTF-8 JSON text; see `serialized(_:)`.
    public func serializedBytes(_ options: JSONSerializationOptions = []) -> [UInt8] {
        var serializer = JSONSerializer(options: options)
        serializer.write(self)
        return serializer.output
    }
}
