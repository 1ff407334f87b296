import LiquidusCore

/// A part of a taken-over position the fund could not carry, to be closed against opposing
/// profitable positions at the bankruptcy price.
struct DeleverageOrder: Hashable, Sendable {
    var account: String
    var market: String
    /// The side of the taken-over position (counterparties are on the other side).
    var side: Side
    var quantity: Quantity
    var bankruptcyPrice: Price
    var expectedPrice: Price
    var priceSource: String
    var reason: String
    /// Whether lots that fall to another shard's candidates are forwarded there; `false` for an
    /// order another shard forwarded here (it is deleveraged against this shard's queue only).
    var mayForward = true
}
