import JSON

/// Gives every distinct event path of a mapping set (`payload.workflow_run`,
/// `payload.workflow_run.name`, ...) one number at load time, so evaluation
/// can remember each path's value for the event at hand: the twenty
/// templates of a rule that all read `payload.workflow_run.*` look the
/// shared prefix up once per event, not twenty times. Used only while
/// compiling, on one thread.
final class PathInterner {
    private var ids: [String: Int] = [:]

    var count: Int { ids.count }

    /// The number of the path `key` (a canonical spelling of root and steps).
    func id(_ key: String) -> Int {
        if let id = ids[key] { return id }
        let id = ids.count
        ids[key] = id
        return id
    }
}

/// One event's remembered path values, indexed by `PathInterner` number.
/// Lives for one `evaluate` call on one thread.
final class PathCache {
    // One owner, one thread, no overlapping access: the runtime exclusivity
    // check would only cost time on every path lookup.
    @exclusivity(unchecked) var values: [JSON?]

    init(count: Int) { values = [JSON?](repeating: nil, count: count) }
}
