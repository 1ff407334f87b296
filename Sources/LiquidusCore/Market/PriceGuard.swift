/// When a market's prices are not trusted to liquidate: a mark too far from the index, or an
/// index too old. While either holds, the engine holds liquidations in the market (see
/// `docs/market-data.md`).
///
/// The guard applies from the market's first index price on (a market without an index has
/// nothing to compare its mark with).
public struct PriceGuard: Hashable, Sendable {
    /// The band: the mark may be at most `maxDeviation × index` from the index, in (0, 1].
    public let maxDeviation: Rate?
    /// The most the index may age, in seconds (of engine time in either unit), > 0.
    public let maxIndexAge: Int64?

    /// Validates and creates a guard; at least one limit is required. Errors name the field.
    public init(maxDeviation: Rate?, maxIndexAge: Int64?) throws(ValidationError) {
        guard maxDeviation != nil || maxIndexAge != nil else {
            throw ValidationError(.missingField, at: "maxDeviation", "a price guard needs maxDeviation, maxIndexAge or both")
        }
        if let maxDeviation, !maxDeviation.isPositive || maxDeviation > Rate.one {
            throw ValidationError(.outOfRange, at: "maxDeviation", "must be > 0 and at most 1")
        }
        if let maxIndexAge, maxIndexAge <= 0 || maxIndexAge > Limits.maxDurationSeconds {
            throw ValidationError(.outOfRange, at: "maxIndexAge", "must be > 0 and at most \(Limits.maxDurationSeconds) seconds")
        }
        self.maxDeviation = maxDeviation
        self.maxIndexAge = maxIndexAge
    }

    /// Why `mark` and `index` (stamped `indexTime`) are not to be trusted at `now` (both in
    /// `unit`), if they are not: ``Breach/staleIndex`` first, then ``Breach/markDeviation``.
    ///
    /// The band test is exact: `|mark − index| × 10⁸ > maxDeviation.units × index`, in 128 bits.
    public func breach(mark: Price?, index: Price, indexTime: Int64, now: Int64, unit: TimeUnit) -> Breach? {
        if let maxIndexAge, now - indexTime > unit.ticks(inSeconds: maxIndexAge) { return .staleIndex }
        if let maxDeviation, let mark {
            let gap = Int128(mark.units) - Int128(index.units)
            if gap.magnitude * UInt128(Rate.one.units) > UInt128(maxDeviation.units) * UInt128(index.units.magnitude) {
                return .markDeviation
            }
        }
        return nil
    }

    /// A reason the guard holds liquidations.
    public enum Breach: String, Hashable, Sendable {
        /// The index is older than ``PriceGuard/maxIndexAge``.
        case staleIndex
        /// The mark is beyond ``PriceGuard/maxDeviation`` from the index.
        case markDeviation
    }
}
