import LiquidusCore
import LiquidusTestSupport
import PropertyBased
import Testing

@Suite struct AccountMarginTests {
    let catalog = Fixtures.catalog

    @Test func crossAccountWithTwoMarkets() throws {
        // dave: wallet 5000, long 1.5 BTC at 30000, short 10 ETH at 2000; marks 30500 / 2050.
        // equity = 5000 + 750 − 500 = 5250. MM: BTC 45750 × 0.004 = 183; ETH 20500 × 0.0065 − 15 = 118.25.
        let account = try Account(
            id: "dave", marginMode: .cross, walletBalance: 5_000,
            positions: [Position(market: "BTCUSDT", size: Fixtures.quantity("1.5"), entryPrice: 30_000),
                        Position(market: "ETHUSDT", size: -10, entryPrice: 2_000)],
            markets: catalog)
        let margin = try account.margin(markets: catalog, marks: ["BTCUSDT": 30_500, "ETHUSDT": 2_050])
        #expect(margin.equity.description == "5250")
        #expect(margin.maintenanceMargin.description == "301.25")
        #expect(margin.marginRatio?.description == "0.05738096")  // 301.25 ÷ 5250 = 0.0573809523… up
        #expect(!margin.liquidatable)
        // BTC: 4381.75 + 1.5(p − 30000) = 0.006p → p = 40618.25 ÷ 1.494 = 27187.58… → up 27187.6.
        #expect(margin.positions[0].liquidationPrice?.description == "27187.6")
        #expect(margin.positions[0].bankruptcyPrice?.description == "27000")
        // ETH: 5567 + 20000 − 10p = 0.065p − 15 → p = 25582 ÷ 10.065 = 2541.679… → down 2541.67.
        #expect(margin.positions[1].liquidationPrice?.description == "2541.67")
        #expect(margin.positions[1].bankruptcyPrice?.description == "2575")
        // Initial margin: 45750 ÷ 125 = 366; 20500 ÷ 75 = 273.33333334 (up).
        #expect(margin.initialMargin.description == "639.33333334")
    }

    @Test func openOrdersHoldInitialMargin() throws {
        // A resting buy of 0.1 BTC at 29000 at the tier's 125× holds 2900 ÷ 125 = 23.2.
        let account = try Account(
            id: "o", marginMode: .cross, walletBalance: 1_000,
            positions: [], openOrders: [OpenOrder(market: "BTCUSDT", size: Fixtures.quantity("0.1"), price: 29_000)],
            markets: catalog)
        #expect(try account.orderMargin(markets: catalog).description == "23.2")
        #expect(try account.margin(markets: catalog, marks: [:]).initialMargin.description == "23.2")
    }

    @Test func isolatedPositionsStandAlone() throws {
        // Two isolated positions: one healthy, one under water → the account is liquidatable, its
        // ratio is the worst (nil because one equity is ≤ 0).
        let account = try Account(
            id: "i", marginMode: .isolated, walletBalance: 10,
            positions: [Position(market: "BTCUSDT", size: 1, entryPrice: 30_000, isolatedMargin: 600),
                        Position(market: "ETHUSDT", size: 1, entryPrice: 2_000, isolatedMargin: 20)],
            markets: catalog)
        let margin = try account.margin(markets: catalog, marks: ["BTCUSDT": 30_000, "ETHUSDT": 1_980])
        #expect(margin.positions[0].liquidatable == false)
        #expect(margin.positions[1].equity?.description == "0")
        #expect(margin.positions[1].liquidatable)
        #expect(margin.liquidatable)
        #expect(margin.marginRatio == nil)
        #expect(margin.equity.description == "610")  // 10 + 600 + 0
    }

