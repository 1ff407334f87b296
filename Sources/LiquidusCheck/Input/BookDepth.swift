public import LiquidusCore
public import LiquidusBook

/// The visible depth of one market as given in `orderBooks`: bids from best (highest) down,
/// asks from best (lowest) up, each level on the market's tick and lot grids.
public struct BookDepth: Hashable, Sendable {
    /// `(price, quantity)` levels, best first, prices strictly decreasing.
    public var bids: [(price: Price, quantity: Quantity)] { bidLevels.map { ($0.price, $0.quantity) } }
    /// `(price, quantity)` levels, best first, prices strictly increasing.
    public var asks: [(price: Price, quantity: Quantity)] { askLevels.map { ($0.price, $0.quantity) } }

    /// The depth as an `OrderBook` of `market`. The levels were checked on reading against the
    /// market they were read for (grids, order, not crossed); the book checks them again, and
    /// refuses them (rather than trapping) when `market` is another one.
    public func orderBook(of market: Market) throws(ValidationError) -> OrderBook {
        try OrderBook(
            market: market,
            bids: bidLevels.map { OrderBook.Level(price: $0.price, quantity: $0.quantity) },
            asks: askLevels.map { OrderBook.Level(price: $0.price, quantity: $0.quantity) })
    }

    struct Level: Hashable, Sendable {
        var price: Price
        var quantity: Quantity
    }
    var bidLevels: [Level]
    var askLevels: [Level]

    static func read(_ value: JSONValue, _ path: String, markets: MarketCatalog) throws(ValidationError) -> BookDepth {
        let symbol = String(path.split(separator: ".").last ?? "")
        let market = try markets.market(symbol, at: path)
        let object = try JSONObjectReader(value, at: path, known: ["bids", "asks"])
        func levels(_ key: String, descending: Bool) throws(ValidationError) -> [Level] {
            let levels = try object.optional(key) { value, path throws(ValidationError) in
                try JSONRead.array(value, path) { value, path throws(ValidationError) -> Level in
                    guard case .array(let pair) = value, pair.count == 2 else {
                        throw ValidationError(.wrongType, at: path, "must be a [price, quantity] pair of decimal strings")
                    }
                    let price = try JSONRead.price(pair[0], "\(path)[0]")
                    let quantity: Quantity = try JSONRead.decimal(pair[1], "\(path)[1]")
                    guard price.isMultiple(of: market.tickSize) else {
                        throw ValidationError(.notOnGrid, at: "\(path)[0]", "must be a multiple of the tick size \(market.tickSize)")
                    }
                    guard quantity.isPositive, quantity <= Limits.maxSize else {
                        throw ValidationError(.outOfRange, at: "\(path)[1]", "must be > 0 and at most \(Limits.maxSize)")
                    }
                    guard quantity.isMultiple(of: market.lotSize) else {
                        throw ValidationError(.notOnGrid, at: "\(path)[1]", "must be a multiple of the lot size \(market.lotSize)")
                    }
                    return Level(price: price, quantity: quantity)
                }
            } ?? []
            for index in levels.indices.dropFirst() {
                let ordered = descending ? levels[index].price < levels[index - 1].price : levels[index].price > levels[index - 1].price
                guard ordered else {
                    throw ValidationError(
                        .inconsistent, at: "\(object.path(of: key))[\(index)][0]",
                        "must be \(descending ? "below" : "above") the previous level (\(key) are listed best first, one level per price)")
                }
            }
            return levels
        }
        let bids = try levels("bids", descending: true)
        let asks = try levels("asks", descending: false)
        if let bestBid = bids.first, let bestAsk = asks.first, bestBid.price >= bestAsk.price {
            throw ValidationError(.inconsistent, at: "\(path).bids[0][0]", "the book is crossed or locked: best bid \(bestBid.price) ≥ best ask \(bestAsk.price)")
        }
        return BookDepth(bidLevels: bids, askLevels: asks)
    }
}
