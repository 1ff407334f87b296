import LiquidusBook
import LiquidusCore
import LiquidusTestSupport
import Testing

@Suite struct SlippageEstimateTests {
    typealias F = BookFixtures

    // bids: 100.0 × 1, 99.5 × 2, 99.0 × 3   asks: 100.5 × 1.5, 101.0 × 2, 102.0 × 4
    let book = F.handBook()
    let mark = Price("100.25")!

    @Test func closeWithinTheBook() throws {
        // Sell 2.5: N = 100 × 1 + 99.5 × 1.5 = 249.25.
        // Against the mark 100.25: q × mark = 250.625, cost = 250.625 − 249.25 = 1.375;
        //   bps = 1.375 ÷ 250.625 × 10⁴ = 54.862842892…, up to 54.8628429.
        // Against the touch 100: q × touch = 250, cost = 0.75; bps = 0.75 ÷ 250 × 10⁴ = 30.
        let estimate = try SlippageEstimate(
            closing: Quantity("2.5")!, side: .sell, book: book, mark: mark,
            model: SquareRootImpact(), volatility: 0.02, volume: 1000
        )
        #expect(estimate.fromBook == Quantity("2.5")!)
        #expect(estimate.fromModel == 0)
        #expect(estimate.modelImpact == 0)
        #expect(estimate.modelPrice == nil)
        #expect(estimate.notional == Money("249.25")!)
        #expect(estimate.averagePrice == Price("99.7")!)
        #expect(estimate.versusMark == Money("1.375")!)
        #expect(estimate.versusMarkBps == Rate("54.8628429")!)
        #expect(estimate.versusMarkFromBook == Money("1.375")!)
        #expect(estimate.versusMarkFromModel == 0)
        #expect(estimate.touch == 100)
        #expect(estimate.versusTouch == Money("0.75")!)
        #expect(estimate.versusTouchBps == 30)
    }

    @Test func remainderBeyondTheBookIsPricedByTheModel() throws {
        // Sell 7 on 6 visible: the book fills 6 for N_book = 100 + 199 + 297 = 596, worst 99.
        // The model prices R = 1 against depth 6: Y σ √(R ÷ V) = 1 × 0.0625 × √(1 ÷ 64)
        //   = 0.0625 × 0.125 = 0.0078125 (78.125 bps, exact in binary and in 10⁻⁸).
        // Remainder price 99 × (1 − 0.0078125) = 98.2265625; N = 596 + 98.2265625 = 694.2265625.
        // Mark: q × mark = 701.75, cost = 7.5234375; book part 6 × 100.25 − 596 = 5.5;
        //   model part 100.25 − 98.2265625 = 2.0234375; bps = 7.5234375 ÷ 701.75 × 10⁴
        //   = 107.209654435…, up to 107.20965444.
        // Touch 100: cost = 700 − 694.2265625 = 5.7734375; bps = 82.477678571…, up to 82.47767858.
        // Average 694.2265625 ÷ 7 = 99.175223214…, down to 99.17522321.
        let estimate = try SlippageEstimate(
            closing: 7, side: .sell, book: book, mark: mark,
            model: SquareRootImpact(coefficient: 1), volatility: 0.0625, volume: 64
        )
        #expect(estimate.fromBook == 6)
        #expect(estimate.fromModel == 1)
        #expect(estimate.modelImpact == Rate("0.0078125")!)
        #expect(estimate.modelPrice == Price("98.2265625")!)
        #expect(estimate.notional == Money("694.2265625")!)
        #expect(estimate.averagePrice == Price("99.17522321")!)
        #expect(estimate.versusMark == Money("7.5234375")!)
        #expect(estimate.versusMarkFromBook == Money("5.5")!)
        #expect(estimate.versusMarkFromModel == Money("2.0234375")!)
        #expect(estimate.versusMarkBps == Rate("107.20965444")!)
        #expect(estimate.versusTouch == Money("5.7734375")!)
        #expect(estimate.versusTouchBps == Rate("82.47767858")!)
    }

