public import LiquidusEngine

/// What a shard receives from the others through the store they share: their latest published
/// auto-deleveraging rankings, and the deleverage orders they forwarded to it, not yet consumed
/// (see ``LiquidusEngine/ShardRanking`` and ``LiquidusEngine/ForwardedDeleverage``).
public struct ShardExchange: Sendable {
    /// The reading shard's index.
    public var shard: Int
    /// The other shards' rankings, one per (shard, market, side), at their latest versions.
    public var rankings: [ShardRanking]
    /// The orders forwarded to this shard, by forwarding shard, in their logs' order.
    public var orders: [ForwardedDeleverage]

    /// Creates an exchange.
    public init(shard: Int, rankings: [ShardRanking] = [], orders: [ForwardedDeleverage] = []) {
        self.shard = shard
        self.rankings = rankings
        self.orders = orders
    }
}

/// An order of another shard that a batch took out of this shard's inbox: applied by one of its
/// commands, or refused by the engine (and so never to be applied).
public struct ConsumedOrder: Hashable, Sendable {
    /// The forwarding shard.
    public var shard: Int
    /// The forwarding event's sequence in that shard's log.
    public var sequence: UInt64

    /// Creates the reference.
    public init(shard: Int, sequence: UInt64) {
        self.shard = shard
        self.sequence = sequence
    }
}
