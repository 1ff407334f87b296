public import LiquidusBook
public import LiquidusCore
public import LiquidusEngine

/// W3 of `../shared/docs/benchmarks.md`: partial-liquidation plans on a tiered market with a
/// 50-level book. The market has the `liquidus` preset's four BTCUSDT tiers with a 0.05 %
/// liquidation fee, at which partial closes can restore the target (at the preset's 1.25 % the fee
/// of a close outweighs the maintenance it frees, and every plan is a takeover). A pool of
/// liquidatable cross accounts (one long BTC position each, 2–100×,
/// marked just past their liquidation price) is planned round-robin under
/// `RestoreMarginRatio(0.8)`, with the expected price of each close taken from a depth walk of the
/// book for the planned quantity.
public struct PlanningWorkload: Sendable {
    /// The market (the `liquidus` preset's four-tier BTCUSDT with a 0.05 % liquidation fee).
    public let market: Market
    /// The 50-level book.
    public let book: OrderBook
    /// The accounts and their marks.
    public let cases: [(account: Account, mark: Price)]
    let catalog: MarketCatalog
    let policy: any LiquidationPolicy

    /// Builds `count` liquidatable accounts from `seed`.
    public init(count: Int = 1_024, seed: UInt64 = 3) {
        let template = VenuePreset.liquidus.markets[0]
        market = try! Market(
            symbol: template.symbol, tickSize: template.tickSize, lotSize: template.lotSize, riskTiers: template.riskTiers.tiers,
            liquidationFeeRate: Rate(units: 50_000), takerFeeRate: template.takerFeeRate)
        catalog = MarketCatalog([market])
        policy = RestoreMarginRatio(target: Rate(units: 80_000_000), buffer: .zero)
        var random = SeededGenerator(seed: seed)
        // Bids from 29,990 down in 10-unit steps, 0.5 to 5 BTC each.
        book = try! OrderBook(market: market, bids: (0..<50).map { level in
            OrderBook.Level(price: Price(29_990 - level * 10), quantity: Quantity(units: Int64.random(in: 500...5_000, using: &random) * 100_000))
        }, asks: [OrderBook.Level(price: 30_010, quantity: 10)])
        var cases: [(Account, Price)] = []
        while cases.count < count {
            let lots = Int64.random(in: 100...50_000, using: &random)
            let size = Quantity(units: lots * 100_000)
            let entry: Price = 30_000
            let leverage = Rate(Int.random(in: 2...100, using: &random))
            let notional = Money.notional(of: size, at: entry, .up)
            let tier = market.riskTiers.tiers[market.riskTiers.tierIndex(forNotional: notional)]
            let wallet = notional.divided(by: min(leverage, tier.maxLeverage), .up)
            let account = try! Account(id: "w3-\(cases.count)", marginMode: .cross, walletBalance: wallet,
                                       positions: [Position(market: market.symbol, size: size, entryPrice: entry)], markets: catalog)
            guard let liquidation = try! account.margin(markets: catalog, marks: [market.symbol: entry]).positions[0].liquidationPrice,
                  liquidation.units > market.tickSize.units * 2 else { continue }
            cases.append((account, Price(units: liquidation.units - market.tickSize.units)))  // just past it
        }
        self.cases = cases
    }

    /// Plans case `index % cases.count`: the planner at the mark, then once more at the book's
    /// average price for the planned close. Returns the number of steps planned.
    public func plan(_ index: Int) -> Int {
        let (account, mark) = cases[index % cases.count]
        let marks = [market.symbol: mark]
        let steps = try! LiquidationPlanner.plan(account: account, markets: catalog, marks: marks, policy: policy, insuranceFund: Limits.maxMoney)
        guard let close = steps.first(where: { $0.quantity != nil }), let quantity = close.quantity,
              let walk = try? book.walk(side: .sell, quantity: quantity), let price = walk.averagePrice else { return steps.count }
        return try! LiquidationPlanner.plan(
            account: account, markets: catalog, marks: marks, policy: policy, insuranceFund: Limits.maxMoney,
            expectedPrices: [market.symbol: price]).count
    }
}
