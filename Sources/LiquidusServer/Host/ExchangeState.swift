import LiquidusEngine

/// A shard's side of auto-deleveraging across shards, through the store it shares with them.
struct ExchangeState {
    /// This shard's index, once an exchange was read.
    var shard: Int?
    /// When the exchange was last read.
    var readAt: ContinuousClock.Instant?
    /// Whether the last read filled its page of orders (more wait).
    var backlog = false
    /// When this shard's rankings were last published.
    var publishedAt: ContinuousClock.Instant?
    /// The rankings last published, by market and side (their entries and eligible quantity).
    var published: [String: ShardRanking] = [:]
}
