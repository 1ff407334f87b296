import LiquidusBook
import LiquidusCore
import LiquidusRandom
import LiquidusTestSupport

/// Markets and books shared by the book tests.
enum BookFixtures {
    /// A BTCUSDT-like market: tick 0.1, lot 0.001, one risk tier.
    static let market = makeMarket(tick: "0.1", lot: "0.001")

    /// A market with a fine grid whose tick × lot (10⁻¹⁰) is below the money unit, so that
    /// notionals need rounding.
    static let fineMarket = makeMarket(tick: "0.000001", lot: "0.0001")

    static func makeMarket(tick: String, lot: String) -> Market {
        try! Market(
            symbol: "BTCUSDT", tickSize: Price(tick)!, lotSize: Quantity(lot)!,
            riskTiers: [RiskTier(notionalCap: nil, maintenanceMarginRate: Rate("0.004")!, maintenanceAmount: 0, maxLeverage: 125)],
            liquidationFeeRate: Rate("0.0125")!, takerFeeRate: Rate("0.0005")!
        )
    }

    /// A level from decimal text: `level("99.5", "2")`.
    static func level(_ price: String, _ quantity: String) -> OrderBook.Level {
        OrderBook.Level(price: Price(price)!, quantity: Quantity(quantity)!)
    }

    /// The hand-checked book of the walk and slippage tests (spread 100 / 100.5):
    ///
    ///     bids: 100.0 × 1,   99.5 × 2, 99.0 × 3     (6 visible)
    ///     asks: 100.5 × 1.5, 101.0 × 2, 102.0 × 4   (7.5 visible)
    static func handBook() -> OrderBook {
        try! OrderBook(
            market: market,
            bids: [level("100", "1"), level("99.5", "2"), level("99", "3")],
            asks: [level("100.5", "1.5"), level("101", "2"), level("102", "4")]
        )
    }

    /// A random uncrossed book on ``market``: best bid 1000.0, best ask 1000.0 + spread; each side
    /// `levels` levels with gaps of 1 to 5 ticks and quantities of 1 to 5000 lots.
    static func randomBook(levels: Int, using rng: inout SeededGenerator) -> OrderBook {
        let tick = market.tickSize.units
        let lot = market.lotSize.units
        func side(from start: Int64, step: Int64) -> [OrderBook.Level] {
            var price = start
            return (0..<levels).map { _ in
                defer { price += step * Int64.random(in: 1...5, using: &rng) * tick }
                return OrderBook.Level(price: Price(units: price), quantity: Quantity(units: Int64.random(in: 1...5000, using: &rng) * lot))
            }
        }
        let bestBid = Int64(1000) * FixedPoint.scale
        let bestAsk = bestBid + Int64.random(in: 1...4, using: &rng) * tick
        return try! OrderBook(market: market, bids: side(from: bestBid, step: -1), asks: side(from: bestAsk, step: 1))
    }
}
