/// The Snipe-IT actions: two look-ups, safe to repeat, whose results later
/// actions read as `steps.<id>`, and two writes that the deliverer makes
/// once in effect (it checks whether the change is already there).
///
/// Ids (`assetID`, `supplierID`) are text: they are usually templates such
/// as `{{ steps.asset.id }}`, rendered at delivery; the deliverer reads
/// them as numbers and refuses what is not one.
extension Action {
    /// `lookup_asset`: an asset by `tag` or by `serial` (exactly one is set).
    public struct LookupAsset: Sendable, Equatable {
        public var tag: String?
        public var serial: String?

        public init(tag: String? = nil, serial: String? = nil) {
            self.tag = tag
            self.serial = serial
        }
    }

    /// `lookup_user`: a user by `email` or by `username` (exactly one is set).
    public struct LookupUser: Sendable, Equatable {
        public var email: String?
        public var username: String?

        public init(email: String? = nil, username: String? = nil) {
            self.email = email
            self.username = username
        }
    }

    /// `set_asset_status`: the asset's status label, by the label's name
    /// (matched without regard to case, resolved to its id at delivery).
    public struct SetAssetStatus: Sendable, Equatable {
        public var assetID: String
        public var status: String

        public init(assetID: String, status: String) {
            self.assetID = assetID
            self.status = status
        }
    }

    /// `add_maintenance`: a maintenance record on the asset, unless one
    /// with the same title and start date is there already.
    public struct AddMaintenance: Sendable, Equatable {
        public var assetID: String
        public var title: String
        /// `asset_maintenance_type`, e.g. `Repair` (the default).
        public var type: String
        /// Snipe-IT requires a supplier on every maintenance.
        public var supplierID: String
        public var notes: String?
        /// `YYYY-MM-DD`; the mapping's default is the day the event arrived.
        public var startDate: String

        public init(assetID: String, title: String, type: String = "Repair", supplierID: String, notes: String? = nil, startDate: String) {
            self.assetID = assetID
            self.title = title
            self.type = type
            self.supplierID = supplierID
            self.notes = notes
            self.startDate = startDate
        }
    }
}
