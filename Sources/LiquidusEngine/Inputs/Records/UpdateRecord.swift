import LiquidusBook
import LiquidusCore

/// A book update written field by field.
struct UpdateRecord: Codable {
    var side: String
    @DecimalCoded var price: Price
    @DecimalCoded var quantity: Quantity

    init(_ update: BookUpdate) {
        side = update.side.rawValue
        price = update.price
        quantity = update.quantity
    }

    init(from decoder: any Decoder) throws {
        enum Keys: String, CodingKey { case side, price, quantity }
        let container = try decoder.container(keyedBy: Keys.self)
        side = try container.decode(String.self, forKey: .side)
        guard BookSide(rawValue: side) != nil else {
            throw DecodingError.dataCorruptedError(forKey: .side, in: container, debugDescription: "must be bid or ask")
        }
        _price = try container.decode(DecimalCoded<Price>.self, forKey: .price)
        _quantity = try container.decode(DecimalCoded<Quantity>.self, forKey: .quantity)
    }

    /// The update (`side` was checked to be `bid` or `ask` when read).
    var update: BookUpdate { BookUpdate(side: side == BookSide.bid.rawValue ? .bid : .ask, price: price, quantity: quantity) }
}
