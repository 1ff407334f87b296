import LiquidusBook
import LiquidusCore
@testable import LiquidusEngine
import LiquidusWorkloads
import Testing

/// A quote is the plan's first close without its text: the same action, quantity and price.
@Suite struct QuoteTests {
    /// The plan's first close step and the quote agree, for every account after every input of
    /// random book paths (every policy; pending closes, waits and takeovers included).
    @Test func quotesAgreeWithPlansOnRandomBookPaths() throws {
        var compared: [CloseQuote.Action: Int] = [:]
        for (index, policy) in EnginePropertyTests.policies.enumerated() {
            for seed in 0..<4 {
                var engine = LiquidationEngine(policy: policy, insuranceFund: 500, markets: [Fixtures.test], executor: EnginePropertyTests.tightExecutor)
                for input in EnginePropertyTests.path(seed: seed * 11 + index, steps: 120, books: true) {
                    _ = try? engine.apply(input)
                    // The engine has already acted on its own marks: probe shocked ones too (±4 %).
                    var probes = [engine]
                    for move in [96, 104] as [Int64] {
                        var probe = engine
                        for (symbol, mark) in engine.marks {
                            let tick = engine.markets[symbol]!.tickSize.units
                            probe.marks[symbol] = Price(units: max(tick, mark.units * move / 100 / tick * tick))
                        }
                        probes.append(probe)
                    }
                    for probe in probes {
                    for id in probe.accountIDs {
                        let quote = try probe.quote(for: id)
                        let plan = (try? probe.plan(for: id)) ?? []
                        let step = plan.first { $0.kind == .partialClose || $0.kind == .fullTakeover }
                        compared[quote.action, default: 0] += 1
                        switch quote.action {
                        case .partialClose:
                            #expect(step?.kind == .partialClose, "\(id) after \(input)")
                            #expect(step?.quantity == (quote.firstChild?.quantity ?? quote.quantity))
                            #expect(step?.expectedPrice == (quote.firstChild?.expectedPrice ?? quote.expectedPrice))
                            #expect(step?.limitPrice == quote.limitPrice)
                        case .takeover:
                            #expect(step?.kind == .fullTakeover, "\(id) after \(input)")
                            #expect(step?.market == quote.market)
                        case .none, .wait:
                            #expect(step == nil, "\(id) after \(input): \(String(describing: step))")
                        }
                    }
                    }
                }
            }
        }
        #expect(compared[.partialClose, default: 0] > 50 && compared[.takeover, default: 0] > 5, "\(compared)")
    }

    /// One quoter, kept across accounts, marks, times and book changes, quotes every account as
    /// the engine does afresh (pending closes and histories included): nothing one quote leaves
    /// in it changes the next.
    @Test func aReusedQuoterQuotesAsTheEngine() throws {
        var quoted = 0
        for (index, policy) in EnginePropertyTests.policies.enumerated() {
            var engine = LiquidationEngine(policy: policy, insuranceFund: 500, markets: [Fixtures.test], executor: EnginePropertyTests.tightExecutor)
            var quoter = LiquidationQuoter(markets: engine.markets, policy: policy, executor: engine.executor)
            var (markets, expectedPrices) = (engine.markets, engine.expectedPrices)
            for input in EnginePropertyTests.path(seed: 5 + index, steps: 120, books: true) {
                _ = try? engine.apply(input)
                // A listing or a new price estimate: what the quoter is built from, so rebuilt.
                if engine.markets != markets || engine.expectedPrices != expectedPrices {
                    (markets, expectedPrices) = (engine.markets, engine.expectedPrices)
                    quoter = LiquidationQuoter(markets: markets, policy: policy, expectedPrices: expectedPrices, executor: engine.executor)
                }
                quoter.books = engine.books
                for id in engine.accountIDs {
                    let state = try #require(engine.accounts[id])
                    let account = try state.validated(engine.markets)
                    guard account.positions.allSatisfy({ engine.marks[$0.market] != nil }), !account.positions.isEmpty else { continue }
                    let quote = try quoter.quote(account, marks: engine.marks, now: engine.time, history: state.history)
                    #expect(quote == (try engine.quote(for: id)), "\(id) after \(input)")
                    quoted += 1
                }
            }
        }
        #expect(quoted > 200)
    }

