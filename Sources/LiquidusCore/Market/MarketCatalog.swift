/// The markets a book trades, by symbol.
public struct MarketCatalog: Hashable, Sendable {
    /// The markets by symbol.
    public private(set) var markets: [String: Market]

    /// Creates a catalog; a later market with the same symbol replaces an earlier one.
    public init(_ markets: some Sequence<Market> = []) {
        var bySymbol: [String: Market] = [:]
        for market in markets { bySymbol[market.symbol] = market }
        self.markets = bySymbol
    }

    /// The market named `symbol`, if any.
    @inlinable public subscript(symbol: String) -> Market? { markets[symbol] }

    /// Adds `market`, replacing one with the same symbol.
    public mutating func insert(_ market: Market) { markets[market.symbol] = market }

    /// The symbols in ascending order.
    public var symbols: [String] { markets.keys.sorted() }

    /// The market named `symbol`, or an ``ValidationError/Code/unknownReference`` error at `path`.
    public func market(_ symbol: String, at path: String) throws(ValidationError) -> Market {
        guard let market = markets[symbol] else {
            let known = symbols.isEmpty ? "none are defined" : "known: " + symbols.joined(separator: ", ")
            throw ValidationError(.unknownReference, at: path, "unknown market \"\(symbol)\" (\(known))")
        }
        return market
    }
}
