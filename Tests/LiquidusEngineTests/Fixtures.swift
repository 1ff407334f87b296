import LiquidusCore
@testable import LiquidusEngine

/// Markets and accounts shared by the engine tests.
enum Fixtures {
    /// A market with round numbers for hand-derived examples: tick 1, lot 1, two tiers
    /// (≤ 10,000 at 5 %; above at 10 % − 500, continuous: 10,000 × 0.05 = 10,000 × 0.1 − 500),
    /// liquidation fee 1 %.
    static let test = try! Market(
        symbol: "TEST", tickSize: 1, lotSize: 1,
        riskTiers: [
            RiskTier(notionalCap: 10_000, maintenanceMarginRate: rate("0.05"), maintenanceAmount: 0, maxLeverage: 10),
            RiskTier(notionalCap: nil, maintenanceMarginRate: rate("0.1"), maintenanceAmount: 500, maxLeverage: 5),
        ],
        liquidationFeeRate: rate("0.01"), takerFeeRate: .zero)

    /// Liquidus' BTCUSDT (four tiers, 1.25 % fee, tick 0.1, lot 0.001).
    static let btc = VenuePreset.liquidus.markets.first { $0.symbol == "BTCUSDT" }!

    /// BTCUSDT's grids and tiers with a 0.05 % liquidation fee, so partial closes often help.
    static let btcLowFee = try! Market(
        symbol: "BTCLOW", tickSize: btc.tickSize, lotSize: btc.lotSize, riskTiers: btc.riskTiers.tiers,
        liquidationFeeRate: rate("0.0005"), takerFeeRate: .zero)

    static let catalog = MarketCatalog([test, btc, btcLowFee])

    static func rate(_ text: String) -> Rate { Rate(text)! }
    static func money(_ text: String) -> Money { Money(text)! }
    static func price(_ text: String) -> Price { Price(text)! }
    static func size(_ text: String) -> Quantity { Quantity(text)! }

    /// A cross account.
    static func cross(_ id: String, wallet: Money, _ positions: [Position], orders: [OpenOrder] = []) -> Account {
        try! Account(id: id, marginMode: .cross, walletBalance: wallet, positions: positions, openOrders: orders, markets: catalog)
    }

    /// An isolated account.
    static func isolated(_ id: String, wallet: Money, _ positions: [Position]) -> Account {
        try! Account(id: id, marginMode: .isolated, walletBalance: wallet, positions: positions, markets: catalog)
    }

    /// The context the cascade gives the policy for `account` (cross: the whole account).
    static func context(
        _ account: Account, marks: [String: Price], expected: [String: Price] = [:], policy: any LiquidationPolicy,
        scope: String? = nil, now: Int64 = 0, history: LiquidationHistory = LiquidationHistory()
    ) -> LiquidationContext {
        let cascade = LiquidationCascade(markets: catalog, marks: marks, expectedPrices: expected, policy: policy, now: now)
        return try! cascade.context(for: AccountState(account, history: history), scope: scope)!
    }
}
