public import LiquidusCore

extension Price {
    /// `true` when a close of a position on `side` at `self` is no worse for solvency than
    /// `limit`: a long sells at or above it, a short buys at or below it.
    @inlinable public func isNoWorse(than limit: Price, closing side: Side) -> Bool {
        side == .long ? self >= limit : self <= limit
    }
}
