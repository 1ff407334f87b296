public import LiquidusCore

/// The fuzzer's bytes read as a stream of choices. Past the end every read gives zero, so any
/// input — even an empty one — decodes to something, and a byte the fuzzer flips changes one
/// choice.
///
/// Numbers are drawn with a bias toward the edges that break arithmetic: a magnitude is a power
/// of ten times a small mantissa, often exactly 1 unit or a limit, so values near the tick, near
/// 10⁹ and near the limits come up as often as ordinary ones.
public struct ByteSource {
    private let bytes: [UInt8]
    private var index = 0

    /// A source over `bytes`.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Whether every byte has been read.
    public var isExhausted: Bool { index >= bytes.count }

    /// The next byte, or 0 past the end.
    public mutating func byte() -> UInt8 {
        guard index < bytes.count else { return 0 }
        defer { index += 1 }
        return bytes[index]
    }

    /// A choice in `0..<count` (`count` ≥ 1), from one byte (two when `count` > 256).
    public mutating func int(below count: Int) -> Int {
        precondition(count >= 1, "a choice among at least one option")
        if count <= 256 { return Int(byte()) % count }
        return (Int(byte()) << 8 | Int(byte())) % count
    }

    /// `true` with probability about `percent` %.
    public mutating func chance(_ percent: Int) -> Bool { int(below: 100) < percent }

    /// One of `options` (not empty).
    public mutating func pick<T>(_ options: [T]) -> T { options[int(below: options.count)] }

    /// Eight bytes as an integer.
    public mutating func uint64() -> UInt64 {
        var value: UInt64 = 0
        for _ in 0..<8 { value = value << 8 | UInt64(byte()) }
        return value
    }

    /// A count of units in `1...max` (`max` ≥ 1), biased toward the edges: 1, `max`, `max − 1`,
    /// a power of ten times a mantissa of 1–99, or any value.
    public mutating func units(upTo max: Int64) -> Int64 {
        precondition(max >= 1, "a positive bound")
        switch int(below: 8) {
        case 0: return 1
        case 1: return max
        case 2: return Swift.max(1, max - 1)
        case 3: return Int64(truncatingIfNeeded: uint64() % UInt64(max)) + 1
        default:
            let exponent = int(below: 19)
            let mantissa = Int64(int(below: 99) + 1)
            var value = mantissa
            for _ in 0..<exponent {
                let (next, overflow) = value.multipliedReportingOverflow(by: 10)
                if overflow || next > max { return Swift.min(value, max) }
                value = next
            }
            return Swift.min(value, max)
        }
    }

    /// A count of whole `step`s whose total is at most `max` (at least one step; `step` ≤ `max`).
    public mutating func steps(of step: Int64, upTo max: Int64) -> Int64 {
        units(upTo: Swift.max(1, max / step))
    }

    /// A value of a fixed-point type in `(0, max]`, on the grid of `step` when given.
    public mutating func positive<T: FixedPointDecimal>(upTo max: T, step: T? = nil) -> T {
        guard let step, step.units <= max.units else { return T(units: units(upTo: max.units)) }
        return T(units: steps(of: step.units, upTo: max.units) * step.units)
    }

    /// A rate in `(0, 1)` as a count of 10⁻⁸: mostly ordinary venue figures, sometimes an edge.
    public mutating func fraction() -> Rate {
        switch int(below: 6) {
        case 0: return Rate(units: 1)
        case 1: return Rate(units: FixedPoint.scale - 1)
        case 2: return Rate(units: units(upTo: FixedPoint.scale - 1))
        default: return Rate(units: pick([5_000, 40_000, 100_000, 400_000, 1_000_000, 5_000_000, 25_000_000, 50_000_000]))
        }
    }
}
