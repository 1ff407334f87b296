import LiquidusBook
import LiquidusCheck
import LiquidusCore
import LiquidusEngine

/// `POST /v1/books/{symbol}`: `{"bids": [[price, quantity], …], "asks": […], "time"?}`, read as
/// the `check` contract's `orderBooks.SYMBOL` (by ``CheckInput``: tick and lot grids, ordering,
/// no crossed book).
///
/// The engine keeps the book (an `orderBook` input in the command log): its closes in the market
/// are then priced by walking it and executed against it in child orders (see
/// ``LiquidusEngine/LiquidationEngine``). An empty book (no bids, no asks) removes it.
enum BookRequest {
    /// The most levels on each side of a book.
    static let maxLevels = 5_000

    static func plan(symbol: String, _ document: JSONValue, _ engine: LiquidationEngine, _ now: Int64) throws(ValidationError) -> [Mutation.Planned] {
        let market = try engine.markets.market(symbol, at: "symbol")
        let root = try JSONObjectReader(document, at: "", known: ["bids", "asks", "time"])
        let time = try RequestReading.time(root, now: now)
        guard case .object(var fields) = document else { return [] }
        fields.removeValue(forKey: "time")
        for side in ["bids", "asks"] {
            if case .array(let levels)? = fields[side], levels.count > maxLevels {
                throw ValidationError(.outOfRange, at: side, "must hold at most \(maxLevels) levels")
            }
        }
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
        let book = try input.orderBooks[symbol]?.orderBook(of: market) ?? OrderBook(market: market)
        return [Mutation.Planned(EngineInput(time: time, .orderBook(market: symbol, bids: book.bids, asks: book.asks)), path: "")]
    }
}
