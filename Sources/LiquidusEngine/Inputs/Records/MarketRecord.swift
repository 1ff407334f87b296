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
    var funding: FundingRecord?

    /// Funding rules: rates as decimal strings, the interval in seconds.
    struct FundingRecord: Codable {
        var interval: Int64
        @DecimalCoded var interestRate: Rate
        @DecimalCoded var premiumClamp: Rate
        @OptionalDecimalCoded var cap: Rate?
        var periodsPerRate: Int64
        var weighting: String
        var price: String
    }

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
        funding = market.funding.map {
            FundingRecord(
                interval: $0.interval, interestRate: $0.interestRate, premiumClamp: $0.premiumClamp, cap: $0.cap, periodsPerRate: $0.periodsPerRate,
                weighting: $0.weighting.rawValue, price: $0.price.rawValue)
        }
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
        let rules: FundingRules?
        do throws(ValidationError) {
            rules = try funding.map { record throws(ValidationError) in
                guard let weighting = FundingRules.Weighting(rawValue: record.weighting) else {
                    throw ValidationError(.outOfRange, at: "weighting", "must be linear or equal")
                }
                guard let price = FundingRules.SettlementPrice(rawValue: record.price) else {
                    throw ValidationError(.outOfRange, at: "price", "must be mark or index")
                }
                return try FundingRules(
                    interval: record.interval, interestRate: record.interestRate, premiumClamp: record.premiumClamp, cap: record.cap,
                    periodsPerRate: record.periodsPerRate, weighting: weighting, price: price)
            }
        } catch {
            throw error.prefixed(by: "funding")
        }
        return try Market(
            symbol: symbol, tickSize: tickSize, lotSize: lotSize, minOrderSize: minOrderSize,
            riskTiers: riskTiers.map {
                RiskTier(notionalCap: $0.notionalCap, maintenanceMarginRate: $0.maintenanceMarginRate, maintenanceAmount: $0.maintenanceAmount, maxLeverage: $0.maxLeverage)
            },
            liquidationFeeRate: liquidationFeeRate, takerFeeRate: takerFeeRate, markMethod: method, priceGuard: guardrail, funding: rules)
    }
}
