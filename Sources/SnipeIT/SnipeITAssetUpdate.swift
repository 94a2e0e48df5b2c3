import JSON

/// What `PATCH /api/v1/hardware/:id` answered. Snipe-IT puts the raw asset
/// model in the payload, not the transformed asset a look-up gives (flat
/// `status_id`, `model_id`; strings as stored, not escaped), so it is kept
/// apart from `SnipeITAsset`: look the asset up again for the full picture.
public struct SnipeITAssetUpdate: Sendable, Equatable {
    public var id: Int
    /// The `status_id` the payload reports.
    public var statusID: Int?
    /// Snipe-IT's `messages`, e.g. "Asset updated successfully.".
    public var message: String
    /// The payload as answered.
    public var payload: JSON

    static func decode(_ payload: JSON, messages: SnipeITMessages, id: Int) -> Result<SnipeITAssetUpdate, SnipeITDecodingError> {
        guard let object = payload.objectValue else {
            return .failure(SnipeITDecodingError("asset update: expected the asset as the payload"))
        }
        return .success(SnipeITAssetUpdate(
            id: SnipeITFields.int(object["id"]) ?? id, statusID: SnipeITFields.int(object["status_id"]),
            message: messages.description, payload: payload))
    }
}
