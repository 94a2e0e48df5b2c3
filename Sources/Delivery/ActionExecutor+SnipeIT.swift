import Foundation
import JSON
import Outbound
import Rules
import SnipeIT

/// The Snipe-IT actions. The look-ups are reads, safe to repeat; a tag or
/// serial nothing carries is an outcome (`found: false`), done and never
/// retried, that a later `when` can branch on. The writes happen once in
/// effect: each reads what is there first and skips when the change is.
extension ActionExecutor {
    /// `lookup_asset`: by tag (one asset, or the first of several that share
    /// it) or by serial; its output is what `steps.<id>` shows.
    func lookupAsset(_ lookup: Action.LookupAsset, _ context: Context) async throws(Stop) -> DeliveryOutcome {
        let api = try snipeITClient()
        let assets: [SnipeITAsset]
        if let tag = lookup.tag?.trimmingCharacters(in: .whitespaces), !tag.isEmpty {
            guard let found = try snipeValue(await api.assetByTag(tag), "GET /hardware/bytag", context) else {
                return Self.notFound("no asset has tag \(tag)")
            }
            assets = found
        } else if let serial = lookup.serial?.trimmingCharacters(in: .whitespaces), !serial.isEmpty {
            guard let found = try snipeValue(await api.assetsBySerial(serial, limit: 50, offset: 0), "GET /hardware/byserial", context)
            else { return Self.notFound("no asset has serial \(serial)") }
            assets = found.rows
        } else {
            return Self.notFound("no tag or serial to look up")
        }
        guard let asset = assets.first else { return Self.notFound("no asset matches") }
        return .done(result: "asset \(asset.id) (\(asset.assetTag))", output: Self.assetOutput(asset, matches: assets.count))
    }

    /// `lookup_user`: by email or username.
    func lookupUser(_ lookup: Action.LookupUser, _ context: Context) async throws(Stop) -> DeliveryOutcome {
        let api = try snipeITClient()
        let outcome: SnipeITOutcome<SnipeITList<SnipeITUser>>
        let what: String
        if let email = lookup.email?.trimmingCharacters(in: .whitespaces), !email.isEmpty {
            (outcome, what) = (await api.users(email: email, limit: 2, offset: 0), "email \(email)")
        } else if let username = lookup.username?.trimmingCharacters(in: .whitespaces), !username.isEmpty {
            (outcome, what) = (await api.users(username: username, limit: 2, offset: 0), "username \(username)")
        } else {
            return Self.notFound("no email or username to look up")
        }
        guard let user = try snipeValue(outcome, "GET /users", context)?.rows.first else {
            return Self.notFound("no user has \(what)")
        }
        var output: JSONObject = [
            "found": true, "id": .int(Int64(user.id)), "name": .string(user.name), "username": .string(user.username),
        ]
        output["email"] = user.email.map(JSON.string) ?? .null
        output["employee_num"] = user.employeeNumber.map(JSON.string) ?? .null
        output["location"] = user.location.map(Self.reference) ?? .null
        return .done(result: "user \(user.id) (\(user.username))", output: .object(output))
    }

    /// `set_asset_status`: the label's id (cached by the client), the asset
    /// as it is, and the change only when its label differs.
    func setAssetStatus(_ set: Action.SetAssetStatus, _ context: Context) async throws(Stop) -> DeliveryOutcome {
        let api = try snipeITClient()
        guard let id = try Self.assetID(set.assetID, "set_asset_status") else {
            return .done(result: "skipped: no asset (asset_id is empty)", output: .null)
        }
        guard let label = try snipeValue(await api.statusLabelID(named: set.status), "GET /statuslabels", context) else {
            throw Stop(outcome: .permanent(message: "set_asset_status: Snipe-IT has no status label named \"\(set.status)\""))
        }
        guard let asset = try snipeValue(await api.asset(id: id), "GET /hardware/\(id)", context) else {
            throw Stop(outcome: .permanent(message: "set_asset_status: Snipe-IT has no asset \(id)"))
        }
        let output: JSON = ["id": .int(Int64(id)), "status": .string(set.status), "status_id": .int(Int64(label))]
        if asset.statusLabel?.id == label {
            return .done(result: "asset \(id): status already \(set.status)", output: output)
        }
        _ = try snipeValue(await api.updateAsset(id: id, statusID: label), "PATCH /hardware/\(id)", context)
        return .done(result: "asset \(id): status \(set.status)", output: output)
    }

