import LiquidusBook
import LiquidusCore
import LiquidusRandom
import LiquidusTestSupport
import PropertyBased
import Testing

@Suite struct DepthWalkTests {
    typealias F = BookFixtures

    // bids: 100.0 × 1, 99.5 × 2, 99.0 × 3   asks: 100.5 × 1.5, 101.0 × 2, 102.0 × 4
    let book = F.handBook()

    @Test func sellWithinTwoLevels() throws {
        // 100 × 1 + 99.5 × 1.5 = 100 + 149.25 = 249.25; average 249.25 ÷ 2.5 = 99.7 exactly
        let walk = try book.walk(side: .sell, quantity: Quantity("2.5")!)
        #expect(walk.filled == Quantity("2.5")!)
        #expect(walk.unfilled == 0)
        #expect(walk.isComplete)
        #expect(walk.notional == Money("249.25")!)
        #expect(walk.exactNotional == 2_492_500_000_000_000_000)  // 249.25 × 10¹⁶
        #expect(walk.averagePrice == Price("99.7")!)
        #expect(walk.worstPrice == Price("99.5")!)
        #expect(walk.levelsConsumed == 2)
        #expect(!walk.stoppedAtLimit)
    }

    @Test func sellBeyondTheVisibleDepthRoundsTheAverageDown() throws {
        // fills 1 + 2 + 3 = 6 of 7: 100 + 199 + 297 = 596; 596 ÷ 6 = 99.3333…, down to 99.33333333
        let walk = try book.walk(side: .sell, quantity: 7)
        #expect(walk.filled == 6)
        #expect(walk.unfilled == 1)
        #expect(walk.notional == 596)
        #expect(walk.averagePrice == Price("99.33333333")!)
        #expect(walk.worstPrice == 99)
        #expect(walk.levelsConsumed == 3)
        #expect(!walk.stoppedAtLimit)
    }

    @Test func buyRoundsTheAverageUp() throws {
        // 100.5 × 1.5 + 101 × 2 + 102 × 0.1 = 150.75 + 202 + 10.2 = 362.95;
        // 362.95 ÷ 3.6 = 100.8194444…, up to 100.81944445
        let walk = try book.walk(side: .buy, quantity: Quantity("3.6")!)
        #expect(walk.filled == Quantity("3.6")!)
        #expect(walk.notional == Money("362.95")!)
        #expect(walk.averagePrice == Price("100.81944445")!)
        #expect(walk.worstPrice == 102)
        #expect(walk.levelsConsumed == 3)
    }

    @Test func limitStopsTheWalk() throws {
        // sell 5, limit 99.5: takes 100 × 1 and 99.5 × 2 (at the limit), stops before 99
        let sell = try book.walk(side: .sell, quantity: 5, limit: Price("99.5")!)
        #expect(sell.filled == 3)
        #expect(sell.unfilled == 2)
        #expect(sell.notional == 299)  // 100 + 199
        #expect(sell.worstPrice == Price("99.5")!)
        #expect(sell.levelsConsumed == 2)
        #expect(sell.stoppedAtLimit)

        // buy 3, limit 100.9: only 100.5 × 1.5 is at or below the limit
        let buy = try book.walk(side: .buy, quantity: 3, limit: Price("100.9")!)
        #expect(buy.filled == Quantity("1.5")!)
        #expect(buy.unfilled == Quantity("1.5")!)
        #expect(buy.averagePrice == Price("100.5")!)
        #expect(buy.stoppedAtLimit)

        // a sell limited above the best bid fills nothing
        let none = try book.walk(side: .sell, quantity: 1, limit: 101)
        #expect(none.filled == 0)
        #expect(none.averagePrice == nil)
        #expect(none.worstPrice == nil)
        #expect(none.levelsConsumed == 0)
        #expect(none.stoppedAtLimit)

        // a limit that the walk never reaches is not reported as a stop
        let loose = try book.walk(side: .sell, quantity: 1, limit: 90)
        #expect(loose.isComplete)
        #expect(!loose.stoppedAtLimit)
    }

