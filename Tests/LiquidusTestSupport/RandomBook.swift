public import LiquidusCore
public import LiquidusRandom

/// A random valid book — one to four markets, a few cross and isolated accounts, marks, now and
/// then visible depth — with the extreme values ``LiquidusCore/Limits`` allows: ticks and lots
/// from 10⁻⁸ to 10⁹, prices near the tick and near 10⁹, notionals and collateral near 10¹⁰,
/// tiny wallets, up to eight tiers. Every value is within the limits and on its grid, so `check`
/// must accept the book; what it may refuse is only a figure derived from several values that
/// does not fit (code `overflow`).
public struct RandomBook: Sendable {
    /// The markets.
    public var markets: [Market]
    /// A mark for each market.
    public var marks: [String: Price]
    /// The accounts.
    public var accounts: [Account]
    /// Visible depth by market: bids best first, asks best first.
    public var books: [String: (bids: [(Price, Quantity)], asks: [(Price, Quantity)])]
    /// The insurance fund, if given.
    public var fund: Money?

    /// A book drawn from `random`.
    public init(using random: inout SeededGenerator) {
        var markets: [Market] = []
        var marks: [String: Price] = [:]
        while markets.count < Int.random(in: 1...4, using: &random) {
            let market = Self.market("M\(markets.count)USD", using: &random)
            markets.append(market)
            marks[market.symbol] = Self.price(using: &random)
        }
        let catalog = MarketCatalog(markets)
        var accounts: [Account] = []
        for index in 0..<Int.random(in: 1...4, using: &random) {
            if let account = Self.account("a\(index)", markets: markets, marks: marks, catalog: catalog, using: &random) {
                accounts.append(account)
            }
        }
        var books: [String: (bids: [(Price, Quantity)], asks: [(Price, Quantity)])] = [:]
        for market in markets where Bool.random(using: &random) {
            books[market.symbol] = Self.depth(market, around: marks[market.symbol] ?? market.tickSize, using: &random)
        }
        self.markets = markets
        self.marks = marks
        self.accounts = accounts
        self.books = books
        fund = Bool.random(using: &random) ? Money(units: Self.magnitude(upTo: Limits.maxMoney.units, using: &random)) : nil
    }

    /// A count of units in `1...max`, log-uniform: as likely near 1 as near `max`, and now and
    /// then exactly one of the two.
    public static func magnitude(upTo max: Int64, using random: inout SeededGenerator) -> Int64 {
        switch Int.random(in: 0..<10, using: &random) {
        case 0: return 1
        case 1: return max
        default:
            let digits = Double.random(in: 0...Double(String(max).count), using: &random)
            var value: Double = 1
            for _ in 0..<Int(digits) { value *= 10 }
            value *= 1 + Double.random(in: 0..<9, using: &random)
            return Swift.min(max, Swift.max(1, Int64(Swift.min(value, Double(max)))))
        }
    }

    /// A power of ten from 10⁻⁸ to 10⁹ (in units).
    static func gridStep(using random: inout SeededGenerator) -> Int64 {
        var step: Int64 = 1
        for _ in 0..<Int.random(in: 0...17, using: &random) { step *= 10 }
        return step
    }

    /// A price in (0, 10⁹]: near a tick of 10⁻⁸, near 10⁹, or in between.
    static func price(using random: inout SeededGenerator) -> Price {
        Price(units: magnitude(upTo: Limits.maxPrice.units, using: &random))
    }

    static func market(_ symbol: String, using random: inout SeededGenerator) -> Market {
        var tiers: [RiskTier] = []
        var rate = Rate(units: magnitude(upTo: 10_000_000, using: &random))
        var cap = Money(units: magnitude(upTo: Limits.maxMoney.units / 16, using: &random))
        let count = Int.random(in: 1...8, using: &random)
        for index in 0..<count {
            let ceiling = (FixedPoint.scale * FixedPoint.scale - 1) / rate.units / FixedPoint.scale
            let leverage = Rate(units: Swift.max(1, Swift.min(Int64.random(in: 1...125, using: &random), 10_000, ceiling)) * FixedPoint.scale)
            let amount = tiers.last.map { RiskTierTable.continuousAmount(after: $0, rate: rate) } ?? .zero
            let last = index == count - 1 || cap >= Limits.maxMoney
            tiers.append(RiskTier(notionalCap: last ? nil : cap, maintenanceMarginRate: rate, maintenanceAmount: amount, maxLeverage: leverage))
            if last { break }
            cap = Money(units: Swift.min(Limits.maxMoney.units, cap.units * 2 + 1))
            rate = Rate(units: Swift.min(FixedPoint.scale - 1, rate.units + magnitude(upTo: 5_000_000, using: &random)))
        }
        // Valid by construction: the only way it can fail is a defect in this generator.
        return try! Market(
            symbol: symbol, tickSize: Price(units: gridStep(using: &random)), lotSize: Quantity(units: gridStep(using: &random)),
            riskTiers: tiers, liquidationFeeRate: Rate(units: Int64.random(in: 0...2_000_000, using: &random)),
            takerFeeRate: Rate(units: 50_000))
    }

