import LiquidusCore

/// A position written field by field, as in the `check` contract's `positions[i]`:
/// `{"market", "size", "entryPrice", "isolatedMargin"?, "leverage"?}`, every number a decimal
/// string, the optional fields left out when absent. Used by the `setAccount` input's JSON form
/// and by the snapshot document; validated where the position is used, not when read.
struct PositionRecord: Codable {
    var market: String
    var size: DecimalCoded<Quantity>
    var entryPrice: DecimalCoded<Price>
    var isolatedMargin: DecimalCoded<Money>?
    var leverage: DecimalCoded<Rate>?

    init(_ position: Position) {
        market = position.market
        size = DecimalCoded(wrappedValue: position.size)
        entryPrice = DecimalCoded(wrappedValue: position.entryPrice)
        isolatedMargin = position.isolatedMargin.map(DecimalCoded.init)
        leverage = position.leverage.map(DecimalCoded.init)
    }

    var position: Position {
        Position(
            market: market, size: size.wrappedValue, entryPrice: entryPrice.wrappedValue, isolatedMargin: isolatedMargin?.wrappedValue,
            leverage: leverage?.wrappedValue)
    }
}

extension MarginMode {
    /// Reads a margin mode (`"cross"` or `"isolated"`) from `key`.
    static func decode<Key: CodingKey>(from container: KeyedDecodingContainer<Key>, forKey key: Key) throws -> MarginMode {
        let text = try container.decode(String.self, forKey: key)
        guard let mode = MarginMode(rawValue: text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "must be cross or isolated")
        }
        return mode
    }
}
