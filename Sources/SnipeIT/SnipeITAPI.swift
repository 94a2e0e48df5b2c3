import JSON

/// The Snipe-IT calls the gateway's actions make: what an executor depends
/// on. `SnipeITClient` is the implementation; a test can give anything
/// that answers these.
public protocol SnipeITAPI: Sendable {
    /// `GET /hardware/bytag/:tag`.
    func assetByTag(_ tag: String) async -> SnipeITOutcome<[SnipeITAsset]>
    /// `GET /hardware/byserial/:serial`.
    func assetsBySerial(_ serial: String, limit: Int, offset: Int) async -> SnipeITOutcome<SnipeITList<SnipeITAsset>>
    /// `GET /hardware/:id`.
    func asset(id: Int) async -> SnipeITOutcome<SnipeITAsset>
    /// `GET /users?email=`.
    func users(email: String, limit: Int, offset: Int) async -> SnipeITOutcome<SnipeITList<SnipeITUser>>
    /// `GET /users?username=`.
    func users(username: String, limit: Int, offset: Int) async -> SnipeITOutcome<SnipeITList<SnipeITUser>>
    /// Every status label.
    func statusLabels() async -> SnipeITOutcome<[SnipeITStatusLabel]>
    /// The id of the status label called `name`, case-insensitively.
    func statusLabelID(named name: String) async -> SnipeITOutcome<Int>
    /// `PATCH /hardware/:id` with `status_id`.
    func updateAsset(id: Int, statusID: Int) async -> SnipeITOutcome<SnipeITAssetUpdate>
    /// `GET /maintenances?asset_id=`.
    func maintenances(assetID: Int, limit: Int, offset: Int) async -> SnipeITOutcome<SnipeITList<SnipeITMaintenance>>
    /// `POST /maintenances`.
    func addMaintenance(_ draft: SnipeITMaintenanceDraft) async -> SnipeITOutcome<SnipeITMaintenance>
}

extension SnipeITClient: SnipeITAPI {}
