/// The bound of one shard's outbox: the market-wide writes a shard missed, kept in order until it
/// takes them. Past either bound the shard is out of step (see ``ShardLink``).
public struct OutboxLimits: Sendable, Hashable {
    /// The most writes kept.
    public var entries: Int
    /// The most body bytes kept, all writes together.
    public var bytes: Int

    /// Creates the limits: by default 10,000 writes and 64 MiB.
    public init(entries: Int = 10_000, bytes: Int = 64 << 20) {
        self.entries = entries
        self.bytes = bytes
    }
}
