/// Which of `count` shards owns an account: a stable hash of the account id, the same on every
/// machine and in every release, so that any member, router or client computes it alone.
///
/// `shard(of:)` is Lamping and Veach's jump consistent hash (arXiv:1406.2294) of the 64-bit
/// FNV-1a hash of the id's UTF-8 bytes: shards get equal shares of the ids, and going from `k`
/// to `k + 1` shards moves only the `1/(k + 1)` of the ids the new shard takes (no id moves
/// between two old shards). The jump uses IEEE double division, correctly rounded on every
/// conforming machine, so the answer never depends on the host.
public struct ShardMap: Hashable, Sendable {
    /// The number of shards, 1 to ``maxShards``.
    public let count: Int

    /// The most shards a map may have.
    public static let maxShards = 1_024

    /// A map over `count` shards; `nil` outside 1 to ``maxShards``.
    public init?(count: Int) {
        guard (1...Self.maxShards).contains(count) else { return nil }
        self.count = count
    }

    /// The shard, in `0 ..< count`, that owns account `id`.
    /// - Complexity: O(bytes of `id` + log `count`).
    public func shard(of id: String) -> Int {
        Self.jump(Self.fnv1a(id), buckets: count)
    }

    /// FNV-1a, 64 bits, over the UTF-8 bytes.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// The jump consistent hash of `key` over `buckets` (1…``maxShards``) buckets, in integers:
    /// the next candidate is `⌊(b + 1) · 2³¹ ÷ ((key >> 33) + 1)⌋` exactly (the paper computes it
    /// in doubles, which can round a whole quotient down by one; here no rounding). `(b + 1) · 2³¹`
    /// stays below 2⁴²: `b` is below `buckets`.
    static func jump(_ key: UInt64, buckets: Int) -> Int {
        var key = key
        var bucket: UInt64 = 0
        var next: UInt64 = 0
        while next < UInt64(buckets) {
            bucket = next
            key = key &* 2_862_933_555_777_941_757 &+ 1
            next = ((bucket + 1) << 31) / ((key >> 33) + 1)
        }
        return Int(bucket)
    }
}
