/// The shape of an ordinary order book: where its levels sit and how much rests there, as
/// fractions of the depth within 1 % of the mid.
///
/// **Levels** (each side): 20 levels 5 bp apart from 1 bp (to 0.96 %), 16 levels 25 bp apart (to
/// 4.96 %), 10 levels 50 bp apart (to 9.96 %): 46 per side, dense near the mid where the depth is.
///
/// **Cumulative depth** `C(x)` within `x` of the mid, in units of the depth within 1 %, piecewise
/// linear through (0, 0), (0.1 %, 0.2), (0.5 %, 0.75), (1 %, 1), (5 %, 2), (10 %, 2.5); a level's
/// quantity is `C(offset) − C(previous offset)`. Sources: Amberdata (Binance BTC/FDUSD, July–August
/// 2025: $3.50 M within 10 bp, $16.53 M within 100 bp, so `C(0.1 %) ≈ 0.21`); CoinDesk Research
/// (BTC across major venues, early October 2025: $15.5 M within 0.5 %, $20 M within 1 %, $40 M
/// within 5 %). The 10 % point is an assumption (Kaiko saw bids left in the 4 % and 10 % bands
/// when the books near the mid were empty).
public struct BookShape: Sendable, Hashable {
    /// Each level's distance from the mid, as a fraction of the price, touch first.
    public let offsets: [Double]
    /// Each level's quantity, in units of the depth within 1 %.
    public let weights: [Double]

    /// The shape described above.
    public static let standard = BookShape()

    init() {
        var offsets: [Double] = []
        for k in 0..<20 { offsets.append(0.0001 + 0.0005 * Double(k)) }
        for k in 1...16 { offsets.append(0.0096 + 0.0025 * Double(k)) }
        for k in 1...10 { offsets.append(0.0496 + 0.005 * Double(k)) }
        self.offsets = offsets
        var previous = 0.0
        weights = offsets.map { offset in
            let cumulative = Self.cumulative(offset)
            defer { previous = cumulative }
            return cumulative - previous
        }
    }

    /// `C(x)`: the depth within `x` of the mid, in units of the depth within 1 %.
    static func cumulative(_ x: Double) -> Double {
        let points: [(Double, Double)] = [(0, 0), (0.001, 0.2), (0.005, 0.75), (0.01, 1), (0.05, 2), (0.10, 2.5)]
        for (low, high) in zip(points, points.dropFirst()) where x <= high.0 {
            return low.1 + (high.1 - low.1) * (x - low.0) / (high.0 - low.0)
        }
        return points[points.count - 1].1
    }

    /// The number of levels per side.
    public var count: Int { offsets.count }
}
