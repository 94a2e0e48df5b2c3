import JSON
import Outbound

extension SnipeITClient {
    /// `GET /api/v1/hardware/bytag/:tag`: the assets carrying `tag`, usually
    /// one. Snipe-IT answers one match as the bare asset and several (a tag
    /// reused across companies, imported twice) as a `{"total","rows"}`
    /// list; both come back as a non-empty array. No match is `notFound`.
    public func assetByTag(_ tag: String) async -> SnipeITOutcome<[SnipeITAsset]> {
        await lookUp("/hardware/bytag/" + PercentEncoding.escape(tag)) { json in
            if json["rows"] != nil {
                return decodeAssets(json, offset: 0, limit: SnipeITList<SnipeITAsset>.maximumLimit).map(\.rows)
            }
            return decodeAsset(json).map { [$0] }
        }
    }

    /// `GET /api/v1/hardware/byserial/:serial`: always a list when something
    /// matches; no match is `notFound` (Snipe-IT answers the 200 error
    /// envelope then, not an empty list).
    public func assetsBySerial(_ serial: String, limit: Int = 500, offset: Int = 0) async
        -> SnipeITOutcome<SnipeITList<SnipeITAsset>>
    {
        await lookUp("/hardware/byserial/" + PercentEncoding.escape(serial), query: Self.page(limit: limit, offset: offset)) { json in
            decodeAssets(json, offset: max(0, offset), limit: Self.clamp(limit: limit))
        }
    }

    /// `GET /api/v1/hardware/:id`: one asset; an id Snipe-IT does not know
    /// (the 200 error envelope) is `notFound`.
    public func asset(id: Int) async -> SnipeITOutcome<SnipeITAsset> {
        await lookUp("/hardware/\(id)") { json in decodeAsset(json) }
    }

    /// `PATCH /api/v1/hardware/:id` with `{"status_id": statusID}`. An
    /// unknown asset or label is the 200 error envelope: `clientError`
    /// (status 200) with Snipe-IT's messages ("Asset not found", or the
    /// field error `status_id`).
    public func updateAsset(id: Int, statusID: Int) async -> SnipeITOutcome<SnipeITAssetUpdate> {
        await updateAsset(id: id, fields: ["status_id": .int(Int64(statusID))])
    }

    /// `PATCH /api/v1/hardware/:id` with any fields of the asset.
    public func updateAsset(id: Int, fields: JSONObject) async -> SnipeITOutcome<SnipeITAssetUpdate> {
        await write("PATCH", "/hardware/\(id)", body: .object(fields)) { payload, messages in
            SnipeITAssetUpdate.decode(payload, messages: messages, id: id)
        }
    }

    /// One asset of a transformer, unescaped.
    func decodeAsset(_ json: JSON) -> Result<SnipeITAsset, SnipeITDecodingError> {
        SnipeITAsset.decode(HTMLEntities.unescape(json), webBase: webBase)
    }

    func decodeAssets(_ json: JSON, offset: Int, limit: Int) -> Result<SnipeITList<SnipeITAsset>, SnipeITDecodingError> {
        SnipeITList.decode(json, offset: offset, limit: limit, item: decodeAsset)
    }
}
