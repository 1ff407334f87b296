import LiquidusBook
import LiquidusCore

/// A market written field by field.
struct MarketRecord: Codable {
    struct Tier: Codable {
        @OptionalDecimalCoded var notionalCap: Money?
        @DecimalCoded var maintenanceMarginRate: Rate
        @DecimalCoded var maintenanceAmount: Money
        @DecimalCoded var maxLeverage: Rate
    }

    var symbol: String
    @DecimalCoded var tickSize: Price
    @DecimalCoded var lotSize: Quantity
    @DecimalCoded var minOrderSize: Quantity
    var riskTiers: [Tier]
    @DecimalCoded var liquidationFeeRate: Rate
    @DecimalCoded var takerFeeRate: Rate
    /// Absent for ``LiquidusCore/MarkMethod/given`` (so older documents read unchanged).
    var markMethod: String?
    var priceGuard: GuardRecord?

    /// A price guard: its band as a decimal string, its age in seconds.
    struct GuardRecord: Codable {
        @OptionalDecimalCoded var maxDeviation: Rate?
        var maxIndexAge: Int64?
    }

    init(_ market: Market) {
        symbol = market.symbol
        tickSize = market.tickSize
        lotSize = market.lotSize
        minOrderSize = market.minOrderSize
        riskTiers = market.riskTiers.tiers.map {
            Tier(notionalCap: $0.notionalCap, maintenanceMarginRate: $0.maintenanceMarginRate, maintenanceAmount: $0.maintenanceAmount, maxLeverage: $0.maxLeverage)
        }
        liquidationFeeRate = market.liquidationFeeRate
        takerFeeRate = market.takerFeeRate
        markMethod = market.markMethod == .given ? nil : market.markMethod.rawValue
        priceGuard = market.priceGuard.map { GuardRecord(maxDeviation: $0.maxDeviation, maxIndexAge: $0.maxIndexAge) }
    }

    func market() throws(ValidationError) -> Market {
        var method = MarkMethod.given
        if let markMethod {
            guard let named = MarkMethod(rawValue: markMethod) else {
                throw ValidationError(.outOfRange, at: "markMethod", "must be one of \(MarkMethod.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            method = named
        }
        let guardrail: PriceGuard?
        do throws(ValidationError) {
            guardrail = try priceGuard.map { record throws(ValidationError) in try PriceGuard(maxDeviation: record.maxDeviation, maxIndexAge: record.maxIndexAge) }
        } catch {
            throw error.prefixed(by: "priceGuard")
        }
        return try Market(
            symbol: symbol, tickSize: tickSize, lotSize: lotSize, minOrderSize: minOrderSize,
            riskTiers: riskTiers.map {
                RiskTier(notionalCap: $0.notionalCap, maintenanceMarginRate: $0.maintenanceMarginRate, maintenanceAmount: $0.maintenanceAmount, maxLeverage: $0.maxLeverage)
            },
            liquidationFeeRate: liquidationFeeRate, takerFeeRate: takerFeeRate, markMethod: method, priceGuard: guardrail)
    }
}
