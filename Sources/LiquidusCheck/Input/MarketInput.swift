import LiquidusCore

/// Reads a `markets[i]` object of the `check` contract into a validated ``Market``.
enum MarketInput {
    static let fields = [
        "symbol", "tickSize", "lotSize", "minOrderSize", "riskTiers", "liquidationFeeRate", "takerFeeRate", "markMethod", "priceGuard", "funding",
    ]
    static let fundingFields = ["intervalSeconds", "interestRate", "premiumClamp", "cap", "periodsPerRate", "weighting", "price"]
    static let guardFields = ["maxDeviation", "maxIndexAgeSeconds"]
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
        let method: MarkMethod = try object.optional("markMethod", JSONRead.choice) ?? .given
        let guardrail = try object.optional("priceGuard") { value, path throws(ValidationError) -> PriceGuard in
            let fields = try JSONObjectReader(value, at: path, known: guardFields)
            let age = try fields.optional("maxIndexAgeSeconds") { value, path throws(ValidationError) -> Int64 in
                let seconds: Rate = try JSONRead.decimal(value, path)
                guard seconds.isPositive, seconds.isMultiple(of: Rate.one), seconds <= Rate(86_400 * 366) else {
                    throw ValidationError(.outOfRange, at: path, "must be a whole number of seconds from 1 to 31622400")
                }
                return seconds.units / FixedPoint.scale
            }
            do throws(ValidationError) {
                return try PriceGuard(maxDeviation: try fields.optional("maxDeviation", JSONRead.decimal), maxIndexAge: age)
            } catch {
                throw error.path.hasPrefix(path) ? error : error.prefixed(by: path)
            }
        }
        let funding = try object.optional("funding", readFunding)
        do throws(ValidationError) {
            return try Market(
                symbol: try object.required("symbol", JSONRead.string),
                tickSize: try object.required("tickSize", JSONRead.decimal),
                lotSize: try object.required("lotSize", JSONRead.decimal),
                minOrderSize: try object.optional("minOrderSize", JSONRead.decimal),
                riskTiers: tiers,
                liquidationFeeRate: try object.required("liquidationFeeRate", JSONRead.decimal),
                takerFeeRate: try object.required("takerFeeRate", JSONRead.decimal), markMethod: method, priceGuard: guardrail, funding: funding)
        } catch {
            throw error.path.hasPrefix(path) ? error : error.prefixed(by: path)
        }
    }

    /// A `funding` object: `{"intervalSeconds": "28800", "interestRate": "0.0001", "premiumClamp":
    /// "0.0005", "cap": "0.004", "periodsPerRate": "1", "weighting": "linear", "price": "mark"}`
    /// (`cap`, `periodsPerRate` — 1 —, `weighting` — linear — and `price` — mark — optional).
    static func readFunding(_ value: JSONValue, _ path: String) throws(ValidationError) -> FundingRules {
        let fields = try JSONObjectReader(value, at: path, known: fundingFields)
        func whole(_ key: String, default fallback: Int64?) throws(ValidationError) -> Int64 {
            guard let number: Rate = try fields.optional(key, JSONRead.decimal) else {
                if let fallback { return fallback }
                throw ValidationError(.missingField, at: fields.path(of: key), "is required")
            }
            guard number.isPositive, number.isMultiple(of: Rate.one), number <= Rate(86_400 * 366) else {
                throw ValidationError(.outOfRange, at: fields.path(of: key), "must be a whole number from 1 to 31622400")
            }
            return number.units / FixedPoint.scale
        }
        let interval = try whole("intervalSeconds", default: nil)
        let periods = try whole("periodsPerRate", default: 1)
        do throws(ValidationError) {
            return try FundingRules(
                interval: interval, interestRate: try fields.required("interestRate", JSONRead.decimal),
                premiumClamp: try fields.required("premiumClamp", JSONRead.decimal), cap: try fields.optional("cap", JSONRead.decimal),
                periodsPerRate: periods, weighting: try fields.optional("weighting", JSONRead.choice) ?? .linear,
                price: try fields.optional("price", JSONRead.choice) ?? .mark)
        } catch {
            if error.path.hasPrefix(path) { throw error }
            let key = error.path == "interval" ? "intervalSeconds" : error.path
            throw ValidationError(error.code, at: fields.path(of: key), error.message)
        }
    }
}
