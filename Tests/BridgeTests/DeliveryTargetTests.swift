import Delivery
import Rules
import Testing

/// The target of each action kind, read from a decoded action and from the
/// kind's stored name, agrees; the admin API counts attempts per target by
/// the stored name.
@Suite struct DeliveryTargetTests {
    static let kinds: [Action.Kind] = ActionCodecTests.actions.map(\.kind) + [
        .lookupAsset(Action.LookupAsset(tag: "LAPTOP-1")),
        .lookupUser(Action.LookupUser(email: "ada@example.com")),
        .setAssetStatus(Action.SetAssetStatus(assetID: "7", status: "Out for Repair")),
        .addMaintenance(Action.AddMaintenance(assetID: "7", title: "Repair", supplierID: "1", startDate: "2026-12-04")),
    ]

    @Test func everyKindHasTheSameTargetByItsStoredName() {
        // Every kind the mapping language has (eleven) is in the sample.
        #expect(Set(Self.kinds.map(\.name)).count == 11)
        for kind in Self.kinds {
            #expect(DeliveryTarget(kindName: kind.name) == DeliveryTarget(kind), "\(kind.name)")
        }
        #expect(DeliveryTarget(kindName: "no_such_kind") == nil)
    }
}
