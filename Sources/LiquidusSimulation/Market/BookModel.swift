import Foundation
public import LiquidusBook
public import LiquidusCore

/// The simulated venue's order book of one market: the snapshots it publishes to the engine
/// every second, and how liquidations deplete it and it refills (the cascade-feedback model).
///
/// **Resting depth.** Around the exogenous price `P` each side has the levels of
/// ``BookShape/standard`` (bid `k` at `P × (1 − offsetₖ)`, ask at `P × (1 + offsetₖ)`), with a
/// baseline of `weightₖ × D₁ ÷ P₀` contracts, `D₁` the money within 1 % at the start price
/// ``Configuration/depthWithinOnePercent``. When the scenario withdraws depth to a factor `d` of
/// the ordinary book (``DepthSchedule``), level `k` keeps `1 − wₖ × (1 − d)` of its baseline, with
/// `wₖ = 1` within 1 % of the mid, falling linearly to ``Configuration/farLevelsWithdrawn`` at
/// 10 %: market makers pull the quotes near the mid first.
///
/// **Depletion and refill.** What the engine's liquidation orders take out of its copy of the
/// book (its child orders and the liquidator's unwinds fill against it) is read back after every
/// round (``absorb(_:)``) and kept as a missing quantity per level, attached to the level's
/// distance from `P` (the book moves with the price). Every second the missing quantity decays,
/// `m ← m × e^(−κ)`, κ = ``Configuration/refillRate`` (Obizhaeva–Wang resilience).
///
/// **Snapshot.** Each second the book is published as an engine `orderBook` input: prices rounded
/// onto the tick away from the mid (a bid down, an ask up), quantities `baseline × keep − missing`
/// rounded *down* onto the lot grid — the engine never sees depth the model does not hold, the
/// side that understates what liquidations can sell. Levels that round to the same tick are merged.
///
/// **Mark.** The impact mid of the current book: the average of the impact bid and impact ask,
/// the average prices of selling and of buying ``Configuration/impactFraction`` of the depth
/// within 1 % *as the schedule holds it now* (Binance's impact bid/ask of its premium index), so
/// a symmetric withdrawal leaves the mark at `P` and liquidation flow that eats one side drags
/// it; beyond the last level, an order continues on levels of the last level's size 50 bp apart.
/// Rounded to the nearest tick.
public struct BookModel: Sendable {
    /// The model's parameters.
    public struct Configuration: Sendable, Hashable {
        /// Money resting within 1 % of the price on each side of the ordinary book, at the start price.
        public var depthWithinOnePercent: Double
        /// Fraction of the missing depth refilled per second is `1 − e^(−refillRate)`.
        public var refillRate: Double
        /// The impact quantity of the mark, as a fraction of the depth within 1 % held now.
        public var impactFraction: Double
        /// The share of a withdrawal applied at 10 % from the mid (1 within 1 %).
        public var farLevelsWithdrawn: Double

        /// Creates a configuration; the defaults are a refill rate of 0.05 per second (half-life
        /// 14 s), an impact quantity of 10 % of the 1 % depth and half the withdrawal at 10 %.
        public init(depthWithinOnePercent: Double, refillRate: Double = 0.05, impactFraction: Double = 0.1, farLevelsWithdrawn: Double = 0.5) {
            self.depthWithinOnePercent = depthWithinOnePercent
            self.refillRate = refillRate
            self.impactFraction = impactFraction
            self.farLevelsWithdrawn = farLevelsWithdrawn
        }
    }

    /// The parameters.
    public let configuration: Configuration
    /// The market whose grids the snapshots follow.
    public let market: Market
    let shape: BookShape
    /// Baseline contracts per level.
    let baseline: [Double]
    /// `wₖ`: the share of a withdrawal that level `k` undergoes.
    let withdrawal: [Double]
    /// Contracts within 1 % of the mid in the ordinary book.
    let onePercent: Double
    let refillFraction: Double
    /// `1 − offsetₖ` and `1 + offsetₖ`: the bid and ask levels as factors of the price.
    let bidFactors: [Double]
    let askFactors: [Double]
    /// Scratch for the levels' prices.
    var scratch: [Price] = []
    var bids: SideState
    var asks: SideState
    /// The depth factor of the current second.
    var depthFactor = 1.0
    /// The exogenous price of the current second.
    var price: Double

