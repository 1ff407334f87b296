public import LiquidusCore

/// Lots of a deleverage order that fell, in the queue of every shard, to another shard's
/// candidates: the liquidator passes them on to that shard at the bankruptcy price.
///
/// The order is the remainder of a takeover that the fund and the book could not take (see
/// ``AutoDeleveraged``). Merged by rank with the other shards' published rankings
/// (``ShardRanking``), the lots that fall to shard `shard`'s entries are not closed here: the
/// liquidator, holding them at `bankruptcyPrice`, hands them over at that price — no PnL, no
/// money moves, so this shard's ledger stays conserved — and `shard` deleverages them against its
/// own queue (``ForwardedDeleverage``, the input built from this event), unwinding at
/// `expectedPrice` what no position there can take. One event per target shard and order.
///
/// The order's id is this event's sequence number: unique in the forwarding shard's log, and
/// increasing, so the target applies each exactly once.
public struct DeleveragingForwarded: Codable, Hashable, Sendable {
    /// The shard the lots go to.
    public var shard: Int
    /// The account whose position was taken over.
    public var liquidatedAccount: String
    /// The market.
    public var market: String
    /// The side of the taken-over position (the counterparties hold the other).
    @SideCoded public var side: Side
    /// The quantity passed on (unsigned).
    @DecimalCoded public var quantity: Quantity
    /// The bankruptcy price the lots are passed on at.
    @DecimalCoded public var bankruptcyPrice: Price
    /// The price the target unwinds at what it cannot deleverage.
    @DecimalCoded public var expectedPrice: Price
    /// The market's mark when the order was placed.
    @DecimalCoded public var markPrice: Price

    /// Creates the event.
    public init(
        shard: Int, liquidatedAccount: String, market: String, side: Side, quantity: Quantity, bankruptcyPrice: Price, expectedPrice: Price,
        markPrice: Price
    ) {
        self.shard = shard
        self.liquidatedAccount = liquidatedAccount
        self.market = market
        self.side = side
        self.quantity = quantity
        self.bankruptcyPrice = bankruptcyPrice
        self.expectedPrice = expectedPrice
        self.markPrice = markPrice
    }
}
