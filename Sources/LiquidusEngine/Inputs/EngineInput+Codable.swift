import LiquidusBook
import LiquidusCore

/// The input log's JSON form, so a store can keep inputs and replay them:
/// `{"time": 12, "type": "markPrice", "market": "BTCUSDT", "price": "29000"}` (`indexPrice`,
/// `lastPrice` and `externalPrice` alike; `premiumIndex` carries `premium`, `fundingRate` `rate`),
/// one object per
/// input with `type` the action's name and its fields beside it; every number is a decimal
/// string, a market is written field by field (`symbol`, `tickSize`, `lotSize`, `minOrderSize`,
/// `riskTiers`, `liquidationFeeRate`, `takerFeeRate`) and re-validated when read. A book's
/// levels are `[price, quantity]` pairs (`"bids": [["29990", "1.5"]]`, the `check` contract's
/// form) and its updates `{"side": "bid", "price": …, "quantity": …}`. `setAccount` carries the
/// account's fields as the `check` contract writes them (`id`, `marginMode`, `walletBalance`,
/// `positions`, `openOrders`); `insuranceFund` carries `balance`. `shardRanking` carries a
/// ``ShardRanking`` as `ranking`, `forwardedDeleverage` a ``ForwardedDeleverage`` as `order`.
extension EngineInput: Codable {
    enum CodingKeys: String, CodingKey {
        case time, type, market, markets, price, account, id, marginMode, amount, size, margin, order, bids, asks, updates
        case walletBalance, positions, openOrders, premium, rate, balance, ranking
    }

