import LiquidusBook
import LiquidusCore

extension LiquidationEngine {
    /// Sets `symbol`'s mark to `price` (valid, of a known market): the volatility estimate
    /// observes it and the breach monitors report the accounts it may have put at or below
    /// maintenance.
    mutating func setMark(_ price: Price, of symbol: String) -> Set<String> {
        marks[symbol] = price
        volatility[symbol, default: MarkVolatility()].observe(mark: price.units)
        return watch.markMoved(symbol, to: price)
    }

    /// Records index `price` of `symbol` and, when the market's mark is derived, sets the mark
    /// it derives (see ``MarketData``). Refused, changing nothing, when the price is not one or
    /// the derived mark would not be a price (> 0, at most ``LiquidusCore/Limits/maxPrice``).
    mutating func record(index price: Price, of symbol: String) throws(ValidationError) -> Set<String> {
        let market = try markets.market(symbol, at: "market")
        try Self.checkPrice(price, at: "price")
        var data = marketData(of: market)
        let derived = data.record(index: price, at: time, unit: timeUnit, book: books[symbol], method: market.markMethod, funding: market.funding)
        marketData[symbol] = data
        guard let derived else { return [] }
        guard derived > 0, derived <= Int128(Limits.maxPrice.units) else {
            throw ValidationError(.outOfRange, at: "price", "derives a mark of \(derived) units, not a price within (0, \(Limits.maxPrice)]")
        }
        return setMark(Price(units: Int64(derived)), of: symbol)
    }

    /// Evaluates every guarded market that has an index at the engine's time: a market whose
    /// guard trips is held (a ``LiquidationsHeld`` when the hold starts or its reason changes);
    /// a held market whose prices are sane again resumes (a ``LiquidationsResumed``), and its
    /// accounts join `candidates` to be re-checked at once.
    /// - Complexity: O(d) for d markets with data, plus O(a·p) for a market that resumes.
    mutating func updateGuards(resuming candidates: inout Set<String>) -> [EngineEvent.Payload] {
        var payloads: [EngineEvent.Payload] = []
        for (symbol, data) in marketData.sorted(by: { $0.key < $1.key }) {
            guard let index = data.index else { continue }
            let guardrail = markets[symbol]?.priceGuard
            let breach = guardrail?.breach(mark: marks[symbol], index: index, indexTime: data.indexTime, now: time, unit: timeUnit)
            if let breach, let guardrail {
                let current = liquidationHolds[symbol]
                guard current?.reason != breach.rawValue else { continue }
                let hold = LiquidationsHeld(
                    market: symbol, since: current?.since ?? time, reason: breach.rawValue, mark: marks[symbol], index: index,
                    indexTime: data.indexTime, maxDeviation: guardrail.maxDeviation, maxIndexAge: guardrail.maxIndexAge)
                liquidationHolds[symbol] = hold
                payloads.append(.liquidationsHeld(hold))
            } else if let hold = liquidationHolds.removeValue(forKey: symbol) {
                payloads.append(.liquidationsResumed(LiquidationsResumed(market: symbol, heldSince: hold.since)))
                for (id, state) in accounts where state.positions.contains(where: { $0.market == symbol }) { candidates.insert(id) }
            }
        }
        return payloads
    }

    /// Whether `state` has a position in a market whose liquidations are held.
    func isHeldByGuard(_ state: AccountState) -> Bool {
        !liquidationHolds.isEmpty && state.positions.contains { liquidationHolds[$0.market] != nil }
    }
}

extension LiquidationEngine {
    /// `market`'s data, or fresh data for it whose funding interval is the current one.
    func marketData(of market: Market) -> MarketData {
        if let data = marketData[market.symbol] { return data }
        var data = MarketData(method: market.markMethod)
        if let rules = market.funding { data.fundingPeriod = timeUnit.period(of: time, seconds: rules.interval) }
        return data
    }
}