    @Test func invalidAccountsAreRejectedWithTheirField() {
        func rejection(_ make: () throws(ValidationError) -> Account) -> ValidationError? {
            do { _ = try make(); return nil } catch { return error }
        }
        #expect(rejection { () throws(ValidationError) in
            try Account(id: "x", marginMode: .cross, walletBalance: 0, positions: [Position(market: "DOGE", size: 1, entryPrice: 1)], markets: catalog)
        }?.path == "positions[0].market")
        #expect(rejection { () throws(ValidationError) in
            try Account(id: "x", marginMode: .cross, walletBalance: 0, positions: [Position(market: "BTCUSDT", size: Fixtures.quantity("0.0015"), entryPrice: 1)], markets: catalog)
        }?.code == .notOnGrid)
        #expect(rejection { () throws(ValidationError) in
            try Account(id: "x", marginMode: .isolated, walletBalance: 0, positions: [Position(market: "BTCUSDT", size: 1, entryPrice: 1)], markets: catalog)
        }?.path == "positions[0].isolatedMargin")
        #expect(rejection { () throws(ValidationError) in
            try Account(id: "x", marginMode: .cross, walletBalance: 0, positions: [Position(market: "BTCUSDT", size: 1_000_000, entryPrice: 1_000_000)], markets: catalog)
        }?.code == .outOfRange)
        #expect(rejection { () throws(ValidationError) in
            try Account(id: "x", marginMode: .cross, walletBalance: 0, positions: [Position(market: "BTCUSDT", size: 1, entryPrice: 1), Position(market: "BTCUSDT", size: 1, entryPrice: 1)], markets: catalog)
        }?.code == .duplicate)
    }
}

/// Random cross accounts long and short across two tiered markets: each position's liquidation
/// price (other marks fixed) agrees with a whole-account bisection reference to one tick. The
/// reference computes the account's exact equity − maintenance with no per-position rounding,
/// so the production path's roundings (uPnL down, maintenance up) may move the price by at most
/// one tick, always toward solvency.
@Suite struct CrossMarginPropertyTests {
    @Test func crossLiquidationPricesAgreeWithAWholeAccountReference() async {
        let catalog = Fixtures.catalog
        await propertyCheck(
            count: 400,
            input: Gen.int64(in: -30_000...30_000), Gen.int64(in: -400_000...400_000), Gen.int64(in: 0...2_000_000), Gen.int64(in: -3_000...3_000)
        ) { btcLots, ethLots, walletCents, markMove in
            guard btcLots != 0, ethLots != 0 else { return }
            let account = try! Account(
                id: "r", marginMode: .cross, walletBalance: Money(units: walletCents * 1_000_000),
                positions: [Position(market: "BTCUSDT", size: Quantity(units: btcLots * 100_000), entryPrice: 30_000),
                            Position(market: "ETHUSDT", size: Quantity(units: ethLots * 100_000), entryPrice: 2_000)],
                markets: catalog)
            let marks: [String: Price] = ["BTCUSDT": Price(units: (30_000 + markMove) * 100_000_000), "ETHUSDT": Price(units: (2_000 + markMove / 20) * 100_000_000)]
            let margin = try! account.margin(markets: catalog, marks: marks)
            for index in account.positions.indices {
                let tick = catalog[account.positions[index].market]!.tickSize
                let reference = ReferenceMargin.crossLiquidationPrice(account, position: index, markets: catalog, marks: marks)
                let solved = margin.positions[index].liquidationPrice
                switch (solved, reference) {
                case let (solved?, reference?):
                    let long = account.positions[index].size.units > 0
                    let gap = long ? solved.units - reference.units : reference.units - solved.units
                    #expect(gap >= 0 && gap <= tick.units, "position \(index): \(solved) vs reference \(reference)")
                case (nil, nil):
                    break
                default:
                    // Only at the edge of existence may rounding decide: the reference's price is then within a tick of 0 or of the limit.
                    let edge = (solved ?? reference)!
                    #expect(edge.units <= tick.units * 2 || edge.units >= Limits.maxPrice.units - tick.units * 2, "position \(index): \(String(describing: solved)) vs \(String(describing: reference))")
                }
            }
        }
    }

