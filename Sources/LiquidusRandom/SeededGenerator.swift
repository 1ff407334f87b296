/// A deterministic random number generator (SplitMix64, Steele, Lea & Flood 2014) for seeded
/// workloads, simulations and test sweeps: the same seed gives the same sequence on every
/// machine, so a failing case can be replayed from its seed.
///
/// Inlinable: the benchmark workloads draw from it inside their timed ticks.
@frozen
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    @usableFromInline var state: UInt64

    /// Creates a generator from `seed`.
    @inlinable public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    @inlinable public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