    /// `add_maintenance`: unless the asset has one with the same title and
    /// start date already (this action's earlier attempt, or the same
    /// ticket filed twice on one day).
    func addMaintenance(_ add: Action.AddMaintenance, _ context: Context) async throws(Stop) -> DeliveryOutcome {
        let api = try snipeITClient()
        guard let assetID = try Self.assetID(add.assetID, "add_maintenance") else {
            return .done(result: "skipped: no asset (asset_id is empty)", output: .null)
        }
        guard let supplierID = Int(add.supplierID.trimmingCharacters(in: .whitespaces)) else {
            throw Stop(outcome: .permanent(message: "add_maintenance: supplier_id must be a number, found \"\(add.supplierID)\""))
        }
        let listed = try snipeValue(
            await api.maintenances(assetID: assetID, limit: SnipeITList<SnipeITMaintenance>.maximumLimit, offset: 0),
            "GET /maintenances", context)
        if let existing = listed?.rows.first(where: { $0.title == add.title && ($0.startDate ?? add.startDate) == add.startDate }) {
            return .done(
                result: "asset \(assetID): maintenance \(existing.id) already recorded",
                output: ["id": .int(Int64(existing.id)), "asset_id": .int(Int64(assetID)), "title": .string(add.title)])
        }
        var draft = SnipeITMaintenanceDraft(
            assetID: assetID, supplierID: supplierID, title: add.title, type: add.type, startDate: add.startDate)
        draft.notes = add.notes
        guard let created = try snipeValue(await api.addMaintenance(draft), "POST /maintenances", context) else {
            throw Stop(outcome: .permanent(message: "add_maintenance: Snipe-IT refused the maintenance"))
        }
        return .done(
            result: "asset \(assetID): maintenance \(created.id)",
            output: ["id": .int(Int64(created.id)), "asset_id": .int(Int64(assetID)), "title": .string(add.title)])
    }

    func snipeITClient() throws(Stop) -> any SnipeITAPI {
        guard let snipeIT else {
            throw Stop(outcome: .permanent(message: "this gateway has no Snipe-IT target ([snipeit] is not configured)"))
        }
        return snipeIT
    }

    /// The value of a success, `nil` for a look-up that found nothing; any
    /// other answer stops the attempt. A rate limit holds the action until
    /// Snipe-IT's `Retry-After` (or its 60 s window) has passed, without
    /// spending an attempt or counting against Snipe-IT's breaker: it
    /// answered.
    func snipeValue<T>(_ outcome: SnipeITOutcome<T>, _ what: String, _ context: Context) throws(Stop) -> T? {
        switch outcome {
        case .success(let value): return value
        case .notFound: return nil
        case .tokenRejected(let message): throw Stop(outcome: .tokenRejected(message: message))
        case .rateLimited(let wait):
            throw Stop(outcome: .held(until: context.now + DeliveryDecision.milliseconds(wait)))
        case .retryable(let failure):
            throw Stop(outcome: .retryable(failure.retryOutcome, message: "\(what): \(failure)"))
        case .clientError(let status, let messages):
            throw Stop(outcome: .permanent(message: "\(what): Snipe-IT refused it (\(status)): \(messages)"))
        case .invalidResponse(let message):
            // Every write looks before it writes, so a retry is safe.
            throw Stop(outcome: .retryable(.failure(.other), message: "\(what): \(message)"))
        }
    }

    /// A look-up that found nothing: done, never retried.
    static func notFound(_ why: String) -> DeliveryOutcome {
        .done(result: "not found: \(why)", output: ["found": false])
    }

    /// `asset_id` as a number; `nil` when it is empty (an earlier look-up
    /// found nothing, or was given up).
    static func assetID(_ text: String, _ action: String) throws(Stop) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        guard let id = Int(trimmed), id > 0 else {
            throw Stop(outcome: .permanent(message: "\(action): asset_id must be a number, found \"\(text)\""))
        }
        return id
    }

    /// What `steps.<id>` shows of a found asset: its strings unescaped.
    static func assetOutput(_ asset: SnipeITAsset, matches: Int) -> JSON {
        var output: JSONObject = [
            "found": true, "id": .int(Int64(asset.id)), "asset_tag": .string(asset.assetTag), "url": .string(asset.webURL),
        ]
        output["serial"] = asset.serial.map(JSON.string) ?? .null
        output["name"] = asset.name.map(JSON.string) ?? .null
        output["model"] = asset.model.map(reference) ?? .null
        output["location"] = asset.location.map(reference) ?? .null
        if let status = asset.statusLabel {
            var label: JSONObject = ["id": .int(Int64(status.id)), "name": .string(status.name)]
            label["status_meta"] = status.statusMeta.map(JSON.string) ?? .null
            output["status_label"] = .object(label)
        } else {
            output["status_label"] = .null
        }
        if let assignee = asset.assignedTo {
            var user: JSONObject = ["id": .int(Int64(assignee.id)), "name": .string(assignee.name), "type": .string(assignee.type)]
            user["username"] = assignee.username.map(JSON.string) ?? .null
            user["email"] = assignee.email.map(JSON.string) ?? .null
            output["assigned_to"] = .object(user)
        } else {
            output["assigned_to"] = .null
        }
        if matches > 1 { output["matches"] = .int(Int64(matches)) }
        return .object(output)
    }

    static func reference(_ reference: SnipeITReference) -> JSON {
        ["id": .int(Int64(reference.id)), "name": .string(reference.name)]
    }
}