    /// Each lesser detail leaves out exactly what it says (initial margins, ratios, liquidation
    /// prices) and every other figure equals the full evaluation's, cross and isolated, with and
    /// without open orders.
    @Test func lesserDetailOnlyLeavesFiguresOut() async {
        let catalog = Fixtures.catalog
        await propertyCheck(
            count: 300,
            input: Gen.int64(in: -30_000...30_000), Gen.int64(in: -400_000...400_000), Gen.int64(in: 0...2_000_000), Gen.int64(in: -3_000...3_000),
            Gen.bool
        ) { btcLots, ethLots, walletCents, markMove, isolated in
            guard btcLots != 0, ethLots != 0 else { return }
            let positions = [
                Position(market: "BTCUSDT", size: Quantity(units: btcLots * 100_000), entryPrice: 30_000, isolatedMargin: isolated ? 900 : nil),
                Position(market: "ETHUSDT", size: Quantity(units: ethLots * 100_000), entryPrice: 2_000, isolatedMargin: isolated ? 150 : nil)]
            let orders = walletCents.isMultiple(of: 2) ? [OpenOrder(market: "BTCUSDT", size: Fixtures.quantity("0.1"), price: 29_000)] : []
            let marks: [String: Price] = ["BTCUSDT": Price(units: (30_000 + markMove) * 100_000_000), "ETHUSDT": Price(units: (2_000 + markMove / 20) * 100_000_000)]
            let wallet = Money(units: walletCents * 1_000_000)
            let mode: MarginMode = isolated ? .isolated : .cross
            func margin(_ detail: MarginDetail) -> AccountMargin {
                try! Account.margin(
                    marginMode: mode, walletBalance: wallet, positions: positions, openOrders: orders, markets: catalog, marks: marks, detail: detail)
            }
            let full = margin(.full), noPrices = margin(.withoutLiquidationPrices), lean = margin(.liquidation)
            var expected = full
            for index in expected.positions.indices {
                expected.positions[index].liquidationPrice = nil
                expected.positions[index].liquidationTier = nil
            }
            #expect(noPrices == expected)
            expected.initialMargin = .zero
            expected.marginRatio = nil
            for index in expected.positions.indices {
                expected.positions[index].initialMargin = .zero
                expected.positions[index].marginRatio = nil
            }
            #expect(lean == expected)
        }
    }

