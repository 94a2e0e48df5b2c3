import JSON

/// The outbox form of an `Action`: its `json` (as `dry-run` prints it), read
/// back with `Action(json:)`, so what the dispatcher stored is exactly what
/// the deliverer carries out, and there is one decoder for both.
package enum ActionCodec {
    /// Why a stored action could not be read (a newer or damaged record).
    package struct DecodingError: Error, Sendable, CustomStringConvertible {
        package var description: String
    }

    /// The bytes stored in the outbox for `action`.
    package static func encode(_ action: Action) -> [UInt8] {
        action.json.serializedBytes()
    }

    /// The action stored as `bytes`.
    package static func decode(_ bytes: [UInt8]) throws(DecodingError) -> Action {
        let json: JSON
        do { json = try JSON(parsing: bytes) } catch {
            throw DecodingError(description: "stored action is not JSON: \(error)")
        }
        do { return try Action(json: json) } catch {
            throw DecodingError(description: "stored action cannot be read: \(error)")
        }
    }
}