    /// A book built on another definition of its market (here a 1.25 % fee instead of the
    /// catalog's 0.05 %) never stands in for the catalog's market: the quote is the one against
    /// the same levels on the catalog's market. Only books of the catalog's markets let the
    /// cascade take the market from the book.
    @Test func aBookOfAnotherMarketDefinitionDoesNotReplaceTheCatalogs() throws {
        let workload = PlanningWorkload(count: 120)
        let market = workload.market
        let other = try Market(
            symbol: market.symbol, tickSize: market.tickSize, lotSize: market.lotSize, riskTiers: market.riskTiers.tiers,
            liquidationFeeRate: Rate(units: 1_250_000), takerFeeRate: market.takerFeeRate)
        let foreign = try OrderBook(market: other, bids: workload.book.bids, asks: workload.book.asks)
        let catalog = MarketCatalog([market])
        let policy = RestoreMarginRatio(target: Rate(units: 80_000_000))
        #expect(!LiquidationCascade(markets: catalog, marks: [:], expectedPrices: [:], policy: policy, now: 0, books: [market.symbol: foreign]).booksCarryCatalogMarkets)
        #expect(LiquidationCascade(markets: catalog, marks: [:], expectedPrices: [:], policy: policy, now: 0, books: [market.symbol: workload.book]).booksCarryCatalogMarkets)
        var quoter = LiquidationQuoter(markets: catalog, policy: policy)
        quoter.books = [market.symbol: foreign]
        var partials = 0
        for (account, mark) in workload.cases {
            let quote = try quoter.quote(account, marks: [market.symbol: mark])
            let own = try LiquidationPlanner.quote(
                account: account, markets: catalog, marks: [market.symbol: mark], policy: policy, books: [market.symbol: workload.book])
            #expect(quote == own, "\(account.id)")
            if quote.action == .partialClose, let fee = quote.fee, let quantity = quote.quantity, let price = quote.expectedPrice {
                #expect(fee == market.liquidationFee(closing: quantity, at: price))
                partials += 1
            }
        }
        #expect(partials > 50)
    }

    /// W3's quotes: the quantity is the least whose own depth walk gives the quoted price (an
    /// independent walk reproduces it), and the plan's step is the quote's first child.
    @Test func planningWorkloadQuotesAreConsistent() throws {
        var workload = PlanningWorkload(count: 200)
        var partials = 0
        for index in 0..<workload.cases.count {
            let quote = workload.quote(index)
            let (account, mark) = workload.cases[index]
            let plan = try LiquidationPlanner.plan(
                account: account, markets: MarketCatalog([workload.market]), marks: [workload.market.symbol: mark],
                policy: RestoreMarginRatio(target: Rate(units: 80_000_000)), insuranceFund: WideMoney(Limits.maxMoney),
                books: [workload.market.symbol: workload.book])
            let step = plan.first { $0.kind == .partialClose || $0.kind == .fullTakeover }
            guard quote.action == .partialClose, let quantity = quote.quantity, let child = quote.firstChild else {
                #expect(step?.kind == .fullTakeover)
                continue
            }
            partials += 1
            let side = account.positions[0].side
            #expect(workload.book.closePrice(closing: quantity, of: side, limit: quote.limitPrice) == quote.expectedPrice)
            #expect(step?.quantity == child.quantity && step?.expectedPrice == child.expectedPrice)
        }
        #expect(partials > 100)
    }

    /// The workload's replica (what each `liquidus bench` worker quotes) quotes every case as the
    /// original does, also with both quoting at once on two threads.
    @Test func aReplicaQuotesAsTheOriginalDoes() async {
        let workload = PlanningWorkload(count: 200)
        let replica = workload.replica()
        func quotes(_ workload: PlanningWorkload) -> [CloseQuote] {
            var own = workload
            return (0..<200).map { own.quote($0) }
        }
        let expected = quotes(workload)
        #expect(quotes(replica) == expected)
        async let first = quotes(workload)
        async let second = quotes(replica)
        let (a, b) = await (first, second)
        #expect(a == expected && b == expected)
    }
}
