import LiquidusBook
import LiquidusCore

/// A market's volatility estimate (a statistic: `variance` is a JSON number, exact through its
/// shortest representation).
struct VolatilityRecord: Codable {
    var variance: Double
    var lastMark: DecimalCoded<Price>?
    var count: Int

    init(_ estimate: MarkVolatility) {
        variance = estimate.variance
        lastMark = estimate.lastMark.map { DecimalCoded(wrappedValue: Price(units: $0)) }
        count = estimate.count
    }

    var estimate: MarkVolatility {
        MarkVolatility(variance: variance, lastMark: lastMark?.wrappedValue.units, count: count)
    }
}
