import JSON

/// An asset (`/hardware`) as Snipe-IT's transformer gives it, its strings
/// unescaped: the fields the bridge reads, plus the whole document in `json`
/// for templates (`steps.asset.model.name`).
public struct SnipeITAsset: Sendable, Equatable {
    public var id: Int
    public var assetTag: String
    /// `nil` when Snipe-IT has none (it answers `""`).
    public var serial: String?
    public var name: String?
    public var model: SnipeITReference?
    public var statusLabel: SnipeITAssetStatus?
    public var assignedTo: SnipeITAssignee?
    public var location: SnipeITReference?
    /// The asset's page in the web interface: `<baseURL>/hardware/<id>`.
    public var webURL: String
    /// The whole document, unescaped, with `web_url` added.
    public var json: JSON

    /// Decodes an asset that is already unescaped; `webBase` is the
    /// instance's base URL without a trailing `/`.
    public static func decode(_ json: JSON, webBase: String) -> Result<SnipeITAsset, SnipeITDecodingError> {
        guard var object = json.objectValue, let id = SnipeITFields.int(object["id"]) else {
            return .failure(SnipeITDecodingError("asset: expected an object with a numeric \"id\""))
        }
        guard let tag = SnipeITFields.string(object["asset_tag"]) else {
            return .failure(SnipeITDecodingError("asset \(id): no \"asset_tag\""))
        }
        let webURL = "\(webBase)/hardware/\(id)"
        object["web_url"] = .string(webURL)
        return .success(SnipeITAsset(
            id: id, assetTag: tag, serial: SnipeITFields.string(object["serial"]), name: SnipeITFields.string(object["name"]),
            model: SnipeITReference.decode(object["model"]), statusLabel: SnipeITAssetStatus.decode(object["status_label"]),
            assignedTo: SnipeITAssignee.decode(object["assigned_to"]), location: SnipeITReference.decode(object["location"]),
            webURL: webURL, json: .object(object)))
    }
}
