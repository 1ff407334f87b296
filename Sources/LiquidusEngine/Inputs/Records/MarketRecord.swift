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
    }

    func market() throws(ValidationError) -> Market {
        try Market(
            symbol: symbol, tickSize: tickSize, lotSize: lotSize, minOrderSize: minOrderSize,
            riskTiers: riskTiers.map {
                RiskTier(notionalCap: $0.notionalCap, maintenanceMarginRate: $0.maintenanceMarginRate, maintenanceAmount: $0.maintenanceAmount, maxLeverage: $0.maxLeverage)
            },
            liquidationFeeRate: liquidationFeeRate, takerFeeRate: takerFeeRate)
    }
}