    /// The liquidation focus is the lean margin's figures of the position it names and the
    /// scope's totals: cross, the first position by the order given, with the account's equity
    /// and maintenance; isolated, the first liquidatable one, with its own (none when none is).
    /// One to three positions (one alone takes a path of its own; with three, two are in one
    /// market, so sizes tie on maintenance and the order's tie-break decides), both orders, with
    /// and without open orders.
    @Test func theLiquidationFocusIsTheLeanMarginsChosenPosition() async {
        let catalog = Fixtures.catalog
        await propertyCheck(
            count: 600,
            input: Gen.int64(in: -30_000...30_000), Gen.int64(in: -400_000...400_000), Gen.int64(in: -3_000...3_000),
            Gen.int64(in: 0...2_000_000), Gen.int64(in: -3_000...3_000), Gen.bool, Gen.bool, Gen.int(in: 1...3)
        ) { btcLots, ethLots, secondLots, walletCents, markMove, isolated, bySymbolDescending, count in
            guard btcLots != 0, ethLots != 0, secondLots != 0 else { return }
            let positions = Array([
                Position(market: "BTCUSDT", size: Quantity(units: btcLots * 100_000), entryPrice: 30_000, isolatedMargin: isolated ? 900 : nil),
                Position(market: "ETHUSDT", size: Quantity(units: ethLots * 100_000), entryPrice: 2_000, isolatedMargin: isolated ? 150 : nil),
                Position(market: "ETHUSDT", size: Quantity(units: secondLots * 100_000), entryPrice: 2_100, isolatedMargin: isolated ? 20 : nil),
            ].prefix(count))
            let orders = walletCents.isMultiple(of: 2) ? [OpenOrder(market: "BTCUSDT", size: Fixtures.quantity("0.1"), price: 29_000)] : []
            let marks: [String: Price] = ["BTCUSDT": Price(units: (30_000 + markMove) * 100_000_000), "ETHUSDT": Price(units: (2_000 + markMove / 20) * 100_000_000)]
            let wallet = Money(units: walletCents * 1_000_000)
            let mode: MarginMode = isolated ? .isolated : .cross
            // Larger maintenance first, ties by symbol (either way round) and then by size.
            func comesFirst(_ a: PositionMargin, _ b: PositionMargin) -> Bool {
                if a.maintenanceMargin != b.maintenanceMargin { return a.maintenanceMargin > b.maintenanceMargin }
                if a.position.market != b.position.market { return (a.position.market < b.position.market) != bySymbolDescending }
                return a.position.size.units < b.position.size.units
            }
            let lean = try! Account.margin(
                marginMode: mode, walletBalance: wallet, positions: positions, openOrders: orders, markets: catalog, marks: marks, detail: .liquidation)
            let focus = try! Account.withLiquidationFocus(
                marginMode: mode, walletBalance: wallet, positions: positions, markets: catalog, marks: marks, comesFirst: comesFirst,
                otherwise: nil
            ) { figures, equity, maintenanceMargin, liquidatable in
                (figures: copy figures, equity: equity, maintenanceMargin: maintenanceMargin, liquidatable: liquidatable)
            }
            let candidates = isolated ? lean.positions.filter(\.liquidatable) : lean.positions
            let chosen = candidates.reduce(nil as PositionMargin?) { best, next in best.map { comesFirst(next, $0) ? next : $0 } ?? next }
            guard let chosen else {
                #expect(focus == nil)
                return
            }
            #expect(focus?.figures == chosen)
            #expect(focus?.equity == (isolated ? chosen.equity : lean.equity))
            #expect(focus?.maintenanceMargin == (isolated ? chosen.maintenanceMargin : lean.maintenanceMargin))
            #expect(focus?.liquidatable == (isolated ? true : lean.liquidatable))
        }
    }

    /// The focus rejects what the margin rejects, with the same error: an unknown market, a
    /// missing mark, a notional beyond the limit — naming the first position at fault, alone or
    /// after another.
    @Test func theLiquidationFocusFailsAsTheMarginDoes() {
        let catalog = Fixtures.catalog
        let good = Position(market: "BTCUSDT", size: Quantity(units: 100_000), entryPrice: 30_000)
        let cases: [([Position], [String: Price])] = [
            ([good, Position(market: "XYZUSDT", size: Quantity(units: 100_000), entryPrice: 1)], ["BTCUSDT": 30_000]),
            ([good, Position(market: "ETHUSDT", size: Quantity(units: 100_000), entryPrice: 2_000)], ["BTCUSDT": 30_000]),
            ([good, Position(market: "BTCUSDT", size: Limits.maxSize, entryPrice: 30_000)], ["BTCUSDT": Limits.maxPrice]),
            // A position alone (its own path).
            ([Position(market: "XYZUSDT", size: Quantity(units: 100_000), entryPrice: 1)], ["BTCUSDT": 30_000]),
            ([Position(market: "ETHUSDT", size: Quantity(units: 100_000), entryPrice: 2_000)], ["BTCUSDT": 30_000]),
            ([Position(market: "BTCUSDT", size: Limits.maxSize, entryPrice: 30_000)], ["BTCUSDT": Limits.maxPrice]),
        ]
        for (positions, marks) in cases {
            var marginError: ValidationError?, focusError: ValidationError?
            do {
                _ = try Account.margin(
                    marginMode: .cross, walletBalance: 100, positions: positions, openOrders: [], markets: catalog, marks: marks, detail: .liquidation)
            } catch { marginError = error }
            do {
                _ = try Account.withLiquidationFocus(
                    marginMode: .cross, walletBalance: 100, positions: positions, markets: catalog, marks: marks, comesFirst: { _, _ in false },
                    otherwise: ()
                ) { _, _, _, _ in }
            } catch { focusError = error }
            #expect(marginError != nil)
            #expect(focusError == marginError)
        }
    }
}
