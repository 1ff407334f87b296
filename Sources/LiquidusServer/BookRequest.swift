import LiquidusCheck
import LiquidusCore
import LiquidusEngine

/// `POST /v1/books/{symbol}`: `{"bids": [[price, quantity], …], "asks": […], "time"?}`, read as
/// the `check` contract's `orderBooks.SYMBOL` (by ``CheckInput``: tick and lot grids, ordering,
/// no crossed book).
///
/// The engine takes a book as the price its closes are expected to fill at: the mid of the best
/// bid and ask rounded down to the tick (the best level when one side is empty; an empty book
/// returns the market to its mark).
enum BookRequest {
    static func plan(symbol: String, _ document: JSONValue, _ engine: LiquidationEngine, _ now: Int64) throws(ValidationError) -> [Mutation.Planned] {
        let market = try engine.markets.market(symbol, at: "symbol")
        let root = try JSONObjectReader(document, at: "", known: ["bids", "asks", "time"])
        let time = try RequestReading.time(root, now: now)
        guard case .object(var fields) = document else { return [] }
        fields.removeValue(forKey: "time")
        let prefix = "orderBooks.\(symbol)"
        let input: CheckInput
        do {
            input = try CheckInput(document: .object([
                "markets": .array([EngineDocuments.market(market)]), "accounts": .array([]), "markPrices": .object([:]),
                "orderBooks": .object([symbol: .object(fields)]),
            ]))
        } catch {
            throw RequestReading.strip(prefix, from: error)
        }
        let depth = input.orderBooks[symbol]
        let bestBid = depth?.bids.first?.price, bestAsk = depth?.asks.first?.price
        let expected: Price?
        switch (bestBid, bestAsk) {
        case let (bid?, ask?):
            let mid = (bid.units + ask.units) / 2
            expected = Price(units: mid - mid % market.tickSize.units)
        case let (bid?, nil): expected = bid
        case let (nil, ask?): expected = ask
        case (nil, nil): expected = nil
        }
        return [Mutation.Planned(EngineInput(time: time, .expectedPrice(market: symbol, price: expected)), path: "")]
    }
}
