public import LiquidusCore

/// The direction of an order that takes liquidity: a buy walks the asks, a sell walks the bids.
public enum OrderSide: String, Sendable, Hashable, CaseIterable {
    /// Takes liquidity from the asks, paying more the deeper it goes.
    case buy
    /// Takes liquidity from the bids, receiving less the deeper it goes.
    case sell

    /// The order that closes a position of `side`: a long is closed by a sell, a short by a buy.
    @inlinable public init(closing side: Side) { self = side == .long ? .sell : .buy }

    /// The side of the book this order consumes: ``BookSide/ask`` for a buy, ``BookSide/bid`` for a sell.
    @inlinable public var bookSide: BookSide { self == .buy ? .ask : .bid }

    /// The rounding of a price or amount that is worse for the taker: `Rounding.up` for a buy
    /// (it pays more), `Rounding.down` for a sell (it receives less). Averages and notionals of
    /// a liquidation round this way, so an estimate never flatters the liquidated trader's
    /// solvency.
    @inlinable public var conservativeRounding: Rounding { self == .buy ? .up : .down }

    /// +1 for a buy, −1 for a sell: `sign × (fill − reference)` is the cost of a fill against a
    /// reference price (positive when the fill is worse).
    @inlinable public var sign: Int64 { self == .buy ? 1 : -1 }
}
