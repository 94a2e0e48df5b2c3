import Store

/// The calls of the last `length` milliseconds and how many of them failed:
/// what a circuit breaker's failure ratio is measured on.
///
/// The window is kept as ten slices of a tenth of its length each, so its
/// memory stays the same however many calls it sees; a call leaves it
/// between 0.9 and 1 `length` after it was made.
struct FailureWindow: Sendable, Equatable {
    static let sliceCount: Int64 = 10

    /// The window's length, in milliseconds.
    let length: Int64
    private let sliceLength: Int64
    /// The slices that hold calls, oldest first, at most `sliceCount`.
    private var slices: [Slice] = []

    private struct Slice: Equatable {
        /// `time / sliceLength` of every call in it.
        var index: Int64
        var calls: Int
        var failures: Int
    }

    init(length: Int64) {
        self.length = length
        sliceLength = max(1, length / Self.sliceCount)
    }

    /// Counts one call made at `now`.
    mutating func add(failed: Bool, now: EpochMillis) {
        let index = now / sliceLength
        slices.removeAll { $0.index <= index - Self.sliceCount }
        if let last = slices.indices.last, slices[last].index >= index {
            slices[last].calls += 1
            if failed { slices[last].failures += 1 }
        } else {
            slices.append(Slice(index: index, calls: 1, failures: failed ? 1 : 0))
        }
    }

    /// The calls within the window at `now`, and how many of them failed.
    func totals(now: EpochMillis) -> (calls: Int, failures: Int) {
        let oldest = now / sliceLength - Self.sliceCount
        var totals = (calls: 0, failures: 0)
        for slice in slices where slice.index > oldest {
            totals.calls += slice.calls
            totals.failures += slice.failures
        }
        return totals
    }
}
