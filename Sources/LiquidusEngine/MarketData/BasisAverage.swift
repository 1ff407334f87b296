import LiquidusCore

/// The moving average of a market's basis (book mid − index) over its last `window` one-second
/// samples: Price 2 of Binance's and Bybit's marks.
///
/// One sample per second of engine time: an index price input takes the sample of its second
/// (a later one in the same second replaces it), and seconds without an input repeat the
/// sample before them (sample and hold), so the window always spans `window` seconds. Exact:
/// samples are price units, their sum is kept in 128 bits, the average is rounded toward zero
/// (toward the index).
public struct BasisAverage: Hashable, Sendable {
    /// How many samples the average spans, ≥ 1.
    public let window: Int
    /// The samples in the window, oldest first (at most `window`), in units of 10⁻⁸.
    public private(set) var samples: [Int64] = []
    /// The second of the newest sample.
    public private(set) var lastSecond: Int64?
    /// Σ samples.
    var sum: Int128 = 0

    /// An empty average over `window` samples.
    public init(window: Int) {
        precondition(window >= 1, "a moving average spans at least one sample")
        self.window = window
    }

    /// Restores an average from its samples (checked: at most `window` of them, each a valid
    /// basis); `nil` when they do not fit.
    public init?(window: Int, samples: [Int64], lastSecond: Int64?) {
        guard window >= 1, samples.count <= window, samples.isEmpty == (lastSecond == nil),
              samples.allSatisfy({ $0.magnitude <= UInt64(Limits.maxPrice.units) }) else { return nil }
        self.window = window
        self.samples = samples
        self.lastSecond = lastSecond
        self.sum = samples.reduce(Int128(0)) { $0 + Int128($1) }
    }

    /// The average, rounded toward zero; `nil` before the first sample.
    public var value: Int64? {
        guard !samples.isEmpty else { return nil }
        return Int64(sum / Int128(samples.count))  // |mean| ≤ max |sample|
    }

    /// Takes `basis` (|basis| ≤ ``LiquidusCore/Limits/maxPrice``) as the sample of `second`
    /// (not before ``lastSecond``), repeating the previous sample over the seconds between.
    /// - Complexity: O(min(gap, window) + window) in the worst case.
    public mutating func record(_ basis: Int64, atSecond second: Int64) {
        if let lastSecond, let previous = samples.last {
            if second <= lastSecond {
                replaceLast(with: basis)
            } else {
                let gap = second - lastSecond - 1
                for _ in 0..<Int(Swift.min(gap, Int64(window))) { append(previous) }
                append(basis)
            }
        } else {
            append(basis)
        }
        lastSecond = Swift.max(second, lastSecond ?? second)
    }

    private mutating func append(_ sample: Int64) {
        if samples.count == window { sum -= Int128(samples.removeFirst()) }
        samples.append(sample)
        sum += Int128(sample)
    }

    private mutating func replaceLast(with sample: Int64) {
        sum += Int128(sample) - Int128(samples[samples.count - 1])
        samples[samples.count - 1] = sample
    }
}