    /// A full book for `market` around `startPrice`.
    public init(configuration: Configuration, market: Market, startPrice: Double, shape: BookShape = .standard) {
        self.configuration = configuration
        self.market = market
        self.shape = shape
        let onePercent = Swift.max(configuration.depthWithinOnePercent, 0) / startPrice
        self.onePercent = onePercent
        baseline = shape.weights.map { $0 * onePercent }
        withdrawal = shape.offsets.map { offset in
            offset <= 0.01 ? 1 : 1 - (1 - configuration.farLevelsWithdrawn) * Swift.min(1, (offset - 0.01) / 0.09)
        }
        refillFraction = 1 - exp(-configuration.refillRate)
        bidFactors = shape.offsets.map { 1 - $0 }
        askFactors = shape.offsets.map { 1 + $0 }
        bids = SideState(count: shape.count)
        asks = SideState(count: shape.count)
        price = startPrice
    }

    /// One second of refill: each level's missing quantity decays by `e^(−κ)`.
    /// - Complexity: O(levels).
    public mutating func refill() {
        bids.refill(keeping: 1 - refillFraction)
        asks.refill(keeping: 1 - refillFraction)
    }

    /// The book the venue publishes now, around `price` with the depth factor `depth`, as engine
    /// levels (bids, asks); remembered so that ``absorb(_:)`` can tell what the engine took.
    /// - Complexity: O(levels).
    public mutating func snapshot(price: Double, depth: Double) -> (bids: [OrderBook.Level], asks: [OrderBook.Level]) {
        self.price = price
        depthFactor = depth
        let resting = baseline.indices.map { baseline[$0] * (1 - withdrawal[$0] * (1 - depth)) }
        let tick = market.tickSize.units
        let lot = market.lotSize.units
        let ticks = price * 1e8 / Double(tick)
        let highest = Double(Limits.maxPrice.units / tick)
        scratch.removeAll(keepingCapacity: true)
        for factor in bidFactors { scratch.append(Price(units: Int64(Swift.min(Swift.max((ticks * factor).rounded(.down), 1), highest)) * tick)) }
        let bidLevels = bids.publish(resting: resting, prices: scratch, lot: lot)
        scratch.removeAll(keepingCapacity: true)
        for factor in askFactors { scratch.append(Price(units: Int64(Swift.min(Swift.max((ticks * factor).rounded(.up), 1), highest)) * tick)) }
        let askLevels = asks.publish(resting: resting, prices: scratch, lot: lot)
        return (bidLevels, askLevels)
    }

    /// Reads back what the engine's copy of the book lost to liquidation orders since the last
    /// snapshot or absorb, and records it as missing depth.
    /// - Complexity: O(levels).
    public mutating func absorb(_ book: OrderBook?) {
        bids.absorb(book?.bids ?? [], descending: true)
        asks.absorb(book?.asks ?? [], descending: false)
    }

    /// The mark: the impact mid of the book as it stands, on the nearest tick (at least one tick).
    /// - Complexity: O(levels).
    public func mark() -> Price {
        let quantity = Swift.max(configuration.impactFraction * onePercent * depthFactor, 1e-12)
        let bid = bids.averagePrice(of: quantity, fallbackUnit: baseline[baseline.count - 1], from: price, direction: -1)
        let ask = asks.averagePrice(of: quantity, fallbackUnit: baseline[baseline.count - 1], from: price, direction: 1)
        return Self.onTick((bid + ask) / 2, market.tickSize.units, .toNearestOrAwayFromZero)
    }

    /// The quantity resting on each side now, in contracts (for the report).
    public var visible: (bids: Double, asks: Double) { (bids.total, asks.total) }

    /// `value` on the tick grid in the direction `rule`, between one tick and the largest price.
    static func onTick(_ value: Double, _ tick: Int64, _ rule: FloatingPointRoundingRule) -> Price {
        let ticks = (value * 1e8 / Double(tick)).rounded(rule)
        let clamped = Swift.min(Swift.max(ticks, 1), Double(Limits.maxPrice.units / tick))
        return Price(units: Int64(clamped) * tick)
    }
}

