import LiquidusBook
import LiquidusCore

/// An open order written field by field.
struct OrderRecord: Codable {
    var market: String
    @DecimalCoded var size: Quantity
    @DecimalCoded var price: Price

    init(_ order: OpenOrder) {
        market = order.market
        size = order.size
        price = order.price
    }

    var order: OpenOrder { OpenOrder(market: market, size: size, price: price) }
}
