import JSON

/// The simulator's one door to JSON text (the JSON target's parser and
/// serializer), so error wording stays in one place.
enum SimJSON {
    static func parse(_ bytes: [UInt8]) throws -> JSON {
        try JSON(parsing: bytes)
    }

    static func serialize(_ value: JSON) -> [UInt8] {
        value.serializedBytes()
    }

    static func string(_ value: JSON) -> String {
        value.serialized()
    }
}
