import LiquidusCore

/// Exact ratios of `Int128` amounts, scaled by a power of ten and rounded once.
enum WideRatio {
    /// `numerator × 10^digits ÷ denominator`, rounded as named, or `nil` when it does not fit
    /// in `Int64`. `denominator` must be > 0.
    ///
    /// Long division one decimal digit at a time, so no intermediate exceeds
    /// `10 × denominator` (the direct product `numerator × 10^digits` could overflow `Int128`).
    /// - Complexity: O(digits).
    static func scaled(_ numerator: Int128, over denominator: Int128, digits: Int, _ rounding: Rounding) -> Int64? {
        precondition(denominator > 0, "denominator must be > 0")
        let magnitude = numerator.magnitude
        let divisor = UInt128(denominator)
        var quotient = magnitude / divisor
        var remainder = magnitude % divisor
        for _ in 0..<digits {
            guard quotient <= UInt128(Int64.max) else { return nil }
            remainder *= 10
            quotient = quotient * 10 + remainder / divisor
            remainder %= divisor
        }
        // Truncation of the magnitude is a floor for a positive value and a ceiling for a
        // negative one; step away from zero when the other direction is wanted.
        let negative = numerator < 0
        if remainder != 0, (rounding == .up) != negative { quotient += 1 }
        guard let value = Int64(exactly: quotient) else { return nil }
        return negative ? -value : value
    }
}