    @Test func emptySideFillsNothing() throws {
        let empty = OrderBook(market: F.market)
        let walk = try empty.walk(side: .buy, quantity: 1)
        #expect(walk.filled == 0)
        #expect(walk.unfilled == 1)
        #expect(walk.notional == 0)
        #expect(walk.averagePrice == nil)
        #expect(!walk.stoppedAtLimit)
    }

    @Test func notionalBelowTheMoneyUnitRoundsAgainstTheTaker() throws {
        // tick 0.000001 × lot 0.0001 = 10⁻¹⁰. Sell 0.0003: 0.123457 × 0.0001 + 0.123456 × 0.0002
        // = 0.0000123457 + 0.0000246912 = 0.0000370369 → money 0.00003703 (down);
        // average 0.0000370369 ÷ 0.0003 = 0.123456333…, down to 0.12345633.
        let bids = try OrderBook(
            market: F.fineMarket, bids: [F.level("0.123457", "0.0001"), F.level("0.123456", "0.0002")], asks: []
        )
        let sell = try bids.walk(side: .sell, quantity: Quantity("0.0003")!)
        #expect(sell.exactNotional == 370_369_000_000)
        #expect(sell.notional == Money("0.00003703")!)
        #expect(sell.averagePrice == Price("0.12345633")!)

        // The same levels as asks, bought: money 0.00003704 (up); average 0.12345634 (up).
        let asks = try OrderBook(
            market: F.fineMarket, bids: [], asks: [F.level("0.123457", "0.0001"), F.level("0.123456", "0.0002")]
        )
        let buy = try asks.walk(side: .buy, quantity: Quantity("0.0003")!)
        #expect(buy.exactNotional == 370_369_000_000)
        #expect(buy.notional == Money("0.00003704")!)
        #expect(buy.averagePrice == Price("0.12345634")!)
    }

