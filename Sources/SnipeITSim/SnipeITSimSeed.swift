import Foundation
import JSON

/// What a fresh simulator holds: Snipe-IT's seeded status labels, and a few
/// records whose strings need escaping (`Dell & Sons`, `O'Brien's Lab`,
/// `<27">`), two assets that share the tag `DUP-0001` and two that share
/// the serial `SN-SHARED`.
enum SnipeITSimSeed {
    /// The seeded labels, in Snipe-IT's seeder order (ids 1 to 7): name and type.
    static let statusLabels: [(name: String, type: String)] = [
        ("Ready to Deploy", "deployable"), ("Pending", "pending"), ("Archived", "archived"),
        ("Out for Diagnostics", "undeployable"), ("Out for Repair", "undeployable"),
        ("Broken - Not Fixable", "undeployable"), ("Lost/Stolen", "undeployable"),
    ]

    static func state(now: Date) -> SnipeITSimState {
        let stamp = JSON.string(SnipeITSimState.timestamp(now))
        var state = SnipeITSimState()
        for (offset, label) in statusLabels.enumerated() {
            state.statusLabels.insert([
                "id": .int(Int64(offset + 1)), "name": .string(label.name), "deployable": .bool(label.type == "deployable"),
                "pending": .bool(label.type == "pending"), "archived": .bool(label.type == "archived"),
                "color": offset == 0 ? "#2ECC40" : .null, "default_label": .bool(offset < 2), "notes": "",
                "created_at": stamp, "updated_at": stamp,
            ])
        }
        state.manufacturers.insert(["id": 1, "name": "Apple"])
        state.manufacturers.insert(["id": 2, "name": "Dell & Sons"])
        state.categories.insert(["id": 1, "name": "Laptops"])
        state.categories.insert(["id": 2, "name": "Monitors"])
        let models: [JSONObject] = [
            ["id": 1, "name": "MacBook Pro 14\"", "model_number": "A2442", "manufacturer_id": 1, "category_id": 1],
            ["id": 2, "name": "Latitude 5440", "model_number": "L5440", "manufacturer_id": 2, "category_id": 1],
            ["id": 3, "name": "UltraSharp <27\">", "model_number": "U2724D", "manufacturer_id": 2, "category_id": 2],
        ]
        for model in models { state.models.insert(model) }
        state.locations.insert(["id": 1, "name": "O'Brien's Lab"])
        state.locations.insert(["id": 2, "name": "HQ \"Main\" & Annex"])
        state.suppliers.insert(["id": 1, "name": "Fix-It & Co"])
        let users: [JSONObject] = [
            ["id": 1, "first_name": "Admin", "last_name": "User", "username": "admin", "email": "admin@example.com",
             "employee_num": "0001", "location_id": 2, "jobtitle": "IT"],
            ["id": 2, "first_name": "Ada", "last_name": "Lovelace", "username": "ada", "email": "ada@example.com",
             "employee_num": "1815", "location_id": 1, "jobtitle": "R&D <Engines>"],
            ["id": 3, "first_name": "Seán", "last_name": "O'Neil", "username": "soneil", "email": "sean.oneil@example.com",
             "employee_num": "0042", "location_id": 2, "jobtitle": nil],
        ]
        for user in users { state.users.insert(user.merging(["created_at": stamp, "updated_at": stamp])) }
        let assets: [JSONObject] = [
            ["id": 1, "asset_tag": "LAPTOP-0001", "serial": "C02XK1ADA", "name": "Ada's laptop", "model_id": 1, "status_id": 1,
             "assigned_to": 2, "assigned_type": "App\\Models\\User", "location_id": 1, "notes": "Engraved \"A.L.\""],
            ["id": 2, "asset_tag": "LAPTOP-0002", "serial": "SN-SHARED", "name": "Dell & Sons loaner", "model_id": 2,
             "status_id": 5, "assigned_to": nil, "assigned_type": nil, "location_id": 2, "notes": ""],
            ["id": 3, "asset_tag": "MON-0001", "serial": "SN-SHARED", "name": "Monitor <27\">", "model_id": 3, "status_id": 1,
             "assigned_to": nil, "assigned_type": nil, "location_id": nil, "notes": nil],
            ["id": 4, "asset_tag": "DUP-0001", "serial": "DUP-A", "name": "First of two", "model_id": 2, "status_id": 2,
             "assigned_to": nil, "assigned_type": nil, "location_id": 1, "notes": nil],
            ["id": 5, "asset_tag": "DUP-0001", "serial": "DUP-B", "name": "Second of two", "model_id": 2, "status_id": 3,
             "assigned_to": nil, "assigned_type": nil, "location_id": nil, "notes": nil],
        ]
        for asset in assets { state.assets.insert(asset.merging(["created_at": stamp, "updated_at": stamp])) }
        state.maintenances.insert([
            "id": 1, "asset_id": 2, "supplier_id": 1, "asset_maintenance_type": "Repair", "title": "Keyboard & trackpad",
            "start_date": "2024-05-01", "completion_date": nil, "notes": "Spilled coffee", "cost": "89.50", "is_warranty": false,
            "created_by": 1, "created_at": stamp, "updated_at": stamp,
        ])
        return state
    }
}
