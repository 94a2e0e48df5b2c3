/// The armed faults, in the order they were armed.
struct SnipeITSimFaultTable: Sendable {
    private(set) var faults: [SnipeITSimFault] = []
    private var nextID = 1

    mutating func add(_ fault: SnipeITSimFault) -> SnipeITSimFault {
        var fault = fault
        fault.id = nextID
        nextID += 1
        faults.append(fault)
        return fault
    }

    mutating func removeAll() {
        faults.removeAll()
    }

    /// The first fault aimed at this call, if any; spends one of its `times`.
    mutating func fire(method: String, path: String) -> SnipeITSimFault? {
        guard let at = faults.firstIndex(where: { $0.matches(method: method, path: path) }) else { return nil }
        let fault = faults[at]
        if let left = fault.times {
            if left <= 1 { faults.remove(at: at) } else { faults[at].times = left - 1 }
        }
        return fault
    }
}
