import JSON

/// The Snipe-IT API routes the simulator serves, over `SnipeITSimState`.
/// Each answers as Snipe-IT's controller does, 200-with-error envelopes included.
enum SnipeITSimRoutes {
    static func dispatch(_ call: SnipeITSimCall, _ state: inout SnipeITSimState) -> SnipeITSimAnswer {
        let p = call.path
        let t = SnipeITSimTransformer(state: state)
        switch (call.method, p.count) {
        case (_, 0):
            return .error(
                "404 endpoint not found. This is the base URL for the API and does not return anything itself. "
                    + "Please check the API reference at https://snipe-it.readme.io/reference to find a valid API endpoint.",
                status: 404)
        case ("GET", 3...) where p[0] == "hardware" && p[1] == "bytag":
            return byTag(p[2...].joined(separator: "/"), call, state, t)
        case ("GET", 3...) where p[0] == "hardware" && p[1] == "byserial":
            return bySerial(p[2...].joined(separator: "/"), call, state, t)
        case ("GET", 1) where p[0] == "hardware":
            let matches = state.assets.filter { row in
                guard let search = call.query["search"]?.lowercased() else { return true }
                return ["asset_tag", "name", "serial"].contains { row[$0]?.stringValue?.lowercased().contains(search) == true }
            }
            return page(matches, call, t.asset)
        case ("GET", 2) where p[0] == "hardware":
            guard let id = Int(p[1]), let row = state.assets[id] else { return .error("Asset does not exist.") }
            return .json(200, t.asset(row))
        case ("PATCH", 2) where p[0] == "hardware", ("PUT", 2) where p[0] == "hardware":
            return updateAsset(p[1], call, &state)
        case ("GET", 1) where p[0] == "users":
            return users(call, state, t)
        case ("GET", 1) where p[0] == "statuslabels":
            return statusLabels(call, state, t)
        case ("GET", 1) where p[0] == "maintenances":
            let matches = state.maintenances.filter { row in
                guard let asset = call.query["asset_id"] else { return true }
                return SnipeITSimState.id(row, "asset_id") == Int(asset)
            }
            // Snipe-IT's default order: newest first.
            return page(Array(matches.reversed()), call, t.maintenance)
        case ("POST", 1) where p[0] == "maintenances":
            return addMaintenance(call, &state)
        case (_, 1) where ["hardware", "users", "statuslabels", "maintenances"].contains(p[0]),
            (_, 2) where p[0] == "hardware":
            return .error("Method not allowed", status: 405)
        default:
            return .error("404 endpoint not found", status: 404)
        }
    }

    /// One page of `rows` as `{"total","rows"}`, by `limit` and `offset`.
    static func page(_ rows: [JSONObject], _ call: SnipeITSimCall, _ transform: (JSONObject) -> JSON) -> SnipeITSimAnswer {
        let offset = call.query.offset(total: rows.count)
        let slice = rows[offset..<min(rows.count, offset + call.query.limit)]
        return .json(200, SnipeITSimTransformer.list(slice.map(transform), total: rows.count))
    }

    /// `AssetsController::showByTag`: one match is the bare asset, several (or
    /// `?deleted=true`) a list, none the 200 error envelope.
    static func byTag(_ tag: String, _ call: SnipeITSimCall, _ state: SnipeITSimState, _ t: SnipeITSimTransformer)
        -> SnipeITSimAnswer
    {
        let matches = state.assets.filter { SnipeITSimCall.same($0["asset_tag"]?.stringValue, tag) }
        if matches.isEmpty { return .error("Asset does not exist.") }
        if matches.count == 1 && call.query["deleted"] != "true" { return .json(200, t.asset(matches[0])) }
        return .json(200, SnipeITSimTransformer.list(matches.map(t.asset), total: matches.count))
    }

    /// `AssetsController::showBySerial`: a list, or the 200 error envelope when none matches.
    static func bySerial(_ serial: String, _ call: SnipeITSimCall, _ state: SnipeITSimState, _ t: SnipeITSimTransformer)
        -> SnipeITSimAnswer
    {
        let matches = state.assets.filter { SnipeITSimCall.same($0["serial"]?.stringValue, serial) }
        if matches.isEmpty { return .error("Asset does not exist.") }
        return page(matches, call, t.asset)
    }

    static func users(_ call: SnipeITSimCall, _ state: SnipeITSimState, _ t: SnipeITSimTransformer) -> SnipeITSimAnswer {
        let q = call.query
        let matches = state.users.filter { row in
            if let email = q["email"], !SnipeITSimCall.same(row["email"]?.stringValue, email) { return false }
            if let username = q["username"], !SnipeITSimCall.same(row["username"]?.stringValue, username) { return false }
            if let search = q["search"]?.lowercased() {
                return ["first_name", "last_name", "username", "email", "employee_num", "jobtitle"].contains {
                    row[$0]?.stringValue?.lowercased().contains(search) == true
                } || SnipeITSimTransformer.fullName(row).lowercased().contains(search)
            }
            return true
        }
        return page(matches, call, t.user)
    }

    static func statusLabels(_ call: SnipeITSimCall, _ state: SnipeITSimState, _ t: SnipeITSimTransformer) -> SnipeITSimAnswer {
        let q = call.query
        let matches = state.statusLabels.filter { row in
            if let name = q["name"], row["name"]?.stringValue != name { return false }
            if let type = q["status_type"]?.lowercased(), SnipeITSimTransformer.type(of: row) != type { return false }
            if let search = q["search"]?.lowercased() { return row["name"]?.stringValue?.lowercased().contains(search) == true }
            return true
        }
        return page(matches, call, t.statusLabel)
    }
}
