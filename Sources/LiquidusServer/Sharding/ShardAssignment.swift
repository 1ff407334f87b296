public import LiquidusCore

/// The shard a server serves: its index in a ``ShardMap`` (`liquidus serve --shards K --shard I`).
public struct ShardAssignment: Hashable, Sendable, CustomStringConvertible {
    /// The map of every shard.
    public let map: ShardMap
    /// This server's shard, in `0 ..< map.count`.
    public let index: Int

    /// The assignment of shard `index` of `count`; `nil` unless `count` is a valid map size and
    /// `index` is one of its shards.
    public init?(index: Int, count: Int) {
        guard let map = ShardMap(count: count), (0..<count).contains(index) else { return nil }
        self.map = map
        self.index = index
    }

    /// Whether this shard owns account `id`.
    public func owns(_ id: String) -> Bool { map.shard(of: id) == index }

    /// `shard 1 of 3`.
    public var description: String { "shard \(index) of \(map.count)" }
}
