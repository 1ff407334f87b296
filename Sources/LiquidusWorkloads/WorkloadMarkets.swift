public import LiquidusCore
import LiquidusRandom

/// The markets of the workloads: copies of the `liquidus` preset's BTCUSDT table (four tiers,
/// 125× to 20×) named `M0`, `M1`, …, all starting at a mark of 30,000.
public enum WorkloadMarkets {
    /// The starting mark of every workload market.
    public static let startMark: Price = 30_000

    /// `count` markets.
    public static func make(_ count: Int) -> [Market] {
        let template = VenuePreset.liquidus.markets[0]
        return (0..<count).map { index in
            Workload.valid {
                try Market(
                    symbol: "M\(index)", tickSize: template.tickSize, lotSize: template.lotSize,
                    minOrderSize: template.minOrderSize, riskTiers: template.riskTiers.tiers,
                    liquidationFeeRate: template.liquidationFeeRate, takerFeeRate: template.takerFeeRate)
            }
        }
    }

    /// A random position size: notional log-normal around 20,000 (σ = 1.2), capped at 2,000,000,
    /// at least one lot; long or short with equal odds.
    static func size(at price: Price, market: Market, using random: inout SeededGenerator) -> Quantity {
        let notional = min(random.logNormal(median: 20_000, sigma: 1.2), 2_000_000)
        let lots = max(1, Int64(notional / (Double(price.units) / 1e8) / (Double(market.lotSize.units) / 1e8)))
        return Quantity(units: lots * market.lotSize.units * (random.next() & 1 == 0 ? 1 : -1))
    }

    /// A leverage uniform in 2…`maximum`, capped at the max leverage of the tier the notional falls in.
    static func leverage(for notional: Money, market: Market, maximum: Int, using random: inout SeededGenerator) -> Rate {
        let chosen = Rate(Int.random(in: 2...maximum, using: &random))
        return min(chosen, market.riskTiers.tiers[market.riskTiers.tierIndex(forNotional: notional)].maxLeverage)
    }

    /// The next mark of a walk: a move of up to ±`basisPoints` of `mark` (uniform), on the tick,
    /// reflected to stay within ±`bound` basis points of `anchor` when a bound is given.
    static func step(_ mark: Price, basisPoints: Int64, anchor: Price? = nil, bound: Int64 = 0, market: Market, using random: inout SeededGenerator) -> Price {
        var next = mark.units + mark.units / 10_000 * Int64.random(in: -basisPoints...basisPoints, using: &random)
        if let anchor {
            let low = anchor.units - anchor.units / 10_000 * bound
            let high = anchor.units + anchor.units / 10_000 * bound
            if next < low { next = 2 * low - next }
            if next > high { next = 2 * high - next }
        }
        return Price(units: max(market.tickSize.units, next / market.tickSize.units * market.tickSize.units))
    }
}
