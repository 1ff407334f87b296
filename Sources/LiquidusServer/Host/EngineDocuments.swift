import LiquidusCheck
import LiquidusCore
import LiquidusEngine

/// The engine's values written as the `check` contract's JSON (decimal strings, camelCase), so
/// that they can be read back through ``CheckInput`` — the one validator of the contract.
enum EngineDocuments {
    static func decimal(_ value: some FixedPointDecimal) -> JSONValue { .string(value.description) }

    /// A `markets[i]` object.
    static func market(_ market: Market) -> JSONValue {
        .object([
            "symbol": .string(market.symbol), "tickSize": decimal(market.tickSize), "lotSize": decimal(market.lotSize),
            "minOrderSize": decimal(market.minOrderSize), "liquidationFeeRate": decimal(market.liquidationFeeRate),
            "takerFeeRate": decimal(market.takerFeeRate),
            "riskTiers": .array(market.riskTiers.tiers.map { tier in
                var fields: [String: JSONValue] = [
                    "maintenanceMarginRate": decimal(tier.maintenanceMarginRate), "maintenanceAmount": decimal(tier.maintenanceAmount),
                    "maxLeverage": decimal(tier.maxLeverage),
                ]
                if let cap = tier.notionalCap { fields["notionalCap"] = decimal(cap) }
                return .object(fields)
            }),
        ])
    }

    /// An `accounts[i]` object.
    static func account(_ account: Account) -> JSONValue {
        .object([
            "id": .string(account.id), "marginMode": .string(account.marginMode.rawValue), "walletBalance": decimal(account.walletBalance),
            "positions": .array(account.positions.map { position in
                var fields: [String: JSONValue] = [
                    "market": .string(position.market), "size": decimal(position.size), "entryPrice": decimal(position.entryPrice),
                ]
                if let margin = position.isolatedMargin { fields["isolatedMargin"] = decimal(margin) }
                if let leverage = position.leverage { fields["leverage"] = decimal(leverage) }
                return .object(fields)
            }),
            "openOrders": .array(account.openOrders.map { order in
                .object(["market": .string(order.market), "size": decimal(order.size), "price": decimal(order.price)])
            }),
        ])
    }

    /// A `check` document of the engine's markets, marks and fund, with `accounts`.
    static func checkDocument(_ engine: LiquidationEngine, accounts: [JSONValue], books: [String: JSONValue] = [:]) -> JSONValue {
        var fields: [String: JSONValue] = [
            "markets": .array(engine.markets.symbols.map { market(engine.markets[$0]!) }),
            "accounts": .array(accounts),
            "markPrices": .object(engine.marks.mapValues(decimal)),
            // `check` reads a fund up to the limit of one amount; the plan needs no more.
            "insuranceFund": .string(min(engine.insuranceFund, WideMoney(Limits.maxMoney)).description),
        ]
        if !books.isEmpty { fields["orderBooks"] = .object(books) }
        return .object(fields)
    }
}
