public import LiquidusCore
public import LiquidusEngine

/// A durable home for the engine's command log, its events, snapshots (markers with restorable
/// state documents) and the responses of idempotent requests.
///
/// The contract every implementation keeps:
/// - ``commit(_:)`` is atomic and durable: when it returns, the batch's commands, events and
///   responses are on stable storage (SQLite: WAL with `synchronous=FULL`; PostgreSQL: a
///   committed transaction with `synchronous_commit` on), and either all of them are or none is.
/// - Command sequence numbers are 1, 2, 3, … with no gap; event sequence numbers are the
///   engine's. A batch whose numbers collide with stored ones is refused whole.
/// - Re-applying the commands in sequence order to an engine made from ``genesis()`` rebuilds
///   the same state (the engine is deterministic); so does restoring a snapshot's document and
///   re-applying the commands after it, which is what recovery does.
public protocol EngineStore: Sendable {
    /// The genesis document (the engine's configuration: policy, fund, venue) this store was
    /// created with, or `nil` for a new store.
    func genesis() async throws(StoreError) -> String?

    /// Records the genesis document of a new store; refused when a different one is stored.
    func initialize(genesis: String) async throws(StoreError)

    /// Appends a batch of commands with their events and idempotent responses, in one durable
    /// transaction.
    func commit(_ batch: CommitBatch) async throws(StoreError)

    /// The commands with sequence numbers above `sequence`, ascending, at most `limit`.
    /// - Complexity: O(limit) rows read through the primary key.
    func commands(after sequence: Int64, limit: Int) async throws(StoreError) -> [StoredCommand]

    /// The events with sequence numbers above `sequence`, ascending, at most `limit`.
    /// - Complexity: O(limit) rows read through the primary key.
    func events(after sequence: UInt64, limit: Int) async throws(StoreError) -> [EngineEvent]

    /// The highest command sequence stored (0 when the log is empty) and the highest event one.
    func head() async throws(StoreError) -> StoreHead

    /// Stores a snapshot with its state document (replacing one at the same command sequence),
    /// and, in the same transaction, drops the documents of all but the latest
    /// ``SnapshotMarker/retainedDocuments`` snapshots (their markers stay).
    func saveSnapshot(_ snapshot: SnapshotMarker) async throws(StoreError)

    /// The snapshot with the highest command sequence, with its document, if any.
    func latestSnapshot() async throws(StoreError) -> SnapshotMarker?

    /// The snapshot at `commandSequence`, with its document if it still has one.
    func snapshot(at commandSequence: Int64) async throws(StoreError) -> SnapshotMarker?

    /// Every snapshot's marker, by ascending command sequence, without documents (`state` is `nil`).
    /// - Complexity: O(snapshots).
    func snapshotMarkers() async throws(StoreError) -> [SnapshotMarker]

    /// The response stored for idempotency key `key`, if a request with that key was applied.
    func response(forKey key: String) async throws(StoreError) -> StoredResponse?

    /// The responses stored for `keys` (those of requests applied), by key: the writer reads a
    /// batch's keys at once.
    func responses(forKeys keys: [String]) async throws(StoreError) -> [String: StoredResponse]

    /// What pruning has left: the first command and event still stored.
    func retention() async throws(StoreError) -> StoreRetention

    /// Forgets the history before `snapshot` (a stored snapshot with its document), in one
    /// transaction: the commands through its command sequence, the events through its event
    /// sequence, the idempotent responses of requests applied at or before its command, and the
    /// older snapshot markers; records the new ``StoreRetention``. Recovery from `snapshot` (or a
    /// later one) plus the commands after it is unchanged; a full replay from the genesis is no
    /// longer possible.
    func prune(through snapshot: SnapshotMarker) async throws(StoreError)

    /// Flushes and releases the store (a WAL checkpoint for SQLite, the pool for PostgreSQL).
    func close() async throws(StoreError)

    /// How many ``commit(_:)`` calls the writer may have in flight at once, each with the batch
    /// that follows the one before it: 1 for a store whose commits are flushed one at a time
    /// anyway (SQLite). With more, a later batch can be stored before an earlier one, and when
    /// the earlier one fails, stays stored past a gap — the log ends at the gap (readers stop
    /// there), and the writer removes what lies beyond it with
    /// ``discardUnacknowledged(after:epoch:)`` before it commits again.
    var commitsInFlight: Int { get }

