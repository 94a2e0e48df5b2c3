/// Maps scalar offsets in a decoded string back to source positions.
///
/// Between two breaks, decoded scalars and source columns advance together
/// one for one (raw text on one line). A break is recorded wherever that
/// stops being true: after an escape sequence, after a newline, after the
/// whitespace a line-ending backslash trims.
struct TOMLContentMap: Sendable {
    struct Break: Sendable {
        var scalarOffset: Int
        var position: TOMLPosition
    }

    private(set) var breaks: [Break]

    /// A map where content starts at `start` and runs on without breaks.
    init(start: TOMLPosition) {
        breaks = [Break(scalarOffset: 0, position: start)]
    }

    var start: TOMLPosition { breaks[0].position }

    /// Record that the scalar at `scalarOffset` comes from `position`.
    mutating func add(scalarOffset: Int, position: TOMLPosition) {
        if let last = breaks.last {
            // Skip breaks that the one-for-one rule already implies.
            let implied = TOMLPosition(line: last.position.line, column: last.position.column + scalarOffset - last.scalarOffset)
            if implied == position { return }
            if last.scalarOffset == scalarOffset {
                breaks[breaks.count - 1].position = position
                return
            }
        }
        breaks.append(Break(scalarOffset: scalarOffset, position: position))
    }

    func position(ofScalarOffset offset: Int) -> TOMLPosition {
        // Binary search for the last break at or before `offset`.
        var low = 0
        var high = breaks.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if breaks[mid].scalarOffset <= max(offset, 0) { low = mid } else { high = mid - 1 }
        }
        let found = breaks[low]
        return TOMLPosition(line: found.position.line, column: found.position.column + max(offset, 0) - found.scalarOffset)
    }
}
