import Foundation
import LiquidusBook
import LiquidusCore
@testable import LiquidusEngine
import Testing

/// Closes executed against the engine's order books, on hand-derived scenarios.
///
/// The set-up: the TEST market (tick 1, lot 1; ≤ 10,000 at 5 %, above at 10 % − 500; fee 1 %),
/// `alice` cross with 1,600 and long 20 @ 1,000; bankruptcy price 1,000 − 1,600 ÷ 20 = 920.
/// At the mark 970: equity 1,600 − 600 = 1,000, maintenance 19,400 × 0.1 − 500 = 1,440.
@Suite struct ExecutionTests {
    /// Bids 970 × 2, 965 × 2, 960 × 2, 950 × 10; one ask 975 × 5 (the mid is 972.5).
    static let bids: [OrderBook.Level] = [
        .init(price: 970, quantity: 2), .init(price: 965, quantity: 2), .init(price: 960, quantity: 2), .init(price: 950, quantity: 10),
    ]
    static let asks: [OrderBook.Level] = [.init(price: 975, quantity: 5)]

    func engine(
        accounts: [String] = ["alice"], executor: LiquidationExecutor = LiquidationExecutor(), bids: [OrderBook.Level] = Self.bids
    ) throws -> LiquidationEngine {
        var engine = LiquidationEngine(
            policy: RestoreMarginRatio(target: Fixtures.rate("0.8")), insuranceFund: 1000, markets: [Fixtures.test], executor: executor)
        var inputs: [EngineInput.Action] = [.markPrice(market: "TEST", price: 1000)]
        for id in accounts {
            inputs += [
                .openAccount(id: id, marginMode: .cross), .deposit(account: id, amount: 1600),
                .fill(account: id, market: "TEST", size: 20, price: 1000, margin: 0),
            ]
        }
        inputs.append(.orderBook(market: "TEST", bids: bids, asks: Self.asks))
        for action in inputs { #expect(try engine.apply(EngineInput(time: 0, action)).isEmpty) }
        return engine
    }

    func partials(_ events: [EngineEvent]) -> [PartialLiquidation] {
        events.compactMap { if case .partialLiquidation(let partial) = $0.payload { partial } else { nil } }
    }

    /// The policy's close and the book's price, made consistent: at the touch (970) the least
    /// close is 8 lots; walking 8 gives (2·970 + 2·965 + 2·960 + 2·950) ÷ 8 = 961.25, at which 8
    /// is still the least (equity′ 1,000 − 310 − 76.9 + 12·(−30) … ratio ≤ 0.8). The 50 bp budget
    /// bounds a child at ⌈970 × 0.995⌉ = 966: only the 970 level. So:
    /// - t = 1, child 1: 2 @ 970, realized −60, fee 19.4; wallet 1,520.6, equity 980.6 < MM
    ///   18 × 970 × 0.1 − 500 = 1,246: the rest (6) waits until t = 2;
    /// - t = 1 again: nothing (the child is not due);
    /// - t = 2, child 2 against the book left (965 …; bound ⌈960.175⌉ = 961): 2 @ 965, realized
    ///   −70, fee 19.3; wallet 1,431.3, equity 951.3 < MM 1,052: the rest (4) waits until t = 3;
    /// - t = 3, child 3: 2 @ 960, realized −80, fee 19.2; wallet 1,332.1, equity 912.1 > MM
    ///   13,580 × 0.1 − 500 = 858: above maintenance, but the ratio 0.94 is not the policy's 0.8,
    ///   so the close goes on;
    /// - t = 4, child 4: 2 @ 950 (bound ⌈945.25⌉ = 946), realized −100, fee 19; wallet 1,213.1,
    ///   equity 853.1, MM 11,640 × 0.1 − 500 = 664: ratio 0.778 ≤ 0.8, the 8 lots are closed.
    @Test func aCloseLargerThanTheBudgetGoesInChildren() throws {
        var engine = try engine()
        let first = try engine.apply(EngineInput(time: 1_000, .markPrice(market: "TEST", price: 970)))
        #expect(first.map(\.payload.type) == ["liquidationTriggered", "partialLiquidation", "liquidationResolved"])
        let child1 = try #require(partials(first).first)
        #expect(child1.quantity == 2 && child1.price == 970 && child1.priceSource == "book")
        #expect(child1.realizedPnl == -60 && child1.fee == Fixtures.money("19.4"))
        #expect(child1.limitPrice == 920)
        let execution1 = try #require(child1.execution)
        #expect(execution1.plannedQuantity == 8 && execution1.child == 1 && execution1.remaining == 6 && execution1.nextChildAt == 2_000)
        #expect(execution1.touchPrice == 970 && execution1.worstPrice == 970 && execution1.childLimitPrice == 966)
        #expect(execution1.visibleDepth == 16 && execution1.levelsConsumed == 1)
        #expect(engine.account("alice")!.walletBalance == Fixtures.money("1520.6"))
        #expect(engine.books["TEST"]!.bestBid == OrderBook.Level(price: 965, quantity: 2))  // the fill took the level
        #expect(engine.history(of: "alice")?.pendingClose?.remaining == 6)
        guard case .liquidationResolved(let resolved) = first[2].payload else { Issue.record("not resolved"); return }
        #expect(resolved.outcome == .pending)

        #expect(try engine.apply(EngineInput(time: 1_000, .advanceTime)).isEmpty)

        let second = partials(try engine.apply(EngineInput(time: 2_000, .advanceTime)))
        #expect(second.map(\.quantity) == [2] && second.map(\.price) == [965])
        #expect(second.first?.execution?.child == 2 && second.first?.execution?.remaining == 4)
        #expect(second.first?.execution?.childLimitPrice == 961)
        #expect(engine.account("alice")!.walletBalance == Fixtures.money("1431.3"))

        let third = try engine.apply(EngineInput(time: 3_000, .advanceTime))
        #expect(partials(third).map(\.price) == [960])
        #expect(engine.account("alice")!.walletBalance == Fixtures.money("1332.1"))
        #expect(engine.account("alice")!.positions.first?.size == 14)
        #expect(engine.history(of: "alice")?.pendingClose?.remaining == 2)
        guard case .liquidationResolved(let between) = third.last?.payload else { Issue.record("not resolved"); return }
        #expect(between.outcome == .pending)
        #expect(between.equity == Fixtures.money("912.1") && between.maintenanceMargin == 858)

        let fourth = try engine.apply(EngineInput(time: 4_000, .advanceTime))
        #expect(fourth.map(\.payload.type) == ["partialLiquidation", "liquidationResolved"])  // not triggered: above maintenance
        #expect(partials(fourth).map(\.price) == [950] && partials(fourth).first?.execution?.remaining == 0)
        #expect(engine.account("alice")!.walletBalance == Fixtures.money("1213.1"))
        #expect(engine.account("alice")!.positions.first?.size == 12)
        #expect(engine.history(of: "alice")?.pendingClose == nil)
        guard case .liquidationResolved(let last) = fourth.last?.payload else { Issue.record("not resolved"); return }
        #expect(last.outcome == .restored)
        #expect(last.equity == Fixtures.money("853.1") && last.maintenanceMargin == 664)
        #expect(last.marginRatio! <= Fixtures.rate("0.8"))
        #expect(engine.insuranceFund == WideMoney(Fixtures.money("1076.9")))
        #expect(try engine.apply(EngineInput(time: 9_000, .advanceTime)).isEmpty)
        #expect(engine.checkInvariants().isEmpty)
    }

    /// The impact model is asked before each child and taught after it. Child 1: σ is the one
    /// mark return so far, |970 − 1,000| ÷ 1,000 = 0.03, so the prior `(q ÷ D)^½ · σ` gives
    /// √(2 ÷ 16) × 0.03 ≈ 0.0106066; the fill at 970 against the mid 972.5 is an impact of
    /// 2.5 ÷ 972.5 ≈ 0.0025707. Three children, three observations.
    @Test func theImpactModelLearnsFromEachChild() throws {
        var engine = try engine()
        let first = partials(try engine.apply(EngineInput(time: 1_000, .markPrice(market: "TEST", price: 970))))
        let execution = try #require(first.first?.execution)
        let estimated = Double(execution.estimatedImpact.units) / 1e8
        let prior: Double = 0.03 * (2.0 / 16.0).squareRoot()
        #expect(abs(estimated - prior) < 1e-7)
        let realized = Double(execution.realizedImpact.units) / 1e8
        let observed: Double = 2.5 / 972.5
        #expect(abs(realized - observed) < 1e-7)
        #expect(engine.impactModels["TEST"]?.observations == 1)
        let before = try #require(engine.impactModels["TEST"]).expectedImpact(ImpactInput(size: 2e8, visibleDepth: 16e8, volatility: 0.03, volume: 0))
        #expect(before < 0.0106066)  // it learnt that fills cost less than the prior said
        _ = try engine.apply(EngineInput(time: 2_000, .advanceTime))
        _ = try engine.apply(EngineInput(time: 3_000, .advanceTime))
        #expect(engine.impactModels["TEST"]?.observations == 3)
    }

    /// With at most 2 children the executor can place 2 + 2 of the 8 lots: after child 1 the
    /// rest escalates at once. Wallet 1,520.6 on 18 lots: bankruptcy ⌈1,000 − 1,520.6 ÷ 18⌉ =
    /// ⌈915.52…⌉ = 916 (a long's rounds up). The liquidator's unwind reaches 2 × 50 bp below the
    /// touch 965 (⌈955.35⌉ = 956): the 4 lots at 965 and 960, at a surplus; the 14 beyond its
    /// reach go to auto-deleveraging (no counterparty here: unwound at the mark 970, a surplus
    /// too), and the 10 bid at 950 stay.
    @Test func whatTheChildrenCannotTakeEscalates() throws {
        var engine = try engine(executor: LiquidationExecutor(maxChildren: 2))
        let events = try engine.apply(EngineInput(time: 1_000, .markPrice(market: "TEST", price: 970)))
        #expect(events.map(\.payload.type).prefix(3) == ["liquidationTriggered", "partialLiquidation", "positionTakenOver"])
        #expect(partials(events).first?.execution?.nextChildAt == nil)
        guard case .positionTakenOver(let takeover) = events[2].payload else { Issue.record("no takeover"); return }
        #expect(takeover.bankruptcyPrice == 916 && takeover.size == 18)
        #expect(takeover.priceSource == "book")
        #expect(takeover.closedInMarket == 4 && takeover.toDeleverage == 14)
        #expect(engine.books["TEST"]!.bids == [OrderBook.Level(price: 950, quantity: 10)])
        #expect(engine.account("alice")!.positions.isEmpty)
        #expect(engine.history(of: "alice")?.pendingClose == nil)
        #expect(engine.checkInvariants().isEmpty)
    }

    /// A book with nothing at or above the bankruptcy price (920): no child can be placed, no
    /// partial fills beyond bankruptcy; the position is taken over at 920.
    @Test func noDepthWithinBankruptcyMeansTakeover() throws {
        var engine = try engine(bids: [.init(price: 900, quantity: 50)])
        let events = try engine.apply(EngineInput(time: 1_000, .markPrice(market: "TEST", price: 970)))
        #expect(partials(events).isEmpty)
        guard case .positionTakenOver(let takeover) = events[1].payload else { Issue.record("no takeover: \(events)"); return }
        #expect(takeover.bankruptcyPrice == 920)
        #expect(engine.checkInvariants().isEmpty)
    }

    /// A close under way whose book is gone: while the account is under maintenance the rest
    /// escalates; once it is above, the close simply stops (nothing is taken over) and the account
    /// is no longer pending. Child 3 leaves alice above maintenance (ratio 0.94, see
    /// `aCloseLargerThanTheBudgetGoesInChildren`); then the book is removed.
    @Test func aCloseWhoseBookIsGoneStopsAboveMaintenance() throws {
        var engine = try engine()
        for second: Int64 in 1...3 {
            _ = try engine.apply(EngineInput(time: second * 1_000, second == 1 ? .markPrice(market: "TEST", price: 970) : .advanceTime))
        }
        #expect(engine.history(of: "alice")?.pendingClose?.remaining == 2)
        #expect(try engine.apply(EngineInput(time: 3_000, .orderBook(market: "TEST", bids: [], asks: []))).isEmpty)
        #expect(try engine.apply(EngineInput(time: 4_000, .advanceTime)).isEmpty)
        #expect(engine.history(of: "alice")?.pendingClose == nil)
        #expect(engine.account("alice")!.positions.first?.size == 14)
        #expect(!engine.watch.pending.contains("alice"))
        #expect(engine.checkInvariants().isEmpty)
    }

    /// A position re-stated by the exchange (`setAccount`) ends the close under way on it; the
    /// account is re-checked at once (here above maintenance: nothing happens).
    @Test func aReStatedPositionEndsTheCloseUnderWay() throws {
        var engine = try engine()
        _ = try engine.apply(EngineInput(time: 1_000, .markPrice(market: "TEST", price: 970)))
        #expect(engine.history(of: "alice")?.pendingClose != nil)
        let restated = try Account(
            id: "alice", marginMode: .cross, walletBalance: 5000, positions: [Position(market: "TEST", size: 10, entryPrice: 1000)],
            markets: engine.markets)
        #expect(try engine.apply(EngineInput(time: 1_000, .setAccount(restated))).isEmpty)
        #expect(engine.history(of: "alice")?.pendingClose == nil)
        #expect(engine.history(of: "alice")?.lastPartialAt == 1_000)  // the rest of the history is kept
        #expect(try engine.apply(EngineInput(time: 5_000, .advanceTime)).isEmpty)
        #expect(engine.checkInvariants().isEmpty)
    }

    /// Two accounts liquidated on one tick share the book: bob's child meets the book alice's
    /// child left (touch 965, not 970).
    @Test func fillsTakeDepthOutOfTheBook() throws {
        var engine = try engine(accounts: ["alice", "bob"])
        let fills = partials(try engine.apply(EngineInput(time: 1_000, .markPrice(market: "TEST", price: 970))))
        #expect(fills.map(\.account) == ["alice", "bob"])
        #expect(fills.map(\.price) == [970, 965])
        #expect(fills.compactMap(\.execution?.touchPrice) == [970, 965])
        #expect(engine.checkInvariants().isEmpty)
    }

    /// The plan is what the engine then does: its first step is child 1.
    @Test func thePlanIsTheFirstChild() throws {
        var engine = try engine()
        var probe = engine
        probe.marks["TEST"] = 970
        let plan = try probe.plan(for: "alice")
        let close = try #require(plan.first { $0.kind == .partialClose })
        let done = partials(try engine.apply(EngineInput(time: 1_000, .markPrice(market: "TEST", price: 970)))).first
        #expect(close.quantity == done?.quantity && close.expectedPrice == done?.price && close.priceSource == "book")
    }

    /// Book inputs are checked like the book's own snapshots and updates, and a refused one
    /// changes nothing.
    @Test func badBookInputsChangeNothing() throws {
        var engine = try engine()
        let hash = engine.stateHash
        let cases: [(EngineInput.Action, String)] = [
            (.orderBook(market: "TEST", bids: [.init(price: 980, quantity: 1)], asks: [.init(price: 975, quantity: 1)]), "asks[0].price"),
            (.orderBook(market: "TEST", bids: [.init(price: Fixtures.price("970.5"), quantity: 1)], asks: []), "bids[0].price"),
            (.orderBook(market: "NOPE", bids: [.init(price: 970, quantity: 1)], asks: []), "market"),
            (.bookUpdate(market: "TEST", updates: [BookUpdate(side: .bid, price: 976, quantity: 1)]), "updates[0].price"),
            (.bookUpdate(market: "TEST", updates: [BookUpdate(side: .ask, price: 990, quantity: Fixtures.size("-1"))]), "updates[0].quantity"),
        ]
        for (action, path) in cases {
            #expect(throws: ValidationError.self) { try engine.apply(EngineInput(time: 1_000, action)) }
            do { _ = try engine.apply(EngineInput(time: 1_000, action)) } catch { #expect(error.path == path, "\(action)") }
            #expect(engine.stateHash == hash)
        }
        var fresh = LiquidationEngine(policy: Full(), markets: [Fixtures.test])
        do { _ = try fresh.apply(EngineInput(time: 0, .bookUpdate(market: "TEST", updates: []))) ; Issue.record("accepted") } catch {
            #expect(error.path == "market" && error.message.contains("no order book"))
        }
        // An empty snapshot removes the book; closes go back to the mark.
        _ = try engine.apply(EngineInput(time: 1_000, .orderBook(market: "TEST", bids: [], asks: [])))
        #expect(engine.books["TEST"] == nil)
        #expect(engine.stateHash != hash)
    }

    /// Book inputs in the command log's JSON form, exactly.
    @Test func bookInputsAreCodable() throws {
        let inputs = [
            EngineInput(time: 5_000, .orderBook(market: "TEST", bids: [.init(price: 970, quantity: 2)], asks: [.init(price: Fixtures.price("975.5"), quantity: 1)])),
            EngineInput(time: 6_000, .bookUpdate(market: "TEST", updates: [BookUpdate(side: .ask, price: 976, quantity: 0)])),
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(inputs), as: UTF8.self)
        #expect(text == #"[{"asks":[["975.5","1"]],"bids":[["970","2"]],"market":"TEST","time":5000,"type":"orderBook"},{"market":"TEST","time":6000,"type":"bookUpdate","updates":[{"price":"976","quantity":"0","side":"ask"}]}]"#)
        #expect(try JSONDecoder().decode([EngineInput].self, from: Data(text.utf8)) == inputs)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(EngineInput.self, from: Data(#"{"time":1,"type":"bookUpdate","market":"TEST","updates":[{"side":"middle","price":"1","quantity":"1"}]}"#.utf8))
        }
    }

    /// Every book is of its market as the catalog lists it (the cascade takes a position's market
    /// from its book): listing a market again with another definition drops its book, and the
    /// invariant check reports a book of another definition.
    @Test func booksStayOfTheirCatalogMarkets() throws {
        var engine = LiquidationEngine(policy: RestoreMarginRatio(target: Fixtures.rate("0.8")), insuranceFund: 100, markets: [Fixtures.test])
        _ = try engine.apply(EngineInput(time: 1_000, .orderBook(market: "TEST", bids: [OrderBook.Level(price: 990, quantity: 5)], asks: [])))
        #expect(engine.books["TEST"]?.market == Fixtures.test && engine.checkInvariants().isEmpty)
        let relisted = try Market(
            symbol: "TEST", tickSize: Fixtures.test.tickSize, lotSize: Fixtures.test.lotSize, riskTiers: Fixtures.test.riskTiers.tiers,
            liquidationFeeRate: Fixtures.rate("0.02"), takerFeeRate: .zero)
        _ = try engine.apply(EngineInput(time: 2_000, .registerMarket(relisted)))
        #expect(engine.books["TEST"] == nil && engine.checkInvariants().isEmpty)
        engine.books["TEST"] = try OrderBook(market: Fixtures.test, bids: [OrderBook.Level(price: 990, quantity: 5)], asks: [])
        #expect(engine.checkInvariants() == ["the book of TEST is not of the catalog's TEST"])
    }
}
