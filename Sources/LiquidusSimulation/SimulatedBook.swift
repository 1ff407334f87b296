import Foundation
public import LiquidusBook
public import LiquidusCore

/// A simulated order book around the exogenous price, whose depth liquidations consume and which
/// refills toward its baseline at a constant rate: the cascade-feedback model.
///
/// **Shape.** Each side has `levels` price levels at `halfSpread + k × step` (fractions of the
/// exogenous price `P`, k = 0, 1, …), so the bid at level k is `P × (1 − offset_k)` and the ask
/// `P × (1 + offset_k)`. The baseline quantity at level k is `q₀ × (1 + k ÷ 10)` contracts (books
/// are thicker away from the touch), with `q₀` chosen so that the depth within 1 % of `P` is
/// ``Configuration/depthWithinOnePercent`` (in money at the starting price).
///
/// **Consumption.** A liquidation sell of `Q` walks the bids from the touch outward exactly as
/// `OrderBook.walk(side:quantity:limit:)` does, taking `min(remaining, level)` at each level; beyond
/// the last level the remainder fills at one more `step` per last-level quantity (a linear
/// extension, which later orders continue from where earlier ones left it). A buy walks the asks.
///
/// **Refill (resilience).** Every second each level's remaining quantity moves toward its baseline:
/// `r ← r + (base − r)·(1 − e^(−κ))` with κ = ``Configuration/refillRate`` per second (half-life
/// `ln 2 ÷ κ`), as in Obizhaeva–Wang's transient-impact model.
///
/// **Mark.** The book's displacement `D` is how far the depleted book's impact mid has moved
/// from a full book's: the impact bid (impact ask) is the average price of selling (buying)
/// ``Configuration/impactQuantityFraction`` of the 1 % depth, as Binance's impact bid/ask price
/// of its premium index, and `D = (mid_now − mid_full) ÷ P`. The mark is `P × (1 + D)`: flow
/// that eats the bids drags the mark down until the depth comes back.
public struct SimulatedBook: Sendable {
    /// The model's parameters.
    public struct Configuration: Sendable, Hashable {
        /// Money resting within 1 % of the price on each side, at the starting price.
        public var depthWithinOnePercent: Double
        /// Fraction of the baseline refilled per second is `1 − e^(−refillRate)`.
        public var refillRate: Double
        /// Half the spread, as a fraction of the price.
        public var halfSpread: Double
        /// Distance between levels, as a fraction of the price.
        public var step: Double
        /// Levels per side.
        public var levels: Int
        /// The impact quantity of the mark, as a fraction of the 1 % depth.
        public var impactQuantityFraction: Double

        /// Creates a configuration; the defaults are a 1 bp half-spread, 5 bp levels, 60 levels
        /// (3 % deep), a refill rate of 0.05 per second (half-life 14 s) and an impact quantity
        /// of 10 % of the 1 % depth.
        public init(
            depthWithinOnePercent: Double, refillRate: Double = 0.05, halfSpread: Double = 0.0001,
            step: Double = 0.0005, levels: Int = 60, impactQuantityFraction: Double = 0.1
        ) {
            self.depthWithinOnePercent = depthWithinOnePercent
            self.refillRate = refillRate
            self.halfSpread = halfSpread
            self.step = step
            self.levels = levels
            self.impactQuantityFraction = impactQuantityFraction
        }
    }

    /// The parameters.
    public let configuration: Configuration
    /// Level offsets from the price, touch first.
    let offsets: [Double]
    /// Baseline quantity per level (contracts).
    let baseline: [Double]
    /// Remaining quantity per level: bids and asks.
    var bids: [Double]
    var asks: [Double]
    /// Quantity taken beyond the last level (the linear extension), refilled like the levels.
    var bidOverflow = 0.0
    var askOverflow = 0.0
    /// `true` while some level is below its baseline.
    var depleted = false
    let impactQuantity: Double
    let refillFraction: Double
    /// The impact offset of a full book.
    let fullImpactOffset: Double

    /// A full book for a market whose price starts at `startPrice`.
    public init(configuration: Configuration, startPrice: Double) {
        self.configuration = configuration
        let count = Swift.max(1, configuration.levels)
        offsets = (0..<count).map { configuration.halfSpread + Double($0) * configuration.step }
        let shape = (0..<count).map { 1 + Double($0) / 10 }
        let withinOnePercent = zip(offsets, shape).filter { $0.0 <= 0.01 + 1e-12 }.reduce(0) { $0 + $1.1 }
        let contracts = configuration.depthWithinOnePercent / startPrice
        let q0 = contracts / Swift.max(withinOnePercent, 1)
        baseline = shape.map { $0 * q0 }
        bids = baseline
        asks = baseline
        impactQuantity = Swift.max(contracts * configuration.impactQuantityFraction, 1e-12)
        refillFraction = 1 - exp(-configuration.refillRate)
        fullImpactOffset = Self.averageOffset(selling: impactQuantity, levels: baseline, offsets: offsets, step: configuration.step, unit: baseline[count - 1])
    }

