public import LiquidusCore

/// An insurance fund shared by the shards of one deployment, kept in a PostgreSQL schema of its
/// own beside the shards' schemas: one row with the balance, and a row per change.
public struct SharedFundSettings: Hashable, Sendable {
    /// The schema that holds the fund (shared by every shard).
    public var schema: String
    /// This store's shard (recorded with each change).
    public var shard: Int
    /// The balance the fund starts with when the first shard creates it (later shards find it).
    public var initialBalance: Money

    /// Creates the settings.
    public init(schema: String, shard: Int, initialBalance: Money) {
        self.schema = schema
        self.shard = shard
        self.initialBalance = initialBalance
    }
}
