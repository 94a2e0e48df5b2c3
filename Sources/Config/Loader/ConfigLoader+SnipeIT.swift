import Rules
import TOML

/// `[snipeit]`: the Snipe-IT instance, its token (or the file holding it),
/// the per-call timeout and the client's own rate limit. Optional: without
/// the table the config has no Snipe-IT target, and a mapping that uses a
/// Snipe-IT action is refused (`MappingCompiler.Targets`).
extension ConfigLoader {
    static func snipeIT(
        _ table: TOMLTable, at position: TOMLPosition, needsToken: Bool, _ reader: inout TOMLReader
    ) -> BridgeConfig.SnipeIT {
        reader.checkKeys(table, known: ConfigSchema.keys(of: "snipeit"), context: "[snipeit]", at: position)
        var snipeIT = BridgeConfig.SnipeIT()
        if let node = table["base_url"], let (value, _) = reader.string(node, key: "base_url") {
            if isHTTPURL(value) { snipeIT.baseURL = value } else { reader.report(node.contentPosition, ConfigMessage.badBaseURL(value)) }
        } else if table["base_url"] == nil {
            reader.report(position, ConfigMessage.needsSnipeITBaseURL)
        }
        if let token = valueOrFile(
            table, key: "token", fileKey: "token_file", noun: "token", at: position, read: needsToken,
            missing: ConfigMessage.needsSnipeITToken, &reader)
        {
            snipeIT.token = token.value
            snipeIT.tokenFile = token.file
        }
        if let value = positiveDuration(table, "timeout", &reader) { snipeIT.timeoutMilliseconds = value }
        let rate = integer(table, "rate_limit", atLeast: 1, &reader)
        let burst = integer(table, "burst", atLeast: 1, &reader)
        if let rate { snipeIT.rateLimit = rate }
        if let burst { snipeIT.burst = burst }
        // Compared only when both are good (or defaults): a bad one was reported already.
        let bothGood = (table["rate_limit"] == nil || rate != nil) && (table["burst"] == nil || burst != nil)
        if bothGood, snipeIT.burst > snipeIT.rateLimit {
            let key = table["burst"] != nil ? "burst" : "rate_limit"
            reader.report(reader.position(of: key, in: table, fallback: position), ConfigMessage.burstAboveRate(snipeIT.burst, snipeIT.rateLimit))
        }
        return snipeIT
    }
}
