public import LiquidusCore

/// The result of walking one side of an ``OrderBook`` for a quantity: what would fill, where, and
/// at what price. Made by ``OrderBook/walk(side:quantity:limit:)``.
///
/// All figures are exact fixed point. The exact notional `Σ qᵢ × pᵢ` is kept in units of 10⁻¹⁶
/// (``exactNotional``), so the exact average price is the rational
/// `exactNotional ÷ filled.units` in price units of 10⁻⁸; ``averagePrice`` and ``notional``
/// round it once, in the direction that is worse for the taker (``OrderSide/conservativeRounding``).
public struct DepthWalk: Hashable, Sendable {
    /// The direction of the order that walked the book.
    public let side: OrderSide
    /// The quantity asked for.
    public let requested: Quantity
    /// The quantity the visible book (within the limit) can fill, ≤ ``requested``.
    public let filled: Quantity
    /// The exact notional of the fills, `Σ qᵢ × pᵢ` over the levels consumed, in units of
    /// 10⁻¹⁶ (quantity units × price units). Never rounded.
    public let exactNotional: Int128
    /// The worst (last) price that gave any quantity: the lowest bid for a sell, the highest ask
    /// for a buy; `nil` when nothing filled.
    public let worstPrice: Price?
    /// The number of levels that gave quantity, the last possibly only in part.
    public let levelsConsumed: Int
    /// `true` when the walk stopped at a level beyond the limit price while quantity remained
    /// unfilled (as opposed to exhausting the side).
    public let stoppedAtLimit: Bool

    /// Creates a walk result; the book makes these.
    init(side: OrderSide, requested: Quantity, filled: Quantity, exactNotional: Int128,
         worstPrice: Price?, levelsConsumed: Int, stoppedAtLimit: Bool) {
        self.side = side
        self.requested = requested
        self.filled = filled
        self.exactNotional = exactNotional
        self.worstPrice = worstPrice
        self.levelsConsumed = levelsConsumed
        self.stoppedAtLimit = stoppedAtLimit
    }

    /// The quantity the visible book cannot fill: `requested − filled`.
    public var unfilled: Quantity { requested - filled }

    /// `true` when the whole request fills in the visible book.
    public var isComplete: Bool { filled == requested }

    /// The notional filled, `Σ qᵢ × pᵢ`, in money, rounded once from ``exactNotional`` in the
    /// taker's worse direction: down for a sell (proceeds), up for a buy (cost). Exact whenever
    /// `Σ qᵢ × pᵢ` is a multiple of 10⁻⁸, which it is when tick × lot is.
    ///
    /// The book checks that it fits before it returns a walk.
    public var notional: Money {
        Money(units: Int64(WideDivision.divideByScale(exactNotional, side.conservativeRounding)))
    }

    /// The volume-weighted average fill price `Σ qᵢ × pᵢ ÷ Σ qᵢ`, rounded to the 10⁻⁸ price unit
    /// (not to the tick) in the taker's worse direction: down for a sell, up for a buy. It lies
    /// between the touch and ``worstPrice``. `nil` when nothing filled.
    public var averagePrice: Price? {
        guard filled.isPositive else { return nil }
        return Price(units: Int64(WideDivision.divide(exactNotional, by: Int128(filled.units), side.conservativeRounding)))
    }
}
