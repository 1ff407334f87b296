import LiquidusBook
import LiquidusCore
@testable import LiquidusSimulation
import LiquidusTestSupport
import Testing

/// The simulated venue's book: snapshots on the grids, depletion read back from the engine's
/// copy, refill, and the mark.
@Suite struct BookModelTests {
    static let market = Fixtures.btc
    static let configuration = BookModel.Configuration(depthWithinOnePercent: 2_000_000, refillRate: 0.1)

    /// The snapshot is a valid engine book whose depth within 1 % is the configured money (to the
    /// lot rounding, which only removes), and whose shape follows the published cumulative depth.
    @Test func snapshotMatchesTheShape() throws {
        var model = BookModel(configuration: Self.configuration, market: Self.market, startPrice: 30_000)
        let levels = model.snapshot(price: 30_000, depth: 1)
        let book = try OrderBook(market: Self.market, bids: levels.bids, asks: levels.asks)
        func within(_ fraction: Double) -> Double {
            book.bids.filter { Double($0.price.units) / 1e8 >= 30_000 * (1 - fraction) }.reduce(0.0) { $0 + Double($1.quantity.units) / 1e8 * 30_000 }
        }
        // ≈ 2,000,000 within 1 % (the last 1 % level sits at 0.96 %); 75 % of it within 0.5 %.
        #expect(within(0.01) <= 2_000_000 && within(0.01) > 1_900_000)
        #expect(abs(within(0.005) / within(0.01) - 0.75) < 0.05)
        #expect(book.bids.count == BookShape.standard.count && book.asks.count == BookShape.standard.count)
        #expect(model.mark() == Price(units: 30_000 * 100_000_000))
    }

    /// A sell the engine fills against its copy leaves depth missing in the model: the next
    /// snapshot holds less, the mark falls, and the refill brings both back.
    @Test func depletionMovesTheMarkAndRefills() throws {
        var model = BookModel(configuration: Self.configuration, market: Self.market, startPrice: 30_000)
        let levels = model.snapshot(price: 30_000, depth: 1)
        var book = try OrderBook(market: Self.market, bids: levels.bids, asks: levels.asks)
        let before = model.mark()
        try book.fill(side: .sell, quantity: Fixtures.quantity("40"))  // ≈ 1.2 M: most of the 1 % depth
        model.absorb(book)
        let after = model.mark()
        #expect(after < before)
        let refilled = model.snapshot(price: 30_000, depth: 1)
        let remaining = refilled.bids.reduce(Int64(0)) { $0 + $1.quantity.units }
        let full = levels.bids.reduce(Int64(0)) { $0 + $1.quantity.units }
        #expect(full - remaining >= Fixtures.quantity("39.9").units)  // what was taken is still missing
        for _ in 0..<5 { model.refill() }
        let partly = model.snapshot(price: 30_000, depth: 1).bids.reduce(Int64(0)) { $0 + $1.quantity.units }
        #expect(partly > remaining && partly < full)
        for _ in 0..<400 { model.refill() }
        _ = model.snapshot(price: 30_000, depth: 1)
        #expect(model.mark() == before)
    }

    /// Withdrawn depth: at 2 % of the ordinary book the levels near the mid hold 2 % and those at
    /// 10 % about half, and a symmetric withdrawal leaves the mark at the price.
    @Test func withdrawal() {
        var model = BookModel(configuration: Self.configuration, market: Self.market, startPrice: 30_000)
        let full = model.snapshot(price: 30_000, depth: 1)
        let thin = model.snapshot(price: 30_000, depth: 0.02)
        let nearShare = Double(thin.bids[0].quantity.units) / Double(full.bids[0].quantity.units)
        let farShare = Double(thin.bids[thin.bids.count - 1].quantity.units) / Double(full.bids[full.bids.count - 1].quantity.units)
        #expect(abs(nearShare - 0.02) < 0.01)
        #expect(abs(farShare - 0.51) < 0.02)
        #expect(model.mark() == Price(units: 30_000 * 100_000_000))
    }
}
