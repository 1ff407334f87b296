import LiquidusBook
import LiquidusCore
import LiquidusRandom
import LiquidusTestSupport
import Testing

@Suite struct LiquidationExecutorTests {
    /// BTCUSDT (tick 0.1, lot 0.001) with bids 30000 × 1, 29990 × 2, 29950 × 5, 29800 × 10.
    func book() throws -> OrderBook {
        try OrderBook(market: Fixtures.btc, bids: [
            .init(price: 30_000, quantity: 1), .init(price: 29_990, quantity: 2),
            .init(price: 29_950, quantity: 5), .init(price: 29_800, quantity: 10),
        ], asks: [.init(price: 30_010, quantity: 3)])
    }

    @Test func oneChildWhenTheBudgetCoversTheClose() throws {
        // Selling 2.5 with 50 bp: bound 30000 × 0.995 = 29850 → levels 30000 × 1 and 29990 × 1.5.
        // Expected average (30000 + 1.5 × 29990) ÷ 2.5 = 29994.
        let schedule = try LiquidationExecutor().schedule(closing: Fixtures.quantity("2.5"), of: .long, bankruptcyPrice: 28_000, book: book(), now: 100)
        #expect(schedule.children.count == 1)
        #expect(schedule.children[0].quantity == Fixtures.quantity("2.5"))
        #expect(schedule.children[0].limitPrice == 29_850)
        #expect(schedule.children[0].expectedPrice == 29_994)
        #expect(schedule.unfilled == .zero)
    }

    @Test func thinDepthIsSplitOverTimeAndTheRestEscalates() throws {
        // 10 bp budget: bound 29970 → a child takes 30000 × 1 + 29990 × 2 = 3. Closing 10 with at
        // most 3 children: 3 + 3 + 3, one second apart, and 1 escalates.
        let executor = LiquidationExecutor(slippageBudgetBasisPoints: 10, childInterval: 1_000, maxChildren: 3)
        let schedule = try executor.schedule(closing: 10, of: .long, bankruptcyPrice: 28_000, book: book(), now: 0)
        #expect(schedule.children.map(\.quantity) == [3, 3, 3])
        #expect(schedule.children.map(\.notBefore) == [0, 1_000, 2_000])
        #expect(schedule.children.allSatisfy { $0.limitPrice == 29_970 })
        #expect(schedule.unfilled == 1)
    }

    @Test func noChildIsWorseThanBankruptcy() throws {
        // Bankruptcy at 29980 is nearer than the 50 bp bound (29850): the limit is 29980, and
        // the child takes only what lies at or above it (30000 × 1 + 29990 × 2).
        let schedule = try LiquidationExecutor(maxChildren: 1).schedule(closing: 8, of: .long, bankruptcyPrice: 29_980, book: book(), now: 0)
        #expect(schedule.children.map(\.limitPrice) == [29_980])
        #expect(schedule.children.map(\.quantity) == [3])
        #expect(schedule.unfilled == 5)
    }

    @Test func aTouchBeyondBankruptcyEscalatesEverything() throws {
        let schedule = try LiquidationExecutor().schedule(closing: 1, of: .long, bankruptcyPrice: 30_001, book: book(), now: 0)
        #expect(schedule.children.isEmpty)
        #expect(schedule.unfilled == 1)
        // A short closes against the asks: touch 30010 is above a bankruptcy price of 30005.
        let short = try LiquidationExecutor().schedule(closing: 1, of: .short, bankruptcyPrice: 30_005, book: book(), now: 0)
        #expect(short.children.isEmpty && short.unfilled == 1)
    }

    /// On random books: every child's limit is within bankruptcy, children plus the unfilled
    /// remainder add up to the close, each child's expected price respects its limit, and
    /// `firstChild` gives the schedule's first child and remainder.
    @Test func limitsHoldOnRandomBooks() throws {
        var rng = SeededGenerator(seed: 99)
        for _ in 0..<300 {
            var bids: [OrderBook.Level] = []
            var price: Int64 = 30_000 * 10
            for _ in 0..<Int.random(in: 1...30, using: &rng) {
                price -= Int64.random(in: 1...50, using: &rng)
                bids.append(.init(price: Price(units: price * 10_000_000), quantity: Quantity(units: Int64.random(in: 1...3_000, using: &rng) * 100_000)))
            }
            let book = try OrderBook(market: Fixtures.btc, bids: bids, asks: [])
            let bankruptcy = Price(units: Int64.random(in: 29_000...30_000, using: &rng) * 100_000_000)
            let close = Quantity(units: Int64.random(in: 1...20_000, using: &rng) * 100_000)
            let executor = LiquidationExecutor(slippageBudgetBasisPoints: Int64.random(in: 1...200, using: &rng), maxChildren: Int.random(in: 1...5, using: &rng))
            let schedule = try executor.schedule(closing: close, of: .long, bankruptcyPrice: bankruptcy, book: book, now: 0)
            #expect(schedule.scheduled + schedule.unfilled == close)
            // The engine's shortcut: the same first child and the same remainder.
            let first = try executor.firstChild(closing: close, of: .long, bankruptcyPrice: bankruptcy, book: book, now: 0)
            #expect(first.child == schedule.children.first && first.unfilled == schedule.unfilled)
            for child in schedule.children {
                #expect(child.limitPrice >= bankruptcy)
                #expect(child.expectedPrice >= child.limitPrice)
                #expect(child.quantity.isMultiple(of: Fixtures.btc.lotSize))
            }
        }
    }
}
