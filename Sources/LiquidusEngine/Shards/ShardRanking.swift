public import LiquidusCore

/// Another shard's auto-deleveraging ranking of one market and side, as that shard publishes it:
/// its first candidates in queue order, and the quantity all its candidates hold.
///
/// Accounts are split over shards, each an engine of its own; a takeover's remainder that the
/// fund and the book cannot take is deleveraged against the opposing profitable positions of
/// *every* shard, in one queue by rank. Each shard publishes the head of its queue; an engine
/// given the others' rankings (``EngineInput/Action/shardRanking(_:)``) merges them with its own
/// candidates by rank and forwards the lots that fall to another shard's entries there (see
/// ``DeleveragingForwarded``). A ranking of a later `version` than the one kept for its shard,
/// market and side replaces it (one with no entries and no eligible quantity says the shard has
/// no candidate); an older or equal version is refused, so a ranking read twice — after lots were
/// forwarded against it, or by a new leader — never hands back lots already taken off it.
///
/// JSON (an input's `ranking`): `{"shard": 1, "version": 812, "market": "BTCUSDT", "side":
/// "short", "entries": [{"account": "a7", "rank": "3.25", "quantity": "0.5"}], "eligible": "12.5"}`.
public struct ShardRanking: Codable, Hashable, Sendable {
    /// One candidate of the published queue.
    public struct Entry: Codable, Hashable, Sendable {
        /// The account (on the publishing shard).
        public var account: String
        /// Its rank as the engine ranks (``AutoDeleveraged``), at the publishing shard's mark.
        @DecimalCoded public var rank: Rate
        /// The quantity its position holds (unsigned, on the market's lot grid).
        @DecimalCoded public var quantity: Quantity

        /// Creates an entry.
        public init(account: String, rank: Rate, quantity: Quantity) {
            self.account = account
            self.rank = rank
            self.quantity = quantity
        }

        /// Whether `self` comes before a candidate of rank `rank` and account `id` in the queue:
        /// higher rank, then lower id — the order of one engine's queue (ids are unique across
        /// shards, so the merged queue is the queue of one engine holding every account).
        func precedes(rank other: Rate, id: String) -> Bool {
            rank != other ? rank > other : account < id
        }
    }

    /// The most entries a ranking may carry.
    public static let maxEntries = 10_000
    /// The most shards a ranking or a forwarded order may name (indices `0 ..< maxShards`).
    public static let maxShards = 4_096

    /// The publishing shard's index.
    public var shard: Int
    /// Increasing with each ranking the shard publishes for the market and side (its log's
    /// command sequence when it published, say).
    public var version: UInt64
    /// The market.
    public var market: String
    /// The side of the ranked positions (they take orders of the other side).
    @SideCoded public var side: Side
    /// The first candidates, in queue order (rank descending, then account ascending).
    public var entries: [Entry]
    /// The quantity all the shard's candidates hold, listed or not (≥ the entries' sum).
    @DecimalCoded public var eligible: Quantity

    /// Creates a ranking.
    public init(shard: Int, version: UInt64, market: String, side: Side, entries: [Entry], eligible: Quantity) {
        self.shard = shard
        self.version = version
        self.market = market
        self.side = side
        self.entries = entries
        self.eligible = eligible
    }

    /// Checks the ranking against `market` (its lot grid): a shard index in `0 ..< maxShards`, at
    /// most ``maxEntries`` entries, each with an account, a rank ≥ 0 and a positive quantity on
    /// the grid (at most ``LiquidusCore/Limits/maxSize``), in strict queue order; an eligible
    /// quantity on the grid, at least the entries' sum and at most `maxEntries` ×
    /// ``LiquidusCore/Limits/maxSize``. Errors name the field (`entries[2].quantity`).
    /// - Complexity: O(n) for n entries.
    func validate(against market: Market) throws(ValidationError) {
        guard (0..<Self.maxShards).contains(shard) else { throw ValidationError(.outOfRange, at: "shard", "must be within 0..<\(Self.maxShards)") }
        guard entries.count <= Self.maxEntries else { throw ValidationError(.outOfRange, at: "entries", "must have at most \(Self.maxEntries) entries") }
        var listed: Int128 = 0
        for (index, entry) in entries.enumerated() {
            let path = "entries[\(index)]"
            guard !entry.account.isEmpty else { throw ValidationError(.missingField, at: "\(path).account", "must name an account") }
            guard !entry.rank.isNegative else { throw ValidationError(.outOfRange, at: "\(path).rank", "must be ≥ 0") }
            try Self.checkQuantity(entry.quantity, of: market, at: "\(path).quantity", positive: true)
            if index > 0, !entries[index - 1].precedes(rank: entry.rank, id: entry.account) {
                throw ValidationError(.inconsistent, at: path, "must come after entries[\(index - 1)] in queue order (rank descending, then account ascending, no repeat)")
            }
            listed += Int128(entry.quantity.units)
        }
        try Self.checkQuantity(eligible, of: market, at: "eligible", positive: false, limit: Int128(Limits.maxSize.units) * Int128(Self.maxEntries))
        guard Int128(eligible.units) >= listed else {
            throw ValidationError(.inconsistent, at: "eligible", "must be at least the entries' total \(Quantity(units: Int64(listed)))")
        }
    }

    /// Checks that `quantity` is ≥ 0 (> 0 when `positive`), at most `limit`, on `market`'s lot grid.
    static func checkQuantity(
        _ quantity: Quantity, of market: Market, at path: String, positive: Bool, limit: Int128 = Int128(Limits.maxSize.units)
    ) throws(ValidationError) {
        guard positive ? quantity.isPositive : !quantity.isNegative, Int128(quantity.units) <= limit else {
            throw ValidationError(.outOfRange, at: path, positive ? "must be > 0 and at most \(Limits.maxSize)" : "must be ≥ 0 and within the limit")
        }
        guard quantity.units % market.lotSize.units == 0 else {
            throw ValidationError(.notOnGrid, at: path, "must be a multiple of the lot size \(market.lotSize)")
        }
    }
}
