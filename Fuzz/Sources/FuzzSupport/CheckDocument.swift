import LiquidusBook
import LiquidusCore

/// A `check` document (see `../shared/docs/check-format.md`) decoded from the fuzzer's bytes:
/// one to four markets, up to four accounts, cross and isolated, marks, books, a fund and a
/// policy, written as JSON text.
public enum CheckDocument {
    /// The document the bytes describe.
    public static func generate(_ source: ByteSource) -> String {
        var generator = BookGenerator(source)
        var markets: [Market] = []
        for index in 0..<generator.source.int(below: 4) + 1 {
            if let market = generator.market("M\(index)USD") { markets.append(market) }
        }
        var marks: [String: Price] = [:]
        for market in markets where generator.source.chance(97) { marks[market.symbol] = generator.price(market, onGrid: false) }
        var accounts: [String] = []
        for index in 0..<generator.source.int(below: 4) + 1 {
            let mode: MarginMode = generator.source.chance(50) ? .cross : .isolated
            let positions = generator.positions(mode, markets: markets, marks: marks)
            let orders = generator.orders(markets: markets, marks: marks)
            let wallet = generator.wallet(mode, positions, markets: markets, marks: marks)
            accounts.append(account("a\(index)", mode, wallet, positions, orders))
        }
        var books: [String] = []
        for market in markets where generator.source.chance(40) {
            let (bids, asks) = generator.book(market, around: marks[market.symbol] ?? market.tickSize)
            books.append("\(quoted(market.symbol)): {\"bids\": \(levels(bids)), \"asks\": \(levels(asks))}")
        }
        var fields = [
            "\"markets\": [\(markets.map(Self.market).joined(separator: ", "))]",
            "\"accounts\": [\(accounts.joined(separator: ", "))]",
            "\"markPrices\": {\(marks.keys.sorted().map { "\(quoted($0)): \(quoted(marks[$0]!))" }.joined(separator: ", "))}",
        ]
        if !books.isEmpty { fields.append("\"orderBooks\": {\(books.joined(separator: ", "))}") }
        if generator.source.chance(60) { fields.append("\"insuranceFund\": \(quoted(generator.money()))") }
        if generator.source.chance(80) { fields.append("\"policy\": \(policy(generator.policy()))") }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    static func quoted(_ value: some CustomStringConvertible) -> String { "\"\(value)\"" }

    static func market(_ market: Market) -> String {
        let tiers = market.riskTiers.tiers.map { tier in
            var fields = [
                "\"maintenanceMarginRate\": \(quoted(tier.maintenanceMarginRate))", "\"maintenanceAmount\": \(quoted(tier.maintenanceAmount))",
                "\"maxLeverage\": \(quoted(tier.maxLeverage))",
            ]
            if let cap = tier.notionalCap { fields.append("\"notionalCap\": \(quoted(cap))") }
            return "{" + fields.joined(separator: ", ") + "}"
        }
        return """
            {"symbol": \(quoted(market.symbol)), "tickSize": \(quoted(market.tickSize)), "lotSize": \(quoted(market.lotSize)), \
            "minOrderSize": \(quoted(market.minOrderSize)), "riskTiers": [\(tiers.joined(separator: ", "))], \
            "liquidationFeeRate": \(quoted(market.liquidationFeeRate)), "takerFeeRate": \(quoted(market.takerFeeRate))}
            """
    }

    static func account(_ id: String, _ mode: MarginMode, _ wallet: Money, _ positions: [Position], _ orders: [OpenOrder]) -> String {
        let positionTexts = positions.map { position in
            var fields = ["\"market\": \(quoted(position.market))", "\"size\": \(quoted(position.size))", "\"entryPrice\": \(quoted(position.entryPrice))"]
            if let margin = position.isolatedMargin { fields.append("\"isolatedMargin\": \(quoted(margin))") }
            if let leverage = position.leverage { fields.append("\"leverage\": \(quoted(leverage))") }
            return "{" + fields.joined(separator: ", ") + "}"
        }
        let orderTexts = orders.map { "{\"market\": \(quoted($0.market)), \"size\": \(quoted($0.size)), \"price\": \(quoted($0.price))}" }
        return """
            {"id": \(quoted(id)), "marginMode": \(quoted(mode.rawValue)), "walletBalance": \(quoted(wallet)), \
            "positions": [\(positionTexts.joined(separator: ", "))], "openOrders": [\(orderTexts.joined(separator: ", "))]}
            """
    }

    static func levels(_ levels: [OrderBook.Level]) -> String {
        "[" + levels.map { "[\(quoted($0.price)), \(quoted($0.quantity))]" }.joined(separator: ", ") + "]"
    }

    static func policy(_ policy: PolicySpecification) -> String {
        switch policy {
        case .restoreMarginRatio(let target, let buffer):
            "{\"kind\": \"restoreMarginRatio\", \"targetMarginRatio\": \(quoted(target)), \"buffer\": \(quoted(buffer))}"
        case .stepDownTier: "{\"kind\": \"stepDownTier\"}"
        case .fixedFraction(let fraction, let cooldown, let fullBelow):
            "{\"kind\": \"fixedFraction\", \"fraction\": \(quoted(fraction)), \"cooldownSeconds\": \(quoted(cooldown)), \"fullBelowNotional\": \(quoted(fullBelow))}"
        case .incremental(let chunk, let interval):
            "{\"kind\": \"incremental\", \"chunk\": \(quoted(chunk)), \"intervalSeconds\": \(quoted(interval))}"
        case .portionPerInterval(let portion, let minimum, let cap, let interval):
            "{\"kind\": \"portionPerInterval\", \"portion\": \(quoted(portion)), \"minNotional\": \(quoted(minimum)), \"accountCapPerInterval\": \(quoted(cap)), \"intervalSeconds\": \(quoted(interval))}"
        case .full: "{\"kind\": \"full\"}"
        }
    }
}
