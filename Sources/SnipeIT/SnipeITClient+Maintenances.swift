import JSON

extension SnipeITClient {
    /// `GET /api/v1/maintenances?asset_id=`: the asset's maintenances, newest first.
    public func maintenances(assetID: Int, limit: Int = 500, offset: Int = 0) async
        -> SnipeITOutcome<SnipeITList<SnipeITMaintenance>>
    {
        await read("/maintenances", query: [("asset_id", String(assetID))] + Self.page(limit: limit, offset: offset)) { json in
            SnipeITList.decode(json, offset: max(0, offset), limit: Self.clamp(limit: limit)) {
                SnipeITMaintenance.decode(HTMLEntities.unescape($0))
            }
        }
    }

    /// `POST /api/v1/maintenances`. The answer's payload is the raw model
    /// (strings as stored, not escaped). A missing or invalid field is
    /// `clientError` (status 200) with the field errors.
    public func addMaintenance(_ draft: SnipeITMaintenanceDraft) async -> SnipeITOutcome<SnipeITMaintenance> {
        await write("POST", "/maintenances", body: draft.body) { payload, _ in SnipeITMaintenance.decode(payload) }
    }
}