    /// Reads an input; an invalid market or unknown `type` is a `DecodingError`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        time = try container.decode(Int64.self, forKey: .time)
        func decimal<T: FixedPointDecimal>(_ key: CodingKeys) throws -> T { try container.decode(DecimalCoded<T>.self, forKey: key).wrappedValue }
        switch try container.decode(String.self, forKey: .type) {
        case "registerMarket":
            let record = try container.decode(MarketRecord.self, forKey: .market)
            do { action = .registerMarket(try record.market()) } catch {
                throw DecodingError.dataCorruptedError(forKey: .market, in: container, debugDescription: error.description)
            }
        case "registerMarkets":
            let records = try container.decode([MarketRecord].self, forKey: .markets)
            do { action = .registerMarkets(try records.map { record throws(ValidationError) in try record.market() }) } catch {
                throw DecodingError.dataCorruptedError(forKey: .markets, in: container, debugDescription: error.description)
            }
        case "openAccount":
            action = .openAccount(id: try container.decode(String.self, forKey: .id), marginMode: try MarginMode.decode(from: container, forKey: .marginMode))
        case "setAccount":
            action = .setAccount(
                id: try container.decode(String.self, forKey: .id), marginMode: try MarginMode.decode(from: container, forKey: .marginMode),
                walletBalance: try decimal(.walletBalance), positions: try container.decode([PositionRecord].self, forKey: .positions).map(\.position),
                openOrders: try container.decode([OrderRecord].self, forKey: .openOrders).map(\.order))
        case "markPrice":
            action = .markPrice(market: try container.decode(String.self, forKey: .market), price: try decimal(.price))
        case "indexPrice":
            action = .indexPrice(market: try container.decode(String.self, forKey: .market), price: try decimal(.price))
        case "lastPrice":
            action = .lastPrice(market: try container.decode(String.self, forKey: .market), price: try decimal(.price))
        case "externalPrice":
            action = .externalPrice(market: try container.decode(String.self, forKey: .market), price: try decimal(.price))
        case "premiumIndex":
            action = .premiumIndex(market: try container.decode(String.self, forKey: .market), premium: try decimal(.premium))
        case "fundingRate":
            action = .fundingRate(market: try container.decode(String.self, forKey: .market), rate: try decimal(.rate))
        case "expectedPrice":
            action = .expectedPrice(
                market: try container.decode(String.self, forKey: .market),
                price: try container.decodeIfPresent(DecimalCoded<Price>.self, forKey: .price)?.wrappedValue)
        case "orderBook":
            action = .orderBook(
                market: try container.decode(String.self, forKey: .market),
                bids: try container.decode([LevelRecord].self, forKey: .bids).map(\.level),
                asks: try container.decode([LevelRecord].self, forKey: .asks).map(\.level))
        case "bookUpdate":
            action = .bookUpdate(
                market: try container.decode(String.self, forKey: .market),
                updates: try container.decode([UpdateRecord].self, forKey: .updates).map(\.update))
        case "deposit":
            action = .deposit(account: try container.decode(String.self, forKey: .account), amount: try decimal(.amount))
        case "withdraw":
            action = .withdraw(account: try container.decode(String.self, forKey: .account), amount: try decimal(.amount))
        case "fill":
            action = .fill(
                account: try container.decode(String.self, forKey: .account), market: try container.decode(String.self, forKey: .market),
                size: try decimal(.size), price: try decimal(.price), margin: try decimal(.margin))
        case "placeOrder":
            action = .placeOrder(account: try container.decode(String.self, forKey: .account), order: try container.decode(OrderRecord.self, forKey: .order).order)
        case "cancelOrder":
            action = .cancelOrder(account: try container.decode(String.self, forKey: .account), order: try container.decode(OrderRecord.self, forKey: .order).order)
        case "advanceTime":
            action = .advanceTime
        case "shardRanking":
            action = .shardRanking(try container.decode(ShardRanking.self, forKey: .ranking))
        case "forwardedDeleverage":
            action = .forwardedDeleverage(try container.decode(ForwardedDeleverage.self, forKey: .order))
        case "insuranceFund":
            action = .insuranceFund(balance: try decimal(.balance))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .type, in: container, debugDescription: "unknown input type \"\(other)\"")
        }
    }

    /// Writes the form above.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(time, forKey: .time)
        func decimal<T: FixedPointDecimal>(_ value: T, _ key: CodingKeys) throws { try container.encode(DecimalCoded(wrappedValue: value), forKey: key) }
        switch action {
        case .registerMarket(let market):
            try container.encode("registerMarket", forKey: .type)
            try container.encode(MarketRecord(market), forKey: .market)
        case .registerMarkets(let markets):
            try container.encode("registerMarkets", forKey: .type)
            try container.encode(markets.map(MarketRecord.init), forKey: .markets)
        case .openAccount(let id, let mode):
            try container.encode("openAccount", forKey: .type)
            try container.encode(id, forKey: .id)
            try container.encode(mode.rawValue, forKey: .marginMode)
        case .setAccount(let id, let mode, let wallet, let positions, let orders):
            try container.encode("setAccount", forKey: .type)
            try container.encode(id, forKey: .id)
            try container.encode(mode.rawValue, forKey: .marginMode)
            try decimal(wallet, .walletBalance)
            try container.encode(positions.map(PositionRecord.init), forKey: .positions)
            try container.encode(orders.map(OrderRecord.init), forKey: .openOrders)
        case .markPrice(let market, let price):
            try container.encode("markPrice", forKey: .type)
            try container.encode(market, forKey: .market)
            try decimal(price, .price)
        case .indexPrice(let market, let price), .lastPrice(let market, let price), .externalPrice(let market, let price):
            try container.encode(action.typeName, forKey: .type)
            try container.encode(market, forKey: .market)
            try decimal(price, .price)
        case .premiumIndex(let market, let premium):
            try container.encode("premiumIndex", forKey: .type)
            try container.encode(market, forKey: .market)
            try decimal(premium, .premium)
        case .fundingRate(let market, let rate):
            try container.encode("fundingRate", forKey: .type)
            try container.encode(market, forKey: .market)
            try decimal(rate, .rate)
        case .expectedPrice(let market, let price):
            try container.encode("expectedPrice", forKey: .type)
            try container.encode(market, forKey: .market)
            if let price { try decimal(price, .price) }
        case .orderBook(let market, let bids, let asks):
            try container.encode("orderBook", forKey: .type)
            try container.encode(market, forKey: .market)
            try container.encode(bids.map(LevelRecord.init), forKey: .bids)
            try container.encode(asks.map(LevelRecord.init), forKey: .asks)
        case .bookUpdate(let market, let updates):
            try container.encode("bookUpdate", forKey: .type)
            try container.encode(market, forKey: .market)
            try container.encode(updates.map(UpdateRecord.init), forKey: .updates)
        case .deposit(let account, let amount):
            try container.encode("deposit", forKey: .type)
            try container.encode(account, forKey: .account)
            try decimal(amount, .amount)
        case .withdraw(let account, let amount):
            try container.encode("withdraw", forKey: .type)
            try container.encode(account, forKey: .account)
            try decimal(amount, .amount)
        case .fill(let account, let market, let size, let price, let margin):
            try container.encode("fill", forKey: .type)
            try container.encode(account, forKey: .account)
            try container.encode(market, forKey: .market)
            try decimal(size, .size)
            try decimal(price, .price)
            try decimal(margin, .margin)
        case .placeOrder(let account, let order):
            try container.encode("placeOrder", forKey: .type)
            try container.encode(account, forKey: .account)
            try container.encode(OrderRecord(order), forKey: .order)
        case .cancelOrder(let account, let order):
            try container.encode("cancelOrder", forKey: .type)
            try container.encode(account, forKey: .account)
            try container.encode(OrderRecord(order), forKey: .order)
        case .advanceTime:
            try container.encode("advanceTime", forKey: .type)
        case .shardRanking(let ranking):
            try container.encode("shardRanking", forKey: .type)
            try container.encode(ranking, forKey: .ranking)
        case .forwardedDeleverage(let order):
            try container.encode("forwardedDeleverage", forKey: .type)
            try container.encode(order, forKey: .order)
        case .insuranceFund(let balance):
            try container.encode("insuranceFund", forKey: .type)
            try decimal(balance, .balance)
        }
    }
}

extension EngineInput.Action {
    /// The `type` of the market-data prices that share one form.
    var typeName: String {
        switch self {
        case .indexPrice: "indexPrice"
        case .lastPrice: "lastPrice"
        case .externalPrice: "externalPrice"
        default: "markPrice"
        }
    }
}
