import LiquidusCore

/// Reads a `markets[i]` object of the `check` contract into a validated ``Market``.
enum MarketInput {
    static let fields = ["symbol", "tickSize", "lotSize", "minOrderSize", "riskTiers", "liquidationFeeRate", "takerFeeRate"]
    static let tierFields = ["notionalCap", "maintenanceMarginRate", "maintenanceAmount", "maxLeverage"]

    static func read(_ value: JSONValue, _ path: String) throws(ValidationError) -> Market {
        let object = try JSONObjectReader(value, at: path, known: fields)
        let tiers = try object.required("riskTiers") { value, path throws(ValidationError) in
            try JSONRead.array(value, path) { value, path throws(ValidationError) -> RiskTier in
                let tier = try JSONObjectReader(value, at: path, known: tierFields)
                return RiskTier(
                    notionalCap: try tier.optional("notionalCap", JSONRead.decimal),
                    maintenanceMarginRate: try tier.required("maintenanceMarginRate", JSONRead.decimal),
                    maintenanceAmount: try tier.required("maintenanceAmount", JSONRead.decimal),
                    maxLeverage: try tier.required("maxLeverage", JSONRead.decimal))
            }
        }
        do throws(ValidationError) {
            return try Market(
                symbol: try object.required("symbol", JSONRead.string),
                tickSize: try object.required("tickSize", JSONRead.decimal),
                lotSize: try object.required("lotSize", JSONRead.decimal),
                minOrderSize: try object.optional("minOrderSize", JSONRead.decimal),
                riskTiers: tiers,
                liquidationFeeRate: try object.required("liquidationFeeRate", JSONRead.decimal),
                takerFeeRate: try object.required("takerFeeRate", JSONRead.decimal))
        } catch {
            throw error.path.hasPrefix(path) ? error : error.prefixed(by: path)
        }
    }
}
