import JSON

/// One page of a Snipe-IT list: `{"total": N, "rows": […]}`, with the
/// `offset` and `limit` asked for (the answer does not echo them).
public struct SnipeITList<Item: Sendable & Equatable>: Sendable, Equatable {
    public var rows: [Item]
    /// Matching records in all pages.
    public var total: Int
    public var offset: Int
    public var limit: Int

    /// Whether pages after this one hold more rows.
    public var hasMore: Bool { offset + rows.count < total }

    /// Snipe-IT's `MAX_RESULTS` default: a larger `limit` is answered with
    /// this many rows instead.
    public static var maximumLimit: Int { 500 }

    static func decode(
        _ json: JSON, offset: Int, limit: Int, item: (JSON) -> Result<Item, SnipeITDecodingError>
    ) -> Result<SnipeITList, SnipeITDecodingError> {
        guard let rows = json["rows"]?.arrayValue else {
            return .failure(SnipeITDecodingError("list: expected an object with a \"rows\" array"))
        }
        var items: [Item] = []
        items.reserveCapacity(rows.count)
        for row in rows {
            switch item(row) {
            case .success(let decoded): items.append(decoded)
            case .failure(let error): return .failure(error)
            }
        }
        let total = SnipeITFields.int(json["total"]) ?? items.count
        return .success(SnipeITList(rows: items, total: total, offset: offset, limit: limit))
    }
}
