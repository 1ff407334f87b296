public import LiquidusBook
public import LiquidusCore
public import LiquidusEngine
import LiquidusRandom

/// W3 of `docs/performance.md`: partial-liquidation plans on a tiered market with a
/// 50-level book. The market has the `liquidus` preset's four BTCUSDT tiers with a 0.05 %
/// liquidation fee, at which partial closes can restore the target (at the preset's 1.25 % the fee
/// of a close outweighs the maintenance it frees, and every plan is a takeover). A pool of
/// liquidatable cross accounts (one long BTC position each, 2–100×, marked just past their
/// liquidation price) is planned round-robin under `RestoreMarginRatio(0.8)` against the book:
/// the policy's least close whose own depth walk justifies it, and the executor's first child.
///
/// Two figures: ``quote(_:)``, the close's figures (``LiquidationQuoter/quote(_:marks:now:history:)``),
/// and ``plan(_:)``, the whole plan with its steps' reasons and the events behind them.
public struct PlanningWorkload: Sendable {
    /// The market (the `liquidus` preset's four-tier BTCUSDT with a 0.05 % liquidation fee).
    public let market: Market
    /// The 50-level book.
    public let book: OrderBook
    /// The accounts and their marks.
    public let cases: [(account: Account, mark: Price)]
    let catalog: MarketCatalog
    let policy: any LiquidationPolicy
    let books: [String: OrderBook]
    let marks: [[String: Price]]
    let seed: UInt64
    /// Quotes against ``catalog``, ``policy`` and ``books``, built once.
    var quoter: LiquidationQuoter

    /// Builds `count` liquidatable accounts from `seed`.
    public init(count: Int = 1_024, seed: UInt64 = 3) {
        let template = VenuePreset.liquidus.markets[0]
        market = Workload.valid {
            try Market(
                symbol: template.symbol, tickSize: template.tickSize, lotSize: template.lotSize, riskTiers: template.riskTiers.tiers.unshared(),
                liquidationFeeRate: Rate(units: 50_000), takerFeeRate: template.takerFeeRate)
        }
        catalog = MarketCatalog([market])
        policy = RestoreMarginRatio(target: Rate(units: 80_000_000), buffer: .zero)
        self.seed = seed
        var random = SeededGenerator(seed: seed)
        // Bids from 29,990 down in 10-unit steps, 0.5 to 5 BTC each.
        let bids = (0..<50).map { level in
            OrderBook.Level(price: Price(29_990 - level * 10), quantity: Quantity(units: Int64.random(in: 500...5_000, using: &random) * 100_000))
        }
        book = Workload.valid { [market] in try OrderBook(market: market, bids: bids, asks: [OrderBook.Level(price: 30_010, quantity: 10)]) }
        var cases: [(Account, Price)] = []
        while cases.count < count {
            let lots = Int64.random(in: 100...50_000, using: &random)
            let size = Quantity(units: lots * 100_000)
            let entry: Price = 30_000
            let leverage = Rate(Int.random(in: 2...100, using: &random))
            let notional = Money.notional(of: size, at: entry, .up)
            let tier = market.riskTiers.tiers[market.riskTiers.tierIndex(forNotional: notional)]
            let wallet = notional.divided(by: min(leverage, tier.maxLeverage), .up)
            let id = "w3-\(cases.count)"
            let account = Workload.valid { [market, catalog] in
                try Account(id: id, marginMode: .cross, walletBalance: wallet,
                            positions: [Position(market: market.symbol, size: size, entryPrice: entry)], markets: catalog)
            }
            let margin = Workload.valid { [market, catalog] in try account.margin(markets: catalog, marks: [market.symbol: entry]) }
            guard let liquidation = margin.positions[0].liquidationPrice,
                  liquidation.units > market.tickSize.units * 2 else { continue }
            cases.append((account, Price(units: liquidation.units - market.tickSize.units)))  // just past it
        }
        self.cases = cases
        books = [market.symbol: book]
        let symbol = market.symbol
        marks = cases.map { [symbol: $0.1] }
        quoter = LiquidationQuoter(markets: catalog, policy: policy, books: books)
    }

    /// The same workload in storage of its own — rebuilt from its seed, so equal case by case and
    /// sharing nothing with this one (not even the preset's tier table) — for a second worker
    /// planning at the same time (see ``LiquidusCore/Market/replica()`` for why).
    public func replica() -> PlanningWorkload {
        PlanningWorkload(count: cases.count, seed: seed)
    }

    /// The quote of case `index % cases.count`: the close the engine would send, priced against
    /// the book, by the workload's ``LiquidationQuoter`` (the planner's quote, without rebuilding
    /// what the cases share).
    public mutating func quote(_ index: Int) -> CloseQuote {
        let case_ = index % cases.count
        do { return try quoter.quote(cases[case_].account, marks: marks[case_]) } catch { preconditionFailure("a workload case is valid: \(error)") }
    }

    /// The plan of case `index % cases.count` against the book; returns the number of steps.
    public func plan(_ index: Int) -> Int {
        let case_ = index % cases.count
        return Workload.valid {
            try LiquidationPlanner.plan(
                account: cases[case_].account, markets: catalog, marks: marks[case_], policy: policy, insuranceFund: WideMoney(Limits.maxMoney),
                books: books).count
        }
    }
}
