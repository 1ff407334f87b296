import LiquidusBook
import LiquidusCore
import LiquidusRandom
import LiquidusTestSupport
import Testing

@Suite struct OrderBookTests {
    typealias F = BookFixtures

    /// Expects `body` to throw a `ValidationError` with `code` at `path`.
    func expectError(
        _ code: ValidationError.Code, at path: String, sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () throws(ValidationError) -> Void
    ) {
        do {
            try body()
            Issue.record("expected \(code) at \(path), nothing was thrown", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            #expect(error.path == path, "\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func snapshotSortsBothSidesBestFirst() throws {
        let book = try OrderBook(
            market: F.market,
            bids: [F.level("99", "3"), F.level("100", "1"), F.level("99.5", "2")],
            asks: [F.level("102", "4"), F.level("100.5", "1.5"), F.level("101", "2")]
        )
        #expect(book == F.handBook())
        #expect(book.bids.map(\.price) == [100, Price("99.5")!, 99])
        #expect(book.asks.map(\.price) == [Price("100.5")!, 101, 102])
        #expect(book.bestBid == F.level("100", "1"))
        #expect(book.bestAsk == F.level("100.5", "1.5"))
        #expect(book.quantity(at: Price("99.5")!, on: .bid) == 2)
        #expect(book.quantity(at: Price("99.6")!, on: .bid) == 0)
        // 1 + 2 + 3 = 6 and 1.5 + 2 + 4 = 7.5
        #expect(book.visibleQuantity(on: .bid) == 6)
        #expect(book.visibleQuantity(on: .ask) == Quantity("7.5")!)
        book.checkInvariants()
    }

    @Test func malformedSnapshotsLeaveTheBookUnchanged() {
        let cases: [(bids: [OrderBook.Level], asks: [OrderBook.Level], code: ValidationError.Code, path: String)] = [
            ([F.level("100", "1"), F.level("0", "1")], [], .outOfRange, "bids[1].price"),
            ([F.level("100", "1"), F.level("-99", "1")], [], .outOfRange, "bids[1].price"),
            ([], [F.level("100.55", "1")], .notOnGrid, "asks[0].price"),
            ([F.level("100", "1"), F.level("99", "1"), F.level("98", "-1")], [], .outOfRange, "bids[2].quantity"),
            ([F.level("100", "0")], [], .outOfRange, "bids[0].quantity"),
            ([F.level("100", "0.0005")], [], .notOnGrid, "bids[0].quantity"),
            ([F.level("100", "1"), F.level("99", "1"), F.level("100", "2")], [], .duplicate, "bids[2].price"),
            // best bid 101 ≥ best ask 100.5 (asks[1] after sorting is the touch): crossed
            ([F.level("101", "1")], [F.level("102", "1"), F.level("100.5", "1")], .inconsistent, "asks[1].price"),
            // best bid 100.5 = best ask 100.5: locked
            ([F.level("100.5", "1")], [F.level("100.5", "1")], .inconsistent, "asks[0].price"),
        ]
        for testCase in cases {
            var book = F.handBook()
            expectError(testCase.code, at: testCase.path) { () throws(ValidationError) in
                try book.replace(bids: testCase.bids, asks: testCase.asks)
            }
            #expect(book == F.handBook())
        }
    }

    @Test func updatesSetReplaceAndRemoveLevels() throws {
        var book = F.handBook()
        try book.apply(BookUpdate(side: .bid, price: Price("99.5")!, quantity: 5))  // replace
        try book.apply(BookUpdate(side: .bid, price: Price("99.8")!, quantity: 1))  // insert between 100 and 99.5
        try book.apply(BookUpdate(side: .ask, price: 101, quantity: 0))  // remove
        try book.apply(BookUpdate(side: .ask, price: 103, quantity: 0))  // remove a level that is not there: no-op
        #expect(book.bids == [F.level("100", "1"), F.level("99.8", "1"), F.level("99.5", "5"), F.level("99", "3")])
        #expect(book.asks == [F.level("100.5", "1.5"), F.level("102", "4")])
        book.checkInvariants()
    }

    @Test func badUpdatesLeaveTheBookUnchanged() {
        let cases: [(BookUpdate, ValidationError.Code, String)] = [
            (BookUpdate(side: .bid, price: 0, quantity: 1), .outOfRange, "update.price"),
            (BookUpdate(side: .ask, price: Price("100.55")!, quantity: 1), .notOnGrid, "update.price"),
            (BookUpdate(side: .bid, price: 99, quantity: -1), .outOfRange, "update.quantity"),
            (BookUpdate(side: .bid, price: 99, quantity: Quantity("0.0001")!), .notOnGrid, "update.quantity"),
            // a bid at the best ask 100.5 locks the book; above it crosses
            (BookUpdate(side: .bid, price: Price("100.5")!, quantity: 1), .inconsistent, "update.price"),
            (BookUpdate(side: .bid, price: 101, quantity: 1), .inconsistent, "update.price"),
            // an ask at the best bid 100 locks it
            (BookUpdate(side: .ask, price: 100, quantity: 1), .inconsistent, "update.price"),
        ]
        for (update, code, path) in cases {
            var book = F.handBook()
            expectError(code, at: path) { () throws(ValidationError) in try book.apply(update) }
            #expect(book == F.handBook())
        }
    }

    @Test func removingAtTheCrossingPriceNeverCrosses() throws {
        var book = F.handBook()
        // quantity 0 at a bid price above the ask is a removal of nothing, not a cross
        try book.apply(BookUpdate(side: .bid, price: 101, quantity: 0))
        #expect(book == F.handBook())
    }

    @Test func batchesAreJudgedOnTheirResult() throws {
        // Raising the bid to 100.5 before removing the ask at 100.5 crosses midway but not at the end.
        var book = F.handBook()
        try book.apply(contentsOf: [
            BookUpdate(side: .bid, price: Price("100.5")!, quantity: 1),
            BookUpdate(side: .ask, price: Price("100.5")!, quantity: 0),
        ])
        #expect(book.bestBid == F.level("100.5", "1"))
        #expect(book.bestAsk == F.level("101", "2"))
        book.checkInvariants()

        // The same message applied one update at a time is refused at the first update.
        var stepwise = F.handBook()
        #expect(throws: ValidationError.self) {
            try stepwise.apply(BookUpdate(side: .bid, price: Price("100.5")!, quantity: 1))
        }
        #expect(stepwise == F.handBook())
    }

    @Test func badBatchesLeaveTheBookUnchanged() {
        let cases: [([BookUpdate], ValidationError.Code, String)] = [
            // the third update is malformed: the first two (valid) are not applied either
            ([BookUpdate(side: .bid, price: 99, quantity: 5),
              BookUpdate(side: .ask, price: 101, quantity: 0),
              BookUpdate(side: .ask, price: 103, quantity: Quantity("-0.001")!)], .outOfRange, "updates[2].quantity"),
            // the ask at 99.5 sits below the best bid 100: the final book is crossed; blame updates[1]
            ([BookUpdate(side: .bid, price: 99, quantity: 5),
              BookUpdate(side: .ask, price: Price("99.5")!, quantity: 1)], .inconsistent, "updates[1].price"),
            // two bids, the later one at 100.5 locks the ask 100.5 and is the final best bid
            ([BookUpdate(side: .bid, price: Price("100.5")!, quantity: 1),
              BookUpdate(side: .bid, price: Price("100.2")!, quantity: 1),
              BookUpdate(side: .bid, price: Price("100.5")!, quantity: 2)], .inconsistent, "updates[2].price"),
        ]
        for (updates, code, path) in cases {
            var book = F.handBook()
            expectError(code, at: path) { () throws(ValidationError) in try book.apply(contentsOf: updates) }
            #expect(book == F.handBook())
        }
    }

    /// A snapshot, and the same levels applied as updates to an empty book in any order, make
    /// the same book; a random stream of updates matches a snapshot of its final state.
    @Test(arguments: 0..<50 as Range<UInt64>)
    func snapshotAndIncrementalUpdatesAgree(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let target = F.randomBook(levels: Int.random(in: 0...30, using: &rng), using: &rng)
        var incremental = OrderBook(market: F.market)
        var updates = target.bids.map { BookUpdate(side: .bid, price: $0.price, quantity: $0.quantity) }
            + target.asks.map { BookUpdate(side: .ask, price: $0.price, quantity: $0.quantity) }
        updates.shuffle(using: &rng)
        for update in updates { try incremental.apply(update) }
        #expect(incremental == target)

        // A stream of random changes on the ask side far from the bids: add, replace, remove.
        var state: [Int64: Int64] = [:]  // price units → quantity units, the expected ask side
        for level in target.asks { state[level.price.units] = level.quantity.units }
        var streamed = target
        let tick = F.market.tickSize.units
        let lot = F.market.lotSize.units
        for _ in 0..<200 {
            let price = (1001 * FixedPoint.scale) + Int64.random(in: 0..<40, using: &rng) * tick
            let quantity = Bool.random(using: &rng) ? 0 : Int64.random(in: 1...100, using: &rng) * lot
            try streamed.apply(BookUpdate(side: .ask, price: Price(units: price), quantity: Quantity(units: quantity)))
            state[price] = quantity == 0 ? nil : quantity
        }
        let snapshot = try OrderBook(
            market: F.market, bids: target.bids,
            asks: state.map { OrderBook.Level(price: Price(units: $0.key), quantity: Quantity(units: $0.value)) }
        )
        #expect(streamed == snapshot)
        streamed.checkInvariants()
    }
}
