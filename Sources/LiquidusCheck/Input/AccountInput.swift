import LiquidusCore

/// Reads an `accounts[i]` object of the `check` contract into a validated ``Account``.
enum AccountInput {
    static let fields = ["id", "marginMode", "walletBalance", "positions", "openOrders"]
    static let positionFields = ["market", "size", "entryPrice", "isolatedMargin", "leverage"]
    static let orderFields = ["market", "size", "price"]

    static func read(_ value: JSONValue, _ path: String, markets: MarketCatalog, marks: [String: Price]) throws(ValidationError) -> Account {
        let object = try JSONObjectReader(value, at: path, known: fields)
        let id = try object.required("id", JSONRead.string)
        let mode: MarginMode = try object.required("marginMode", JSONRead.choice)
        let wallet: Money = try object.required("walletBalance", JSONRead.decimal)
        let positions = try object.optional("positions") { value, path throws(ValidationError) in
            try JSONRead.array(value, path) { value, path throws(ValidationError) -> Position in
                let position = try JSONObjectReader(value, at: path, known: positionFields)
                return Position(
                    market: try position.required("market", JSONRead.string),
                    size: try position.required("size", JSONRead.decimal),
                    entryPrice: try position.required("entryPrice", JSONRead.decimal),
                    isolatedMargin: try position.optional("isolatedMargin", JSONRead.decimal),
                    leverage: try position.optional("leverage", JSONRead.decimal))
            }
        } ?? []
        let orders = try object.optional("openOrders") { value, path throws(ValidationError) in
            try JSONRead.array(value, path) { value, path throws(ValidationError) -> OpenOrder in
                let order = try JSONObjectReader(value, at: path, known: orderFields)
                return OpenOrder(
                    market: try order.required("market", JSONRead.string),
                    size: try order.required("size", JSONRead.decimal),
                    price: try order.required("price", JSONRead.decimal))
            }
        } ?? []
        do throws(ValidationError) {
            let account = try Account(
                id: id, marginMode: mode, walletBalance: wallet, positions: positions, openOrders: orders, markets: markets)
            // Every position needs a mark, and its notional at the mark must be within limits.
            _ = try account.margin(markets: markets, marks: marks)
            return account
        } catch {
            throw error.prefixed(by: path)
        }
    }
}
