/// The armed faults, and the deterministic dice for `fraction` faults.
struct SimFaultTable: Sendable {
    private(set) var faults: [SimFault] = []
    private var nextID = 1
    private var rng: UInt64

    init(seed: UInt64 = 0x5EED) {
        rng = seed
    }

    mutating func add(_ fault: SimFault) -> SimFault {
        var fault = fault
        fault.id = nextID
        nextID += 1
        faults.append(fault)
        return fault
    }

    mutating func removeAll() {
        faults.removeAll()
    }

    /// The fault that fires for this call, if any; spends one of its `times`.
    mutating func fire(method: String, path: String) -> SimFault? {
        for i in faults.indices where faults[i].matches(method: method, path: path) {
            if let fraction = faults[i].fraction, nextUnit() >= fraction { continue }
            let fault = faults[i]
            if let left = fault.times {
                if left <= 1 { faults.remove(at: i) } else { faults[i].times = left - 1 }
            }
            return fault
        }
        return nil
    }

    /// SplitMix64, mapped to [0, 1).
    private mutating func nextUnit() -> Double {
        rng &+= 0x9E37_79B9_7F4A_7C15
        var z = rng
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53)
    }
}
