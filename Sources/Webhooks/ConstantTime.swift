/// Comparison whose running time does not depend on where two values differ.
package enum ConstantTime {
    /// `true` when `a` and `b` hold the same bytes. Every byte is compared (no
    /// early exit); only the lengths can be learnt from the timing.
    @inline(never)
    package static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices {
            difference |= a[index] ^ b[index]
        }
        return difference == 0
    }
}
