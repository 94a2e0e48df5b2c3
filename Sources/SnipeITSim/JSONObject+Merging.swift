import JSON

extension JSONObject {
    /// This object with `other`'s members added (replacing equal keys).
    func merging(_ other: JSONObject) -> JSONObject {
        var merged = self
        for (key, value) in other { merged[key] = value }
        return merged
    }
}
