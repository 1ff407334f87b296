public import LiquidusBook
public import LiquidusCore

/// Markets, accounts, marks and books decoded from the fuzzer's bytes: valid most of the time
/// (so that the engine's deeper paths are reached), with the extreme values `Limits` allows —
/// ticks and lots from 10⁻⁸ to 10⁹, prices near the tick and near 10⁹, notionals near 10¹⁰,
/// tiny and huge wallets, many tiers — and, now and then, a value just outside them.
public struct BookGenerator {
    /// The choices.
    public var source: ByteSource

    /// A generator over `source`.
    public init(_ source: ByteSource) { self.source = source }

    /// A power of ten in units, from 10⁻⁸ to 10⁹, or now and then any value up to `max`.
    mutating func grid(upTo max: Int64) -> Int64 {
        if source.chance(15) { return source.units(upTo: max) }
        var value: Int64 = 1
        for _ in 0..<source.int(below: 18) where value <= max / 10 { value *= 10 }
        return value
    }

    /// A market named `symbol`: grids, 1 to 6 continuous tiers (now and then up to 12), fees.
    /// `nil` when the drawn figures are not a valid market (the caller may send them anyway as
    /// raw input; here they are dropped).
    public mutating func market(_ symbol: String) -> Market? {
        let tick = Price(units: grid(upTo: Limits.maxPrice.units))
        let lot = Quantity(units: grid(upTo: Limits.maxSize.units))
        let count = source.chance(10) ? source.int(below: 12) + 1 : source.int(below: 6) + 1
        var tiers: [RiskTier] = []
        var rate = Rate(units: source.units(upTo: 20_000_000))
        var cap = Money(units: source.units(upTo: Limits.maxMoney.units / 4))
        for index in 0..<count {
            let last = index == count - 1
            let leverage = Self.leverage(below: rate, wish: source.pick([1, 2, 5, 10, 20, 50, 100, 125, 200, 1000, 10_000]))
            let amount = tiers.last.map { RiskTierTable.continuousAmount(after: $0, rate: rate) } ?? (source.chance(20) ? Money(units: source.units(upTo: 1_000_000_000)) : .zero)
            let bounded = !last || source.chance(30)
            tiers.append(RiskTier(notionalCap: bounded ? cap : nil, maintenanceMarginRate: rate, maintenanceAmount: amount, maxLeverage: leverage))
            let step = Money(units: source.units(upTo: Swift.max(1, (Limits.maxMoney.units - cap.units) / 2)))
            cap = Money(units: Swift.min(Limits.maxMoney.units, cap.units + step.units))
            rate = Rate(units: Swift.min(FixedPoint.scale - 1, rate.units + source.units(upTo: 10_000_000)))
        }
        let fee = source.chance(10) ? source.fraction() : Rate(units: source.pick([0, 5_000, 50_000, 100_000, 500_000, 1_000_000, 1_250_000, 2_000_000]))
        return try? Market(
            symbol: symbol, tickSize: tick, lotSize: lot, minOrderSize: source.chance(10) ? Quantity(units: lot.units * 2) : nil,
            riskTiers: tiers, liquidationFeeRate: fee, takerFeeRate: Rate(units: source.pick([0, 20_000, 50_000])))
    }

    /// The highest whole leverage of at most `wish` (and 10,000) with `rate × leverage < 1`, ≥ 1.
    static func leverage(below rate: Rate, wish: Int64) -> Rate {
        let ceiling = (FixedPoint.scale * FixedPoint.scale - 1) / rate.units / FixedPoint.scale  // ⌊(1 − ε) ÷ rate⌋
        return Rate(units: Swift.max(1, Swift.min(wish, 10_000, ceiling)) * FixedPoint.scale)
    }

    /// A price for `market`: near the tick, near 10⁹, or in between; off the tick grid when
    /// `onGrid` is `false` (marks and entries need not lie on it).
    public mutating func price(_ market: Market, onGrid: Bool) -> Price {
        if onGrid { return source.positive(upTo: Limits.maxPrice, step: market.tickSize) }
        return source.chance(50) ? source.positive(upTo: Limits.maxPrice, step: market.tickSize) : source.positive(upTo: Limits.maxPrice)
    }

    /// A size on `market`'s lot grid whose notional at each of `prices` stays within
    /// ``Limits/maxMoney`` (unless the bytes ask to go beyond), signed by the next choice.
    public mutating func size(_ market: Market, at prices: [Price]) -> Quantity {
        let highest = prices.map(\.units).max() ?? FixedPoint.scale
        let limit = source.chance(3)
            ? Limits.maxSize.units
            : Int64(clamping: Swift.min(Int128(Limits.maxSize.units), Int128(Limits.maxMoney.units) * FixedPoint.wideScale / Int128(highest)))
        let lots = limit >= market.lotSize.units ? source.steps(of: market.lotSize.units, upTo: limit) : 1
        let units = lots * market.lotSize.units
        return Quantity(units: source.chance(50) ? units : -units)
    }

    /// An amount of money: tiny, ordinary or near the limit; negative when `signed` and the
    /// bytes say so.
    public mutating func money(signed: Bool = false, upTo max: Money = Limits.maxMoney) -> Money {
        let amount = Money(units: source.units(upTo: max.units))
        return signed && source.chance(20) ? -amount : amount
    }

