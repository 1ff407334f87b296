import LiquidusBook
import LiquidusCore

/// A book level written as the pair `[price, quantity]`.
struct LevelRecord: Codable {
    var level: OrderBook.Level

    init(_ level: OrderBook.Level) { self.level = level }

    init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        let price = try container.decode(DecimalCoded<Price>.self).wrappedValue
        let quantity = try container.decode(DecimalCoded<Quantity>.self).wrappedValue
        guard container.isAtEnd else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "a level is [price, quantity]")
        }
        level = OrderBook.Level(price: price, quantity: quantity)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(DecimalCoded(wrappedValue: level.price))
        try container.encode(DecimalCoded(wrappedValue: level.quantity))
    }
}
