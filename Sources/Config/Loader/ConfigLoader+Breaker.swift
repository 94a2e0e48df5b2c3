import Rules
import TOML

/// `[<target>.breaker]`: each delivery target's circuit breaker, checked as
/// the scheduler will use it. The same reading serves every target of
/// `ConfigSchema.breakerTargets`.
extension ConfigLoader {
    /// The `breaker` table of every target section that has one; a target
    /// without one keeps the defaults. A target section that is not a table
    /// was reported already.
    static func breakers(_ document: TOMLTable, into breakers: inout [String: BridgeConfig.Breaker], _ reader: inout TOMLReader) {
        for target in ConfigSchema.breakerTargets {
            guard case .table(let section)? = document[target]?.value, let node = section["breaker"] else { continue }
            guard case .table(let table) = node.value else {
                reader.report(node.position, DiagnosticMessage.wrongType("breaker", expected: "a table", found: node.value.typeName))
                continue
            }
            breakers[target] = breaker(table, context: "[\(target).breaker]", at: node.position, &reader)
        }
    }

    /// One `[<target>.breaker]` table; what is wrong is reported at its own position and left at its default.
    static func breaker(
        _ table: TOMLTable, context: String, at position: TOMLPosition, _ reader: inout TOMLReader
    ) -> BridgeConfig.Breaker {
        reader.checkKeys(table, known: ConfigSchema.breakerKeys, context: context, at: position)
        var breaker = BridgeConfig.Breaker()
        if let value = reader.bool(table, "enabled") { breaker.enabled = value }
        if let value = integer(table, "failures", atLeast: 1, &reader) { breaker.failures = value }
        if let value = ratio(table, "failure_ratio", &reader) { breaker.failureRatio = value }
        if let value = positiveDuration(table, "window", &reader) { breaker.windowMilliseconds = value }
        if let value = integer(table, "min_calls", atLeast: 1, &reader) { breaker.minCalls = value }
        let cooldown = positiveDuration(table, "cooldown", &reader)
        let maxCooldown = positiveDuration(table, "max_cooldown", &reader)
        if let cooldown { breaker.cooldownMilliseconds = cooldown }
        if let maxCooldown { breaker.maxCooldownMilliseconds = maxCooldown }
        // Compared only when both are good (or defaults): a bad one was reported already.
        let bothGood = (table["cooldown"] == nil || cooldown != nil) && (table["max_cooldown"] == nil || maxCooldown != nil)
        if bothGood, breaker.cooldownMilliseconds > breaker.maxCooldownMilliseconds {
            let key = table["cooldown"] != nil ? "cooldown" : "max_cooldown"
            reader.report(
                reader.position(of: key, in: table, fallback: position),
                ConfigMessage.cooldownAboveMax(breaker.cooldownMilliseconds, breaker.maxCooldownMilliseconds))
            breaker.cooldownMilliseconds = BridgeConfig.Breaker().cooldownMilliseconds
            breaker.maxCooldownMilliseconds = BridgeConfig.Breaker().maxCooldownMilliseconds
        }
        return breaker
    }

    /// A number key (a float, or an integer such as `1`) greater than 0 and at most 1.
    static func ratio(_ table: TOMLTable, _ key: String, _ reader: inout TOMLReader) -> Double? {
        guard let node = table[key] else { return nil }
        let value: Double
        let written: String
        switch node.value {
        case .float(let number): (value, written) = (number, "\(number)")
        case .integer(let number): (value, written) = (Double(number), "\(number)")
        default:
            reader.report(node.position, DiagnosticMessage.wrongType(key, expected: "a number", found: node.value.typeName))
            return nil
        }
        guard value > 0, value <= 1 else {
            reader.report(node.position, ConfigMessage.notARatio(key, found: written))
            return nil
        }
        return value
    }
}