    /// The positions of an account in `mode` over `markets` at `marks`: up to four, in distinct
    /// markets (now and then the same one twice), with isolated margins in an isolated account.
    public mutating func positions(_ mode: MarginMode, markets: [Market], marks: [String: Price]) -> [Position] {
        guard !markets.isEmpty else { return [] }
        var positions: [Position] = []
        var budget = Int128(Limits.maxMoney.units)
        for _ in 0..<source.int(below: Swift.min(4, markets.count) + 1) {
            let market = source.pick(markets)
            guard source.chance(95) ? !positions.contains(where: { $0.market == market.symbol }) : true else { continue }
            let entry = price(market, onGrid: false)
            let mark = marks[market.symbol] ?? entry
            let size = self.size(market, at: [entry, mark])
            let notional = Int128(size.units.magnitude) * Int128(Swift.max(entry, mark).units) / FixedPoint.wideScale
            if notional > budget, source.chance(90) { continue }
            budget -= notional
            let margin = mode == .isolated ? money(upTo: Money(units: Swift.max(1, Limits.maxMoney.units / 8))) : nil
            let leverage = source.chance(15) ? Rate(units: Swift.max(FixedPoint.scale, source.units(upTo: market.riskTiers.tiers[0].maxLeverage.units))) : nil
            positions.append(Position(market: market.symbol, size: size, entryPrice: entry, isolatedMargin: margin, leverage: leverage))
        }
        return positions
    }

    /// A wallet for an account of `positions` in `mode`: now and then any amount; for a cross
    /// account, mostly one that puts it just above maintenance at `marks` (its maintenance less
    /// its PnL, plus 0–50 % of the maintenance), so that small mark moves liquidate it partially.
    public mutating func wallet(_ mode: MarginMode, _ positions: [Position], markets: [Market], marks: [String: Price]) -> Money {
        guard mode == .cross, !positions.isEmpty, source.chance(70),
              let account = try? Account(id: "w", marginMode: mode, walletBalance: .zero, positions: positions, markets: MarketCatalog(markets)),
              let margin = try? account.margin(markets: MarketCatalog(markets), marks: marks, liquidationPrices: false)
        else { return money(signed: mode == .cross) }
        let needed = Int128(margin.maintenanceMargin.units) - Int128(margin.equity.units)
        let cushion = Int128(margin.maintenanceMargin.units) * Int128(source.int(below: 51)) / 100
        return Money(units: Int64(clamping: needed + cushion))
    }

    /// Up to two resting orders on the tick and lot grids.
    public mutating func orders(markets: [Market], marks: [String: Price]) -> [OpenOrder] {
        guard !markets.isEmpty, source.chance(30) else { return [] }
        return (0..<source.int(below: 2) + 1).map { _ in
            let market = source.pick(markets)
            let price = self.price(market, onGrid: true)
            return OpenOrder(market: market.symbol, size: size(market, at: [price]), price: price)
        }
    }

    /// A visible book around `mark`: up to five levels a side on the grids, bids below asks.
    public mutating func book(_ market: Market, around mark: Price) -> (bids: [OrderBook.Level], asks: [OrderBook.Level]) {
        let tick = market.tickSize.units
        let touch = Swift.max(tick, mark.units / tick * tick)
        var bids: [OrderBook.Level] = []
        var asks: [OrderBook.Level] = []
        var bid = touch - (source.chance(50) ? tick : 0)
        var ask = touch + tick
        for _ in 0..<source.int(below: 6) {
            guard bid > 0 else { break }
            bids.append(OrderBook.Level(price: Price(units: bid), quantity: levelQuantity(market, at: bid)))
            bid -= tick * Int64(source.int(below: 4) + 1)
        }
        for _ in 0..<source.int(below: 6) {
            guard ask <= Limits.maxPrice.units else { break }
            asks.append(OrderBook.Level(price: Price(units: ask), quantity: levelQuantity(market, at: ask)))
            ask += tick * Int64(source.int(below: 4) + 1)
        }
        return (bids, asks)
    }

    private mutating func levelQuantity(_ market: Market, at price: Int64) -> Quantity {
        let limit = Int64(clamping: Swift.min(Int128(Limits.maxSize.units), Int128(Limits.maxMoney.units) * FixedPoint.wideScale / Int128(price)))
        return Quantity(units: (limit >= market.lotSize.units ? source.steps(of: market.lotSize.units, upTo: limit) : 1) * market.lotSize.units)
    }

    /// A partial-liquidation policy with parameters in the ranges `check` accepts.
    public mutating func policy() -> PolicySpecification {
        switch source.int(below: 6) {
        case 0:
            let target = Rate(units: source.units(upTo: FixedPoint.scale))
            return .restoreMarginRatio(target: target, buffer: Rate(units: source.int(below: 2) == 0 ? 0 : source.units(upTo: target.units) - 1))
        case 1: return .stepDownTier
        case 2:
            return .fixedFraction(fraction: source.fraction(), cooldownSeconds: Int64(source.int(below: 120)), fullBelowNotional: money(upTo: Money(1_000_000)))
        case 3: return .incremental(chunk: source.fraction(), intervalSeconds: Int64(source.int(below: 120)))
        case 4:
            return .portionPerInterval(
                portion: source.fraction(), minNotional: money(upTo: Money(100_000)), accountCapPerInterval: money(upTo: Money(10_000_000)),
                intervalSeconds: Int64(source.int(below: 120)))
        default: return .full
        }
    }
}