    @Test func buyBeyondTheBookRoundsTheModelPriceUp() throws {
        // Buy 8.5 on 7.5 visible: N_book = 150.75 + 202 + 408 = 760.75, worst 102.
        // Impact 0.0078125 as above: remainder price 102 × 1.0078125 = 102.796875 (exact).
        // N = 760.75 + 102.796875 = 863.546875; mark cost = 863.546875 − 8.5 × 100.25
        //   = 863.546875 − 852.125 = 11.421875.
        let estimate = try SlippageEstimate(
            closing: Quantity("8.5")!, side: .buy, book: book, mark: mark,
            model: SquareRootImpact(coefficient: 1), volatility: 0.0625, volume: 64
        )
        #expect(estimate.modelPrice == Price("102.796875")!)
        #expect(estimate.notional == Money("863.546875")!)
        #expect(estimate.versusMark == Money("11.421875")!)
        #expect(estimate.touch == Price("100.5")!)
    }

    @Test func emptySideUsesTheMarkAsReference() throws {
        // No bids: all of q comes from the model, against the mark, and there is no touch.
        // Impact 0.0078125: price 100.25 × 0.9921875 = 99.466796875 → down to 99.46679687.
        // Cost 100.25 − 99.46679687 = 0.78320313; bps = 0.78320313 ÷ 100.25 × 10⁴ = 78.12500049…
        //   up to 78.1250005 (the price rounding is charged to the trader).
        let asksOnly = try OrderBook(market: F.market, bids: [], asks: book.asks)
        let estimate = try SlippageEstimate(
            closing: 1, side: .sell, book: asksOnly, mark: mark,
            model: SquareRootImpact(coefficient: 1), volatility: 0.0625, volume: 64
        )
        #expect(estimate.fromModel == 1)
        #expect(estimate.modelPrice == Price("99.46679687")!)
        #expect(estimate.versusMark == Money("0.78320313")!)
        #expect(estimate.versusMarkBps == Rate("78.1250005")!)
        #expect(estimate.touch == nil)
        #expect(estimate.versusTouch == nil)
        #expect(estimate.versusTouchBps == nil)
    }

    @Test func aBidAboveTheMarkIsANegativeCost() throws {
        // Mark 99: selling 1 at the bid 100 receives 1 more than the mark: cost −1, −101.0101… bps,
        // rounded up (toward zero here) to −101.01010101.
        let estimate = try SlippageEstimate(
            closing: 1, side: .sell, book: book, mark: 99, model: SquareRootImpact(), volatility: 0.02, volume: 1000
        )
        #expect(estimate.versusMark == -1)
        #expect(estimate.versusMarkBps == Rate("-101.01010101")!)
    }

    @Test func extremeModelOutputsAreClamped() throws {
        struct Broken: ImpactModel {
            var value: Double
            func expectedImpact(_ input: ImpactInput) -> Double { value }
            mutating func observe(fill: ImpactFill) {}
        }
        for (value, expected) in [(Double.nan, Rate.one), (.infinity, .one), (7, .one), (-0.5, .zero)] {
            let estimate = try SlippageEstimate(
                closing: 7, side: .sell, book: book, mark: mark, model: Broken(value: value), volatility: 0.02, volume: 1
            )
            #expect(estimate.modelImpact == expected)
        }
        // impact 1 on a sell: the remainder is worth nothing, never a negative price
        let total = try SlippageEstimate(
            closing: 7, side: .sell, book: book, mark: mark, model: Broken(value: 2), volatility: 0.02, volume: 1
        )
        #expect(total.modelPrice == 0)
    }

    @Test func badInputsAreRejected() {
        let cases: [(Quantity, Price, Double, Double, String)] = [
            (0, 100, 0.02, 1, "quantity"),
            (1, 0, 0.02, 1, "mark"),
            (1, 100, .nan, 1, "volatility"),
            (1, 100, 0.02, -1, "volume"),
        ]
        for (quantity, mark, volatility, volume, path) in cases {
            let error = #expect(throws: ValidationError.self) {
                try SlippageEstimate(
                    closing: quantity, side: .sell, book: book, mark: mark,
                    model: SquareRootImpact(), volatility: volatility, volume: volume
                )
            }
            #expect(error?.path == path)
        }
    }
}
