/// The direction of a position: long profits when the price rises, short when it falls.
public enum Side: String, Sendable, Hashable, CaseIterable {
    /// A long position (size > 0).
    case long
    /// A short position (size < 0).
    case short

    /// +1 for a long, −1 for a short: the `side` factor of the venues' formulas.
    @inlinable public var sign: Int64 { self == .long ? 1 : -1 }

    /// The other side.
    @inlinable public var opposite: Side { self == .long ? .short : .long }

    /// The rounding of this side's liquidation and bankruptcy prices that protects solvency:
    /// a long's prices round ``Rounding/up`` (the engine acts a little earlier, and a sell limit
    /// at the bankruptcy price never fills below it), a short's round ``Rounding/down``.
    @inlinable public var solvencyRounding: Rounding { self == .long ? .up : .down }
}
