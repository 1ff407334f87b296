import LiquidusBook
import LiquidusCore
import LiquidusEngine

extension EngineScript {
    /// The next input: mostly mark ticks near the last mark (so accounts drift into
    /// liquidation), account changes, fills and books; its time the current one, a little later,
    /// now and then earlier (refused) or far ahead.
    mutating func nextInput() -> EngineInput {
        let when = nextTime()
        let symbol = market()?.symbol ?? "M\(generator.source.int(below: 4))"
        let id = generator.source.pick(Self.accounts)
        let action: EngineInput.Action
        switch generator.source.int(below: 20) {
        case 0:
            action = generator.market("M\(generator.source.int(below: 4))").map { .registerMarket(withMarketData($0)) } ?? .advanceTime
        case 1, 2, 3, 4, 19: action = .markPrice(market: symbol, price: nextMark(symbol))
        case 16, 17: action = .indexPrice(market: symbol, price: nextMark(symbol))
        case 18:
            switch generator.source.int(below: 4) {
            case 0: action = .lastPrice(market: symbol, price: nextMark(symbol))
            case 1: action = .externalPrice(market: symbol, price: nextMark(symbol))
            case 2: action = .fundingRate(market: symbol, rate: nextRate())
            default: action = .premiumIndex(market: symbol, premium: nextRate())
            }
        case 5: action = setAccount(id)
        case 6: action = .deposit(account: id, amount: generator.money())
        case 7: action = .withdraw(account: id, amount: generator.money())
        case 8: action = fill(id)
        case 9: action = orderBook(symbol)
        case 10: action = bookUpdate(symbol)
        case 11: action = .expectedPrice(market: symbol, price: generator.source.chance(30) ? nil : nextMark(symbol))
        case 12:
            // A shared fund's balance now and then (a shard's batch starts with one), other
            // shards' rankings and the orders they forward.
            if generator.source.chance(30) {
                action = .insuranceFund(balance: generator.money())
            } else if generator.source.chance(40) {
                action = generator.source.chance(50) ? shardRanking(symbol) : forwardedOrder(symbol)
            } else {
                action = .advanceTime
            }
        case 13:
            let orders = generator.orders(markets: markets, marks: engine.marks)
            action = orders.first.map { .placeOrder(account: id, order: $0) } ?? .advanceTime
        case 14:
            let order = engine.account(id)?.openOrders.first ?? OpenOrder(market: symbol, size: 1, price: 1)
            action = .cancelOrder(account: id, order: order)
        default:
            action = .openAccount(id: id, marginMode: generator.source.chance(50) ? .cross : .isolated)
        }
        return EngineInput(time: when, action)
    }

    /// `market` with a mark method and, now and then, a price guard (a band, an index age or
    /// both, now and then at their extremes).
    mutating func withMarketData(_ market: Market) -> Market {
        let method = generator.source.pick(MarkMethod.allCases)
        var guardrail: PriceGuard?
        if generator.source.chance(50) {
            let band = generator.source.chance(70) ? Rate(units: generator.source.pick([1, 1_000_000, 5_000_000, 20_000_000, FixedPoint.scale])) : nil
            let age = generator.source.chance(60) ? Int64(generator.source.pick([1, 3, 30, 3_600])) : nil
            guardrail = try? PriceGuard(maxDeviation: band, maxIndexAge: age)
        }
        var funding: FundingRules?
        if generator.source.chance(60) {
            funding = try? FundingRules(
                interval: Int64(generator.source.pick([1, 7, 60, 3_600])), interestRate: Rate(units: generator.source.pick([0, 10_000, -10_000])),
                premiumClamp: Rate(units: generator.source.pick([0, 50_000, FixedPoint.scale])),
                cap: generator.source.chance(50) ? Rate(units: generator.source.pick([1, 400_000, FixedPoint.scale])) : nil,
                periodsPerRate: generator.source.pick([1, 8]), weighting: generator.source.chance(50) ? .linear : .equal,
                price: generator.source.chance(50) ? .mark : .index)
        }
        return (try? Market(
            symbol: market.symbol, tickSize: market.tickSize, lotSize: market.lotSize, minOrderSize: market.minOrderSize,
            riskTiers: market.riskTiers.tiers, liquidationFeeRate: market.liquidationFeeRate, takerFeeRate: market.takerFeeRate,
            markMethod: method, priceGuard: guardrail, funding: funding)) ?? market
    }