    @Test func badWalkRequestsAreRejected() {
        #expect(throws: ValidationError(.outOfRange, at: "quantity", "must be > 0 and at most \(Limits.maxSize)")) {
            try book.walk(side: .sell, quantity: 0)
        }
        let offGrid = #expect(throws: ValidationError.self) { try book.walk(side: .sell, quantity: Quantity("0.0001")!) }
        #expect(offGrid?.code == .notOnGrid)
        #expect(offGrid?.path == "quantity")
        let badLimit = #expect(throws: ValidationError.self) { try book.walk(side: .buy, quantity: 1, limit: 0) }
        #expect(badLimit?.code == .outOfRange)
        #expect(badLimit?.path == "limit")
    }

    /// Over random books and sizes: filled + unfilled = requested; the fills are what the levels
    /// hold; the average lies between the touch and the worst price; the money notional is the
    /// exact one rounded in the taker's worse direction.
    @Test func walkInvariantsHoldOnRandomBooks() async {
        await propertyCheck(count: 200, input: Gen.int(in: 1...50), Gen.int(in: 1...400_000), Gen.int(in: 0...1_000_000)) {
            levels, lots, seed in
            var rng = SeededGenerator(seed: UInt64(seed))
            let book = F.randomBook(levels: levels, using: &rng)
            let requested = Quantity(units: Int64(lots) * F.market.lotSize.units)
            for side in OrderSide.allCases {
                let walk = try book.walk(side: side, quantity: requested)
                let levels = book.levels(side.bookSide)
                #expect(walk.filled + walk.unfilled == requested)
                #expect(walk.filled == min(requested, book.visibleQuantity(on: side.bookSide)))
                #expect(walk.levelsConsumed <= levels.count)
                let touch = levels[0].price
                let worst = try #require(walk.worstPrice)
                let average = try #require(walk.averagePrice)
                #expect(worst == levels[walk.levelsConsumed - 1].price)
                if side == .sell {
                    #expect(worst <= average && average <= touch)
                } else {
                    #expect(touch <= average && average <= worst)
                }
                // the exact notional lies between filled × touch and filled × worst
                let atTouch = Int128(walk.filled.units) * Int128(touch.units)
                let atWorst = Int128(walk.filled.units) * Int128(worst.units)
                #expect(min(atTouch, atWorst) <= walk.exactNotional && walk.exactNotional <= max(atTouch, atWorst))
                // the rounded money notional is within one unit, on the taker's worse side
                let scaled = Int128(walk.notional.units) * 100_000_000
                if side == .sell {
                    #expect(scaled <= walk.exactNotional && walk.exactNotional - scaled < 100_000_000)
                } else {
                    #expect(scaled >= walk.exactNotional && scaled - walk.exactNotional < 100_000_000)
                }
            }
        }
    }

    /// `closePrice` — with its shortcut for a close the touch level holds — against its
    /// definition from the walk: the visible levels no worse than the limit, the rest at the limit
    /// (without one, at the worst level), rounded against the trader; the limit when nothing
    /// fills. Quantities within, at and beyond the touch level, off the lot grid and zero; limits
    /// absent, at, inside and beyond the touch, and invalid.
    @Test func closePriceIsTheWalkWithTheRestAtTheLimit() async {
        await propertyCheck(count: 400, input: Gen.int(in: 0...Int.max), Gen.int(in: 0...6), Gen.int(in: 0...4)) { seed, sizeKind, limitKind in
            var rng = SeededGenerator(seed: UInt64(seed))
            let book = F.randomBook(levels: Int.random(in: 1...6, using: &rng), using: &rng)
            let lot = F.market.lotSize.units, tick = F.market.tickSize.units
            for side in Side.allCases {
                let order = OrderSide(closing: side)
                let levels = book.levels(order.bookSide)
                let touch = levels[0]
                let quantity: Quantity = switch sizeKind {
                case 0: Quantity(units: Int64.random(in: 1...max(1, touch.quantity.units / lot), using: &rng) * lot)
                case 1: touch.quantity
                case 2: touch.quantity + Quantity(units: lot)
                case 3: Quantity(units: Int64.random(in: 1...20_000, using: &rng) * lot)
                case 4: Quantity(units: lot / 2)
                case 5: .zero
                default: Quantity(units: touch.quantity.units / 2 + 1)
                }
                let away = side == .long ? -1 : 1  // the direction of worse prices for the close
                let limit: Price? = switch limitKind {
                case 0: nil
                case 1: touch.price
                case 2: Price(units: touch.price.units + Int64(away) * Int64.random(in: 1...20, using: &rng) * tick)
                case 3: Price(units: touch.price.units - Int64(away) * tick)
                default: Price(units: 0)
                }
                let expected: Price?
                if let walk = try? book.walk(side: order, quantity: quantity, limit: limit), walk.filled.isPositive {
                    if walk.isComplete {
                        expected = walk.averagePrice
                    } else if let rest = limit ?? walk.worstPrice {
                        let notional = walk.exactNotional + Int128(walk.unfilled.units) * Int128(rest.units)
                        expected = Price(units: Int64(WideDivision.divide(notional, by: Int128(quantity.units), order.conservativeRounding)))
                    } else {
                        expected = walk.averagePrice
                    }
                } else {
                    expected = limit
                }
                #expect(book.closePrice(closing: quantity, of: side, limit: limit) == expected, "\(side) \(quantity) limit \(String(describing: limit))")
                // The estimate's full fill: the worst level of a walk that fills it all, else none.
                let estimate = book.closeEstimate(closing: quantity, of: side, limit: limit)
                let walk = try? book.walk(side: order, quantity: quantity, limit: limit)
                let fullFill = walk.flatMap { $0.isComplete && $0.filled.isPositive ? $0.worstPrice : nil }
                #expect(estimate?.price == expected && estimate?.fullFillWorst == fullFill)
                // A first child given that fill (the close bounded by `limit`, its bankruptcy
                // price) is the one the executor finds by walking, for any slippage budget.
                if let limit, limit.isPositive, let estimate, let worst = estimate.fullFillWorst {
                    for budget in [0, 5, 50, 500] as [Int64] {
                        let executor = LiquidationExecutor(slippageBudgetBasisPoints: budget)
                        let walked = try? executor.firstChild(closing: quantity, of: side, bankruptcyPrice: limit, book: book, now: 7)
                        let given = try? executor.firstChild(
                            closing: quantity, of: side, bankruptcyPrice: limit, book: book, now: 7, filling: (estimate.price, worst))
                        #expect(given?.child == walked?.child && given?.unfilled == walked?.unfilled, "budget \(budget)")
                    }
                }
            }
        }
    }
}
