import JSON

extension SnipeITSimRoutes {
    /// The asset fields `PATCH /hardware/:id` fills (Snipe-IT's fillable ones the bridge may send).
    static let assetFields: Set<String> = ["name", "asset_tag", "serial", "status_id", "model_id", "notes", "location_id"]

    /// `AssetsController::update`: an unknown asset is "Asset not found" (the
    /// exception handler's route-model-binding answer), a failed validation
    /// the field errors, both with HTTP 200; success answers the raw row.
    static func updateAsset(_ idText: String, _ call: SnipeITSimCall, _ state: inout SnipeITSimState) -> SnipeITSimAnswer {
        guard let id = Int(idText), state.assets[id] != nil else { return .error("Asset not found") }
        guard let body = call.object() else { return .error("Invalid JSON", status: 422) }
        var errors: [(String, [String])] = []
        for (field, table) in [("status_id", state.statusLabels), ("model_id", state.models)] {
            guard let value = body[field] else { continue }
            let name = field.replacingOccurrences(of: "_", with: " ")
            guard let number = SnipeITSimValidation.integer(value) else {
                errors.append((field, ["The \(name) field must be an integer."]))
                continue
            }
            if table[number] == nil { errors.append((field, ["The selected \(name) is invalid."])) }
        }
        if let tag = body["asset_tag"]?.stringValue, state.assets.rows.contains(where: {
            SnipeITSimCall.same($0["asset_tag"]?.stringValue, tag) && SnipeITSimState.id($0, "id") != id
        }) {
            errors.append(("asset_tag", ["The asset tag has already been taken."]))
        }
        guard errors.isEmpty else { return .fieldErrors(errors) }
        let stamp = JSON.string(SnipeITSimState.timestamp(call.now))
        let updated = state.assets.update(id) { row in
            for (field, value) in body where assetFields.contains(field) {
                row[field] = field.hasSuffix("_id") ? SnipeITSimValidation.integer(value).map { .int(Int64($0)) } ?? .null : value
            }
            row["updated_at"] = stamp
        }
        return .envelope(success: true, messages: "Asset updated successfully.", payload: updated.map(JSON.object) ?? .null)
    }

    /// `AssetMaintenancesController::store`: the model's rules, failures as
    /// field errors with HTTP 200; success answers the raw row.
    static func addMaintenance(_ call: SnipeITSimCall, _ state: inout SnipeITSimState) -> SnipeITSimAnswer {
        guard let body = call.object() else { return .error("Invalid JSON", status: 422) }
        let errors = SnipeITSimValidation.maintenance(body)
        guard errors.isEmpty else { return .fieldErrors(errors) }
        var row = JSONObject()
        for field in SnipeITSimValidation.maintenanceFields { if let value = body[field] { row[field] = value } }
        let stamp = JSON.string(SnipeITSimState.timestamp(call.now))
        row["created_by"] = 1
        row["updated_at"] = stamp
        row["created_at"] = stamp
        let stored = state.maintenances.insert(row)
        return .envelope(success: true, messages: "Asset Maintenance created successfully.", payload: .object(stored))
    }
}
