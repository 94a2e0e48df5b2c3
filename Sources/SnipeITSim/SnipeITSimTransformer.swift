import JSON

/// Snipe-IT's transformers over the simulator's rows: the documents the API
/// answers, every string through `e()`, dates as `{"date","formatted"}`,
/// lists as `{"total","rows"}`.
struct SnipeITSimTransformer {
    let state: SnipeITSimState

    private func e(_ value: JSON?) -> JSON {
        .string(SnipeITSimEscaping.e(value?.stringValue))
    }

    /// `e()` of a string, or null when the row has none (the `($x) ? e($x) : null` idiom).
    private func eOrNull(_ value: JSON?) -> JSON {
        guard let text = value?.stringValue, !text.isEmpty else { return .null }
        return .string(SnipeITSimEscaping.e(text))
    }

    private func reference(_ table: SnipeITSimTable, _ id: Int?) -> JSON {
        guard let id, let row = table[id] else { return .null }
        return ["id": .int(Int64(id)), "name": e(row["name"])]
    }

    static func date(_ value: JSON?, time: Bool) -> JSON {
        guard let text = value?.stringValue, !text.isEmpty else { return .null }
        let key = time ? "datetime" : "date"
        return [key: .string(text), "formatted": .string(text)]
    }

    static func list(_ rows: [JSON], total: Int) -> JSON {
        ["total": .int(Int64(total)), "rows": .array(rows)]
    }

    /// `AssetsTransformer::transformAsset`.
    func asset(_ row: JSONObject) -> JSON {
        let model = SnipeITSimState.id(row, "model_id").flatMap { state.models[$0] }
        let label = SnipeITSimState.id(row, "status_id").flatMap { state.statusLabels[$0] }
        let assigned = SnipeITSimState.id(row, "assigned_to") != nil
        var statusLabel: JSON = .null
        if let label {
            let type = Self.type(of: label)
            statusLabel = [
                "id": label["id"] ?? .null, "name": e(label["name"]), "status_type": .string(type),
                "status_meta": .string(assigned ? "deployed" : type),
            ]
        }
        return [
            "id": row["id"] ?? .null, "name": e(row["name"]), "asset_tag": e(row["asset_tag"]), "serial": e(row["serial"]),
            "model": model.map { ["id": $0["id"] ?? .null, "name": e($0["name"])] } ?? .null,
            "model_number": eOrNull(model?["model_number"]),
            "status_label": statusLabel,
            "category": reference(state.categories, model.flatMap { SnipeITSimState.id($0, "category_id") }),
            "manufacturer": reference(state.manufacturers, model.flatMap { SnipeITSimState.id($0, "manufacturer_id") }),
            "notes": eOrNull(row["notes"]),
            "location": reference(state.locations, SnipeITSimState.id(row, "location_id")),
            "assigned_to": assignee(row),
            "created_at": Self.date(row["created_at"], time: true), "updated_at": Self.date(row["updated_at"], time: true),
            "custom_fields": [:],
        ]
    }

    /// `AssetsTransformer::transformAssignedTo`.
    private func assignee(_ row: JSONObject) -> JSON {
        guard let id = SnipeITSimState.id(row, "assigned_to") else { return .null }
        switch row["assigned_type"]?.stringValue {
        case "App\\Models\\User"?:
            guard let user = state.users[id] else { return .null }
            return [
                "id": .int(Int64(id)), "username": e(user["username"]),
                "name": .string(SnipeITSimEscaping.e(Self.fullName(user))),
                "first_name": e(user["first_name"]), "last_name": eOrNull(user["last_name"]), "email": eOrNull(user["email"]),
                "employee_number": eOrNull(user["employee_num"]), "type": "user",
            ]
        case "App\\Models\\Location"?:
            guard let location = state.locations[id] else { return .null }
            return ["id": .int(Int64(id)), "name": e(location["name"]), "type": "location"]
        default:
            guard let asset = state.assets[id] else { return .null }
            return ["id": .int(Int64(id)), "name": e(asset["name"]), "type": "asset"]
        }
    }

    /// `UsersTransformer::transformUser` (the fields the bridge may read).
    func user(_ row: JSONObject) -> JSON {
        [
            "id": row["id"] ?? .null, "name": .string(SnipeITSimEscaping.e(Self.fullName(row))),
            "first_name": e(row["first_name"]), "last_name": e(row["last_name"]), "username": e(row["username"]),
            "employee_num": eOrNull(row["employee_num"]), "jobtitle": eOrNull(row["jobtitle"]), "email": eOrNull(row["email"]),
            "location": reference(state.locations, SnipeITSimState.id(row, "location_id")),
            "activated": true,
            "assets_count": .int(Int64(assets(assignedTo: row).count)),
            "created_at": Self.date(row["created_at"], time: true), "updated_at": Self.date(row["updated_at"], time: true),
        ]
    }

    private func assets(assignedTo user: JSONObject) -> [JSONObject] {
        let id = SnipeITSimState.id(user, "id")
        return state.assets.filter {
            SnipeITSimState.id($0, "assigned_to") == id && $0["assigned_type"]?.stringValue == "App\\Models\\User"
        }
    }

    /// `StatuslabelsTransformer::transformStatuslabel`.
    func statusLabel(_ row: JSONObject) -> JSON {
        let id = row["id"]?.intValue.map(Int.init)
        return [
            "id": row["id"] ?? .null, "name": e(row["name"]), "type": .string(Self.type(of: row)),
            "color": eOrNull(row["color"]), "show_in_nav": false, "default_label": row["default_label"] ?? false,
            "assets_count": .int(Int64(state.assets.filter { SnipeITSimState.id($0, "status_id") == id }.count)),
            "notes": e(row["notes"]),
            "created_at": Self.date(row["created_at"], time: true), "updated_at": Self.date(row["updated_at"], time: true),
        ]
    }

    /// `AssetMaintenancesTransformer::transformAssetMaintenance`.
    func maintenance(_ row: JSONObject) -> JSON {
        let asset = SnipeITSimState.id(row, "asset_id").flatMap { state.assets[$0] }
        return [
            "id": row["id"] ?? .null,
            "asset": asset.map {
                ["id": $0["id"] ?? .null, "name": eOrNull($0["name"]), "asset_tag": e($0["asset_tag"]), "serial": e($0["serial"])]
            } ?? .null,
            "title": eOrNull(row["title"]),
            "supplier": reference(state.suppliers, SnipeITSimState.id(row, "supplier_id")),
            "asset_maintenance_type": e(row["asset_maintenance_type"]),
            "start_date": Self.date(row["start_date"], time: false),
            "completion_date": Self.date(row["completion_date"], time: false),
            "notes": eOrNull(row["notes"]), "cost": row["cost"] ?? .null, "is_warranty": row["is_warranty"] ?? false,
            "created_at": Self.date(row["created_at"], time: true), "updated_at": Self.date(row["updated_at"], time: true),
        ]
    }

    /// `Statuslabel::getStatuslabelType`.
    static func type(of label: JSONObject) -> String {
        if label["pending"]?.boolValue == true { return "pending" }
        if label["archived"]?.boolValue == true { return "archived" }
        if label["deployable"]?.boolValue == true { return "deployable" }
        return "undeployable"
    }

    static func fullName(_ user: JSONObject) -> String {
        [user["first_name"]?.stringValue, user["last_name"]?.stringValue].compactMap { $0 }.joined(separator: " ")
    }
}