    /// A funding rate or premium: small, at the ±1 limits, or (refused) beyond them.
    mutating func nextRate() -> Rate {
        let magnitude = generator.source.pick([0, 1, 10_000, 400_000, FixedPoint.scale, FixedPoint.scale + 1, Int64.max])
        return Rate(units: generator.source.chance(50) ? magnitude : -magnitude)
    }

    mutating func nextTime() -> Int64 {
        switch generator.source.int(below: 20) {
        case 0: return time - 1
        case 1: return time + Int64(generator.source.units(upTo: Int64.max / 4))
        case 2, 3: return time + Int64(generator.source.int(below: 40))  // within a second (milliseconds)
        case 4, 5, 6: return time + Int64(generator.source.int(below: 40)) * 500  // up to 20 s: cooldowns and intervals end
        default: return time
        }
    }

    /// One of the markets the engine holds, if any.
    mutating func market() -> Market? {
        markets.isEmpty ? nil : generator.source.pick(markets)
    }

    /// A mark for `symbol`: a step of up to ±25 % (in thousandths) from the last one, or any price.
    mutating func nextMark(_ symbol: String) -> Price {
        guard let market = markets.first(where: { $0.symbol == symbol }) else { return generator.source.positive(upTo: Limits.maxPrice) }
        guard let last = engine.marks[symbol], generator.source.chance(85) else { return generator.price(market, onGrid: false) }
        let step = Int128(generator.source.int(below: 201)) - 100
        let moved = Int128(last.units) + Int128(last.units) * step / 1_000
        return Price(units: Int64(Swift.min(Swift.max(moved, 1), Int128(Limits.maxPrice.units))))
    }

    mutating func setAccount(_ id: String) -> EngineInput.Action {
        let mode: MarginMode = generator.source.chance(50) ? .cross : .isolated
        let positions = generator.positions(mode, markets: markets, marks: engine.marks)
        let orders = generator.orders(markets: markets, marks: engine.marks)
        let wallet = generator.wallet(mode, positions, markets: markets, marks: engine.marks)
        return .setAccount(id: id, marginMode: mode, walletBalance: wallet, positions: positions, openOrders: orders)
    }

    mutating func fill(_ id: String) -> EngineInput.Action {
        guard let market = market() else { return .advanceTime }
        let price = generator.price(market, onGrid: true)
        let margin = generator.source.chance(70) ? Money.zero : generator.money()
        return .fill(account: id, market: market.symbol, size: generator.size(market, at: [price]), price: price, margin: margin)
    }

    mutating func orderBook(_ symbol: String) -> EngineInput.Action {
        guard let market = markets.first(where: { $0.symbol == symbol }) else { return .advanceTime }
        let (bids, asks) = generator.book(market, around: engine.marks[symbol] ?? market.tickSize)
        return .orderBook(market: symbol, bids: bids, asks: asks)
    }

    mutating func bookUpdate(_ symbol: String) -> EngineInput.Action {
        guard let market = markets.first(where: { $0.symbol == symbol }) else { return .advanceTime }
        let updates = (0..<generator.source.int(below: 3) + 1).map { _ in
            let price = generator.price(market, onGrid: true)
            let quantity = generator.source.chance(25) ? Quantity.zero : generator.size(market, at: [price]).magnitude
            return BookUpdate(side: generator.source.chance(50) ? .bid : .ask, price: price, quantity: quantity)
        }
        return .bookUpdate(market: symbol, updates: updates)
    }
}