    /// Whether the log may hold commands past a gap (written with ``commitsInFlight`` above 1,
    /// now or by an earlier run): readers then stop at the first gap.
    var mayHoldGaps: Bool { get }

    /// When the log holds no command after `head` (memory's last acknowledged command and event),
    /// deletes the commands, events and idempotent responses stored beyond it — those of commits
    /// in flight behind one that failed, never acknowledged — and returns `true`; returns
    /// `false`, deleting nothing, when the log continues after `head` (a commit that failed did
    /// reach the log: the writer must recover from the log first). Fenced by `epoch` like a
    /// commit.
    func discardUnacknowledged(after head: StoreHead, epoch: Int64?) async throws(StoreError) -> Bool

    /// Claims the periodic snapshot at command `sequence` for the caller among the members that
    /// share the log (a cluster's standbys write them, so the leader never encodes one): granted
    /// when no snapshot was claimed within `interval` commands before `sequence`. Returns whether
    /// it was granted and the latest claimed sequence.
    func claimSnapshot(at sequence: Int64, interval: Int64) async throws(StoreError) -> (granted: Bool, latest: Int64)

    /// The balance of the insurance fund this store shares with other shards' stores, read now;
    /// `nil` when the engine's fund is its own (the default). A store that returns a balance
    /// applies each batch's ``CommitBatch/fundChange`` in the batch's transaction, refusing the
    /// whole batch with ``StoreError/Code/fundShort`` when the fund no longer holds its draw.
    func sharedInsuranceFund() async throws(StoreError) -> Money?

    /// The shared fund's balance now and the balance it started with (its changes' audit); `nil`
    /// when the engine's fund is its own (the default).
    func sharedFundAccount() async throws(StoreError) -> (balance: Money, initialBalance: Money)?

    /// The other shards' latest rankings and the orders they forwarded to this shard (at most
    /// `limit`), read now; `nil` for a store that shares nothing with other shards (the default).
    /// Such a store delivers each batch's forwarded orders to their targets' inboxes and deletes
    /// its ``CommitBatch/consumedOrders`` from this shard's, in the batch's transaction.
    func shardExchange(limit: Int) async throws(StoreError) -> ShardExchange?

    /// Publishes this shard's rankings, each replacing the one stored for its market and side
    /// when its version is later (a no-op for a store that shares nothing).
    func publish(_ rankings: [ShardRanking]) async throws(StoreError)
}

extension EngineStore {
    /// One commit at a time.
    public var commitsInFlight: Int { 1 }

    /// One commit at a time: a gap is damage.
    public var mayHoldGaps: Bool { false }

    /// The engine's fund is its own.
    public func sharedInsuranceFund() async throws(StoreError) -> Money? { nil }

    /// The engine's fund is its own.
    public func sharedFundAccount() async throws(StoreError) -> (balance: Money, initialBalance: Money)? { nil }

    /// Nothing is shared with other shards.
    public func shardExchange(limit: Int) async throws(StoreError) -> ShardExchange? { nil }

    /// Nothing is shared with other shards.
    public func publish(_ rankings: [ShardRanking]) async throws(StoreError) {}

    /// One writer per store: always granted.
    public func claimSnapshot(at sequence: Int64, interval: Int64) async throws(StoreError) -> (granted: Bool, latest: Int64) {
        (true, sequence)
    }

    /// With one commit at a time nothing is ever stored past a gap: only whether the log ends
    /// at `head`.
    public func discardUnacknowledged(after head: StoreHead, epoch: Int64?) async throws(StoreError) -> Bool {
        try await self.head().commandSequence <= head.commandSequence
    }

    /// One ``response(forKey:)`` after another (a store on the same machine).
    public func responses(forKeys keys: [String]) async throws(StoreError) -> [String: StoredResponse] {
        var found: [String: StoredResponse] = [:]
        for key in Set(keys) {
            if let response = try await response(forKey: key) { found[key] = response }
        }
        return found
    }
}