    /// An account over `markets` within every limit, or `nil` when the draw does not fit one
    /// (a lot too large for any notional at these prices).
    static func account(
        _ id: String, markets: [Market], marks: [String: Price], catalog: MarketCatalog, using random: inout SeededGenerator
    ) -> Account? {
        let mode: MarginMode = Bool.random(using: &random) ? .cross : .isolated
        var budget = Limits.maxMoney.units  // total notional left, in money units
        var collateral = Limits.maxMoney.units  // wallet plus isolated margins left
        var positions: [Position] = []
        for market in markets.shuffled(using: &random).prefix(Int.random(in: 0...markets.count, using: &random)) {
            let entry = price(using: &random)
            let highest = Int128(Swift.max(entry, marks[market.symbol] ?? entry).units)
            // The most lots whose notional at the higher of entry and mark stays within the budget.
            let room = Int128(budget) * FixedPoint.wideScale / highest
            let lots = Swift.min(room, Int128(Limits.maxSize.units)) / Int128(market.lotSize.units)
            guard lots >= 1 else { continue }
            let size = Int64(magnitude(upTo: Int64(Swift.min(lots, Int128(Int64.max))), using: &random)) * market.lotSize.units
            budget -= Int64((Int128(size) * highest + FixedPoint.wideScale - 1) / FixedPoint.wideScale)
            var margin: Money?
            if mode == .isolated {
                let amount = magnitude(upTo: Swift.max(1, collateral / 2), using: &random)
                collateral -= amount
                margin = Money(units: amount)
            }
            let leverage = Int.random(in: 0..<5, using: &random) == 0 ? Rate(units: FixedPoint.scale) : nil
            positions.append(Position(
                market: market.symbol, size: Quantity(units: Bool.random(using: &random) ? size : -size), entryPrice: entry,
                isolatedMargin: margin, leverage: leverage))
        }
        let wallet = magnitude(upTo: Swift.max(1, collateral), using: &random)
        let signed = mode == .cross && !positions.isEmpty && Bool.random(using: &random) ? -wallet : wallet
        return try? Account(id: id, marginMode: mode, walletBalance: Money(units: signed), positions: positions, markets: catalog)
    }

    static func depth(_ market: Market, around mark: Price, using random: inout SeededGenerator) -> (bids: [(Price, Quantity)], asks: [(Price, Quantity)]) {
        let tick = market.tickSize.units
        let touch = Swift.max(tick, mark.units / tick * tick)
        func quantity(at price: Int64) -> Quantity? {
            let room = Int128(Limits.maxMoney.units) * FixedPoint.wideScale / Int128(price)
            let lots = Swift.min(room, Int128(Limits.maxSize.units)) / Int128(market.lotSize.units)
            guard lots >= 1 else { return nil }
            return Quantity(units: magnitude(upTo: Int64(lots), using: &random) * market.lotSize.units)
        }
        var bids: [(Price, Quantity)] = []
        var asks: [(Price, Quantity)] = []
        var bid = touch - tick
        var ask = touch
        for _ in 0..<Int.random(in: 0...5, using: &random) where bid > 0 {
            if let size = quantity(at: bid) { bids.append((Price(units: bid), size)) }
            bid -= tick * Int64.random(in: 1...3, using: &random)
        }
        for _ in 0..<Int.random(in: 0...5, using: &random) where ask <= Limits.maxPrice.units {
            if let size = quantity(at: ask) { asks.append((Price(units: ask), size)) }
            ask += tick * Int64.random(in: 1...3, using: &random)
        }
        return (bids, asks)
    }

    /// The book as a `check` document (see `../shared/docs/check-format.md`).
    public var checkDocument: String {
        func quoted(_ value: some CustomStringConvertible) -> String { "\"\(value)\"" }
        let marketTexts = markets.map { market in
            let tiers = market.riskTiers.tiers.map { tier in
                "{\"maintenanceMarginRate\": \(quoted(tier.maintenanceMarginRate)), \"maintenanceAmount\": \(quoted(tier.maintenanceAmount)), "
                    + "\"maxLeverage\": \(quoted(tier.maxLeverage))" + (tier.notionalCap.map { ", \"notionalCap\": \(quoted($0))" } ?? "") + "}"
            }
            return "{\"symbol\": \(quoted(market.symbol)), \"tickSize\": \(quoted(market.tickSize)), \"lotSize\": \(quoted(market.lotSize)), "
                + "\"riskTiers\": [\(tiers.joined(separator: ", "))], \"liquidationFeeRate\": \(quoted(market.liquidationFeeRate)), "
                + "\"takerFeeRate\": \(quoted(market.takerFeeRate))}"
        }
        let accountTexts = accounts.map { account in
            let positions = account.positions.map { position in
                "{\"market\": \(quoted(position.market)), \"size\": \(quoted(position.size)), \"entryPrice\": \(quoted(position.entryPrice))"
                    + (position.isolatedMargin.map { ", \"isolatedMargin\": \(quoted($0))" } ?? "")
                    + (position.leverage.map { ", \"leverage\": \(quoted($0))" } ?? "") + "}"
            }
            return "{\"id\": \(quoted(account.id)), \"marginMode\": \(quoted(account.marginMode.rawValue)), "
                + "\"walletBalance\": \(quoted(account.walletBalance)), \"positions\": [\(positions.joined(separator: ", "))]}"
        }
        let markTexts = marks.keys.sorted().map { "\(quoted($0)): \(quoted(marks[$0]!))" }
        let bookTexts = books.keys.sorted().map { symbol in
            let (bids, asks) = books[symbol]!
            func levels(_ levels: [(Price, Quantity)]) -> String { "[" + levels.map { "[\(quoted($0.0)), \(quoted($0.1))]" }.joined(separator: ", ") + "]" }
            return "\(quoted(symbol)): {\"bids\": \(levels(bids)), \"asks\": \(levels(asks))}"
        }
        var fields = [
            "\"markets\": [\(marketTexts.joined(separator: ", "))]", "\"accounts\": [\(accountTexts.joined(separator: ", "))]",
            "\"markPrices\": {\(markTexts.joined(separator: ", "))}",
        ]
        if !bookTexts.isEmpty { fields.append("\"orderBooks\": {\(bookTexts.joined(separator: ", "))}") }
        if let fund { fields.append("\"insuranceFund\": \(quoted(fund))") }
        return "{" + fields.joined(separator: ", ") + "}"
    }
}
