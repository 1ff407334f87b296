/// An exogenous price path sampled once per second: what the market would have done without the
/// simulated liquidations (the "fair value" the simulated book is centred on).
///
/// `prices[i]` is the price during second `i` (engine time `i`); `volumes[i]`, when the source
/// has one, is the volume traded in that second (contracts). Prices are `Double`: a path is a
/// model input, rounded onto the market's tick grid only when it becomes an engine mark.
public struct PricePath: Sendable, Hashable {
    /// Where the path comes from, for the report (`"black-thursday (seed 1)"`, `"file.csv"`).
    public var name: String
    /// One price per second, each > 0.
    public var prices: [Double]
    /// One volume per second (≥ 0), or empty when the source has none.
    public var volumes: [Double]
    /// Notes shown in the report (calibration figures, sources).
    public var notes: [String]

    /// Creates a path. `prices` must be non-empty and positive; `volumes` empty or as long.
    public init(name: String, prices: [Double], volumes: [Double] = [], notes: [String] = []) {
        precondition(!prices.isEmpty, "a path has at least one second")
        precondition(volumes.isEmpty || volumes.count == prices.count, "one volume per second")
        self.name = name
        self.prices = prices
        self.volumes = volumes
        self.notes = notes
    }

    /// The number of seconds.
    public var seconds: Int { prices.count }

    /// The largest fall from a running peak, as a positive fraction, with where it starts and ends.
    /// - Complexity: O(n).
    public var peakToTrough: (fraction: Double, peakSecond: Int, troughSecond: Int) {
        Self.peakToTrough(prices)
    }

    /// ``peakToTrough`` of any series.
    /// - Complexity: O(n).
    public static func peakToTrough(_ series: [Double]) -> (fraction: Double, peakSecond: Int, troughSecond: Int) {
        var peak = 0
        var best = (fraction: 0.0, peakSecond: 0, troughSecond: 0)
        for index in series.indices {
            if series[index] > series[peak] { peak = index }
            let fall = 1 - series[index] / series[peak]
            if fall > best.fraction { best = (fall, peak, index) }
        }
        return best
    }

    /// The path cut to its first `seconds` seconds (all of it when shorter).
    public func prefix(seconds count: Int) -> PricePath {
        let n = Swift.max(1, Swift.min(count, seconds))
        return PricePath(
            name: name, prices: Array(prices.prefix(n)), volumes: volumes.isEmpty ? [] : Array(volumes.prefix(n)), notes: notes)
    }
}
