import LiquidusBook
import LiquidusCore

/// An order book's two sides as `[price, quantity]` pairs, best first.
struct BookRecord: Codable {
    var bids: [LevelRecord]
    var asks: [LevelRecord]

    init(_ book: OrderBook) {
        bids = book.bids.map(LevelRecord.init)
        asks = book.asks.map(LevelRecord.init)
    }

    func book(of market: Market) throws(ValidationError) -> OrderBook {
        try OrderBook(market: market, bids: bids.map(\.level), asks: asks.map(\.level))
    }
}