extension BookModel {
    /// One side: the missing depth per level and what the last snapshot published.
    struct SideState: Sendable {
        /// Contracts missing per level (taken by liquidations, not yet refilled).
        var missing: [Double]
        /// The price of each level in the last snapshot (`nil` when it published nothing there).
        var prices: [Price?]
        /// The quantity each level published, as the engine holds it after the last absorb.
        var published: [Int64]

        init(count: Int) {
            missing = Array(repeating: 0, count: count)
            prices = Array(repeating: nil, count: count)
            published = Array(repeating: 0, count: count)
        }

        mutating func refill(keeping share: Double) {
            for k in missing.indices where missing[k] > 0 {
                missing[k] *= share
                if missing[k] < 1e-12 { missing[k] = 0 }
            }
        }

        /// The levels to publish: per model level `resting − missing`, rounded down onto the lot
        /// grid; levels on the same tick merged (best first, as `prices` come).
        mutating func publish(resting: [Double], prices levelPrices: [Price], lot: Int64) -> [OrderBook.Level] {
            var levels: [OrderBook.Level] = []
            levels.reserveCapacity(resting.count)
            for k in resting.indices {
                let contracts = resting[k] - missing[k]
                let lots = contracts > 0 ? (contracts * 1e8 / Double(lot)).rounded(.down) : 0
                let units = lots >= 1 && lots < Double(Limits.maxSize.units / lot) ? Int64(lots) * lot : 0
                published[k] = units
                prices[k] = units > 0 ? levelPrices[k] : nil
                guard units > 0 else { continue }
                if let last = levels.last, last.price == levelPrices[k] {
                    levels[levels.count - 1].quantity = Quantity(units: last.quantity.units + units)
                } else {
                    levels.append(OrderBook.Level(price: levelPrices[k], quantity: Quantity(units: units)))
                }
            }
            return levels
        }

        /// Compares the engine's levels of this side (best first) with what was published and
        /// adds the difference to the missing depth, touch first within a merged tick.
        mutating func absorb(_ levels: [OrderBook.Level], descending: Bool) {
            var cursor = 0
            var k = 0
            while k < prices.count {
                guard let price = prices[k] else { k += 1; continue }
                // The model levels published at this price, and the engine's quantity there.
                var end = k + 1
                while end < prices.count, prices[end] == nil || prices[end] == price { end += 1 }
                while cursor < levels.count, descending ? levels[cursor].price > price : levels[cursor].price < price { cursor += 1 }
                var held = cursor < levels.count && levels[cursor].price == price ? levels[cursor].quantity.units : 0
                for j in k..<end where prices[j] == price {
                    let kept = Swift.min(held, published[j])
                    held -= kept
                    let taken = published[j] - kept
                    if taken > 0 {
                        missing[j] += Double(taken) / 1e8
                        published[j] = kept
                    }
                }
                k = end
            }
        }

        /// The average price of an order for `quantity` contracts against this side (`direction`
        /// −1: selling into bids, +1: buying asks), continuing beyond the last published level on
        /// levels of `fallbackUnit` contracts 50 bp apart.
        func averagePrice(of quantity: Double, fallbackUnit: Double, from mid: Double, direction: Double) -> Double {
            var remaining = quantity
            var notional = 0.0
            var lastPrice = mid
            for k in prices.indices where remaining > 0 {
                guard let price = prices[k], published[k] > 0 else { continue }
                let take = Swift.min(remaining, Double(published[k]) / 1e8)
                let value = Double(price.units) / 1e8
                notional += take * value
                remaining -= take
                lastPrice = value
            }
            if remaining > 0 {
                let unit = Swift.max(fallbackUnit, 1e-12)
                let lastOffset = Swift.abs(lastPrice / mid - 1)
                let offset = Swift.min(0.5, lastOffset + 0.005 * (1 + remaining / unit) / 2)
                notional += remaining * mid * (1 + direction * offset)
            }
            return notional / quantity
        }

        /// Contracts published and still held.
        var total: Double { Double(published.reduce(0, +)) / 1e8 }
    }
}