    /// One second of refill toward the baseline.
    /// - Complexity: O(levels) when depleted, O(1) otherwise.
    public mutating func refill() {
        guard depleted else { return }
        var still = false
        bidOverflow *= 1 - refillFraction
        askOverflow *= 1 - refillFraction
        if bidOverflow < 1e-12 { bidOverflow = 0 } else { still = true }
        if askOverflow < 1e-12 { askOverflow = 0 } else { still = true }
        for k in baseline.indices {
            bids[k] += (baseline[k] - bids[k]) * refillFraction
            asks[k] += (baseline[k] - asks[k]) * refillFraction
            if baseline[k] - bids[k] > baseline[k] * 1e-9 || baseline[k] - asks[k] > baseline[k] * 1e-9 { still = true }
        }
        if !still {
            bids = baseline
            asks = baseline
            bidOverflow = 0
            askOverflow = 0
        }
        depleted = still
    }

    /// The displacement `D` of the impact mid from a full book's, as a fraction of the price
    /// (negative when the bids are depleted more than the asks).
    /// - Complexity: O(levels).
    public var displacement: Double {
        guard depleted else { return 0 }
        let unit = baseline[baseline.count - 1]
        let bid = Self.averageOffset(selling: impactQuantity, levels: bids, offsets: offsets, step: configuration.step, unit: unit, overflow: bidOverflow)
        let ask = Self.averageOffset(selling: impactQuantity, levels: asks, offsets: offsets, step: configuration.step, unit: unit, overflow: askOverflow)
        // impact bid = P(1 − bid), impact ask = P(1 + ask); mid − full mid = P(ask − bid) ÷ 2
        // (a full book's bid and ask offsets are equal, so they cancel).
        return ((ask - fullImpactOffset) - (bid - fullImpactOffset)) / 2
    }

    /// The average price, as a fraction of the price `P`, of an order of `side` for `quantity`
    /// contracts on the current book: `1 − offset` for a sell, `1 + offset` for a buy.
    /// - Complexity: O(levels consumed).
    public func averagePriceFactor(_ side: OrderSide, quantity: Double) -> Double {
        let levels = side == .sell ? bids : asks
        let offset = Self.averageOffset(
            selling: quantity, levels: levels, offsets: offsets, step: configuration.step, unit: baseline[baseline.count - 1],
            overflow: side == .sell ? bidOverflow : askOverflow)
        return side == .sell ? 1 - offset : 1 + offset
    }

    /// Consumes `quantity` contracts with an order of `side` (a sell eats bids) and returns the
    /// average price factor it filled at (see ``averagePriceFactor(_:quantity:)``).
    /// - Complexity: O(levels consumed).
    @discardableResult
    public mutating func consume(_ side: OrderSide, quantity: Double) -> Double {
        guard quantity > 0 else { return 1 }
        let factor = averagePriceFactor(side, quantity: quantity)
        var remaining = quantity
        if side == .sell {
            for k in bids.indices where remaining > 0 {
                let take = Swift.min(remaining, bids[k])
                bids[k] -= take
                remaining -= take
            }
            bidOverflow += remaining
        } else {
            for k in asks.indices where remaining > 0 {
                let take = Swift.min(remaining, asks[k])
                asks[k] -= take
                remaining -= take
            }
            askOverflow += remaining
        }
        depleted = true
        return factor
    }

    /// The book as an `OrderBook` of `market` around `price` (levels rounded onto the grids:
    /// prices away from the mid, quantities down), for inspection and for checking the walk.
    public func orderBook(market: Market, around price: Double) throws(ValidationError) -> OrderBook {
        func level(_ offset: Double, _ quantity: Double, bid: Bool) -> OrderBook.Level? {
            let tick = Double(market.tickSize.units)
            let raw = price * (bid ? 1 - offset : 1 + offset) * 1e8 / tick
            let ticks = bid ? raw.rounded(.down) : raw.rounded(.up)
            let lots = (quantity * 1e8 / Double(market.lotSize.units)).rounded(.down)
            guard ticks >= 1, lots >= 1 else { return nil }
            return OrderBook.Level(price: Price(units: Int64(ticks) * market.tickSize.units), quantity: Quantity(units: Int64(lots) * market.lotSize.units))
        }
        var bidLevels: [OrderBook.Level] = []
        var askLevels: [OrderBook.Level] = []
        var seenBid = Set<Int64>()
        var seenAsk = Set<Int64>()
        for k in offsets.indices {
            if let l = level(offsets[k], bids[k], bid: true), seenBid.insert(l.price.units).inserted { bidLevels.append(l) }
            if let l = level(offsets[k], asks[k], bid: false), seenAsk.insert(l.price.units).inserted { askLevels.append(l) }
        }
        return try OrderBook(market: market, bids: bidLevels, asks: askLevels)
    }

    /// The quantity-weighted offset of taking `quantity` from `levels` touch first, with the
    /// linear extension beyond the last level: the remainder `R` fills on average `R ÷ unit × step ÷ 2`
    /// beyond the last offset (as if the book went on with levels of `unit`, the last baseline level).
    /// `overflow` is what earlier orders already took beyond the last level: the extension starts
    /// that much further out.
    static func averageOffset(selling quantity: Double, levels: [Double], offsets: [Double], step: Double, unit: Double, overflow: Double = 0) -> Double {
        guard quantity > 0 else { return offsets.first ?? 0 }
        var remaining = quantity
        var weighted = 0.0
        for k in levels.indices where remaining > 0 {
            let take = Swift.min(remaining, levels[k])
            weighted += take * offsets[k]
            remaining -= take
        }
        if remaining > 0 {
            let last = offsets[offsets.count - 1]
            let start = last + step + overflow / Swift.max(unit, 1e-12) * step
            let extra = remaining / Swift.max(unit, 1e-12) * step
            weighted += remaining * (start + extra / 2)
        }
        return weighted / quantity
    }
}
