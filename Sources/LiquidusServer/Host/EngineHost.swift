import HTTPTypes
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import LiquidusCheck
public import LiquidusCore
public import LiquidusEngine
public import LiquidusStore
public import Logging
import Prometheus

/// The engine's single writer: it owns the ``LiquidationEngine`` and the store, and applies
/// mutations one at a time, in arrival order.
///
/// **The write path.** The mutations waiting when the writer is free form a batch. The batch opens
/// an input group on the live engine, and each mutation a group inside it: the mutation is
/// planned against the current state and its inputs are applied in place; when one of them is
/// refused, the mutation's group is rolled back (through the engine's journal: only the accounts
/// it touched are put back) and the request gets its 400. Nothing is copied per batch or per
/// mutation — the engine's accounts are never shared, so copy on write never copies them. The
/// batch's commands, events and idempotent responses are then appended to the log in **one**
/// durable commit (group commit: one fsync for many requests).
///
/// **Commits in flight together.** With a store that allows it (``LiquidusStore/EngineStore/commitsInFlight``:
/// PostgreSQL, `--commits-in-flight`), the next batch is applied on top of the one committing,
/// in an input group of its own inside the previous batch's, and its commit starts on another
/// connection at once, so that the database flushes the commits that arrive together with one
/// write-ahead-log flush. A batch is answered, and its events published, only once its commit
/// and the commits of every batch before it have succeeded (the log's head, `commandSequence`,
/// moves in order). The batch groups are closed when no commit is in flight (the pipeline
/// drains), at the latest every ``maxOpenBatches`` batches.
///
/// **A failed commit** — once every commit in flight has finished — rolls back in memory the
/// failed batch and every batch after it (innermost group first: O(accounts they touched)),
/// whatever became of their own commits, and answers their requests 503; the store is then
/// suspect. Before the next batch the host asks the store to discard what lies in the log after
/// memory's last command (the rows of later batches that the database stored past the failed
/// one: never acknowledged, past a gap that readers stop at); when the log instead continues
/// from memory (the failed commit did reach it: a lost acknowledgement), the engine is recovered
/// from the store (latest snapshot plus the commands after it), so memory and log never
/// diverge; while the store cannot be reached, mutations get 503.
///
/// **Reads** see only committed state: a read that arrives while batches are applied or
/// committing waits; no batch starts while reads wait, and they run when the last commit in
/// flight has resolved, on the writer, before the next batch starts (so reads cannot starve).
/// They get small values, never a copy of the engine (a copy held across the next mutation would
/// make it copy every account).
///
/// **Snapshots.** Every `snapshotInterval` commands (and at shutdown) the host takes the engine's
/// ``LiquidusEngine/LiquidationEngine/Snapshot`` between batches, with no commit in flight — O(1), sharing storage — and
/// encodes it on a thread of its own at the lowest CPU priority, then stores it; the next
/// mutation copies the accounts once while the snapshot is alive. A periodic snapshot waits at
/// least ``snapshotPacing`` times the previous one's duration after it (encoding and storing
/// 100,000 accounts takes 1.5–3 s on a busy 2-core machine), so snapshots never take more than a
/// fifth of a core. With a retention horizon, each stored snapshot also prunes the history more
/// than that many commands behind it (``EngineStore/prune(through:)``).
///
/// In a cluster the standbys take the periodic snapshots (the one that claims it first, from its
/// own engine at the command it applied); the leader takes one only when none was claimed for
/// twice the interval, and at shutdown.
///
/// **In a cluster** (``Leadership``) the host is the leader — its commits carry its epoch, and a
/// commit the store refuses as fenced (another member took the lease) is rolled back, answered
/// 503, and turns the host into a standby — or a standby, which refuses mutations and applies the
/// log as the leader writes it (``follow(_:)``), publishing the events its own engine produces
/// (the same as the leader's: the engine is deterministic).
///
/// **The state hash** (`GET /v1/state`) is O(state) to compute, so it is never computed on the
/// writer: a read takes the committed figures and an O(1) snapshot, and a thread of its own
/// hashes the snapshot. One such round runs at a time; requests that arrive meanwhile share the
/// next round (so polling costs at most one hash, and one copy of the accounts on the writer's
/// next change, per round), and the hash is kept per committed command sequence.
public actor EngineHost {
    /// The engine: committed state, except while a batch is in flight (reads wait for it).
    var engine: LiquidationEngine
    /// The sequence of the last command in the log.
    public internal(set) var commandSequence: Int64
    let store: any EngineStore
    let metrics: ServerMetrics
    let logger: Logger
    let snapshotInterval: Int64
    let maxGroupCommit: Int
    /// Commands kept behind the latest snapshot (0: keep everything).
    let retainedCommands: Int64
    var pending: [(Mutation, CheckedContinuation<MutationOutcome, Never>)] = []
    var flushing = false
    var closed = false
    /// The last command applied to the engine: `commandSequence` plus the batches in flight.
    var tip: Int64
    /// The batches applied and committing (or committed, awaiting those before them), oldest first.
    var pipeline: [PipelinedBatch] = []
    /// How many commits may be in flight at once (the store's ``LiquidusStore/EngineStore/commitsInFlight``).
    let commitsInFlight: Int
    /// The batch input groups open on the engine (closed when the pipeline drains).
    var openBatches = 0
    /// A batch is being applied.
    var launching = false
    /// A commit failed: no batch starts until those in flight finish and are undone.
    var failing = false
    /// The idempotent responses of the batches launched since the pipeline last drained.
    var pipelineResponses: [String: StoredResponse] = [:]
    var nextBatch: UInt64 = 0
    /// The writer's loop, waiting for a commit to finish or a request to arrive.
    var pipelineWake: CheckedContinuation<Void, Never>?
    /// Whether the engine holds anything not yet committed (reads wait for the pipeline to drain).
    var inFlight: Bool { launching || !pipeline.isEmpty }
    /// Reads waiting for the pipeline to drain.
    var readers: [(LiquidationEngine, Int64) -> Void] = []
    /// A commit failed: the store's head must be compared with memory before the next batch.
    var storeSuspect = false
    /// The fund the log's genesis started with (the shared fund's too, when this shard created it).
    let initialInsuranceFund: Money
    /// How many times in a row the batch at the head of the queue was refused because the shared
    /// insurance fund no longer held its draw (see ``requeueAfterFundShort()``).
    var fundRetries = 0
    /// Auto-deleveraging across shards (a store shared with other shards): this shard's index,
    /// when the last exchange was read and whether it left orders unread, and the rankings
    /// last published, by market and side.
    var exchange = ExchangeState()
    /// Whether this host writes the log, and under which epoch.
    public internal(set) var leadership: Leadership
    /// Told the epoch of a commit that the store fenced (the host is a standby by then).
    var leadershipLost: (@Sendable (Int64) async -> Void)?
    var lastSnapshot: Int64
    var snapshotTask: Task<Void, Never>?
    var nextSnapshotNotBefore = ContinuousClock.now
    /// The state hash of the committed state at a command sequence.
    var knownHash: (commandSequence: Int64, hash: UInt64)?
    /// The summary round in progress (see ``summary()``) and how many have started.
    var summaryRound: (number: Int, task: Task<EngineSummary, Never>)?
    var summaryRoundsStarted = 0
    var subscribers: [UInt64: AsyncStream<EngineEvent>.Continuation] = [:]
    var nextSubscriber: UInt64 = 0

    /// Wraps a recovered engine (see ``EngineRecovery``).
    public init(
        recovered: EngineRecovery.Result, store: any EngineStore, metrics: ServerMetrics, logger: Logger,
        snapshotInterval: Int64 = 10_000, maxGroupCommit: Int = 512, retainedCommands: Int64 = 0, leadership: Leadership = .standalone
    ) {
        self.leadership = leadership
        self.engine = recovered.engine
        self.initialInsuranceFund = recovered.genesis.insuranceFund
        self.commandSequence = recovered.commandSequence
        self.tip = recovered.commandSequence
        self.commitsInFlight = max(1, store.commitsInFlight)
        // A store written with commits in flight together may hold unacknowledged batches past
        // a gap (a crash while they were in flight): the first batch removes them.
        self.storeSuspect = store.mayHoldGaps
        self.lastSnapshot = recovered.restoredSnapshot?.commandSequence ?? 0
        if let restored = recovered.restoredSnapshot, restored.commandSequence == recovered.commandSequence {
            self.knownHash = (restored.commandSequence, restored.stateHash)
        }
        self.store = store
        self.metrics = metrics
        self.logger = logger
        self.snapshotInterval = max(1, snapshotInterval)
        self.maxGroupCommit = max(1, maxGroupCommit)
        self.retainedCommands = max(0, retainedCommands)
        metrics.insuranceFund.set(Self.double(recovered.engine.insuranceFund))
        metrics.appliedCommand.set(Double(recovered.commandSequence))
        metrics.leadership(leadership)
    }

    /// Applies `mutation` (after those before it) and returns what became of it.
    public func submit(_ mutation: Mutation) async -> MutationOutcome {
        guard !closed else { return .rejected(APIError(.serviceUnavailable, code: "shuttingDown", "the server is shutting down")) }
        return await withCheckedContinuation { continuation in
            pending.append((mutation, continuation))
            if flushing {
                wakePipeline()
            } else {
                flushing = true
                Task { await self.flush() }
            }
        }
    }

    /// Runs `body` on the committed engine and the last command's sequence, on the writer, and
    /// returns its result: right away when no batch is in flight, else right after its commit.
    /// Keep `body` short (it holds up the writer) and return small values, not the engine.
    public func read<Result: Sendable>(_ body: @escaping @Sendable (LiquidationEngine, Int64) -> Result) async -> Result {
        guard inFlight else { return body(engine, commandSequence) }
        return await withCheckedContinuation { continuation in
            readers.append { engine, sequence in continuation.resume(returning: body(engine, sequence)) }
        }
    }

    /// A stream of the events committed from now on (each after it is durable).
    public func subscribe() -> (id: UInt64, events: AsyncStream<EngineEvent>) {
        let (stream, continuation) = AsyncStream<EngineEvent>.makeStream(bufferingPolicy: .bufferingNewest(8_192))
        nextSubscriber += 1
        subscribers[nextSubscriber] = continuation
        return (nextSubscriber, stream)
    }

    /// Ends the stream of subscriber `id`.
    public func unsubscribe(_ id: UInt64) {
        subscribers.removeValue(forKey: id)?.finish()
    }

    /// Stops accepting mutations, waits for those in flight, stores a snapshot (when it writes the
    /// log and there are commands since the last one), runs `beforeClosing` (a leader hands its
    /// lease over there) and closes the store.
    public func shutdown(beforeClosing: @Sendable () async -> Void = {}) async {
        closed = true
        while flushing || !pending.isEmpty { try? await Task.sleep(for: .milliseconds(2)) }
        await snapshotTask?.value
        if leadership.writes, commandSequence != lastSnapshot {
            startSnapshot(engine.snapshot(), at: commandSequence)
            await snapshotTask?.value
        }
        await beforeClosing()
        for continuation in subscribers.values { continuation.finish() }
        subscribers.removeAll()
        do { try await store.close() } catch { logger.error("closing the store failed", metadata: ["error": "\(error)"]) }
        logger.info("store flushed and closed", metadata: ["commandSequence": "\(commandSequence)", "eventSequence": "\(engine.sequence)"])
    }

    static func double(_ money: Money) -> Double { Double(money.units) / Double(FixedPoint.scale) }
    static func double(_ money: WideMoney) -> Double { Double(money.units) / Double(FixedPoint.scale) }
}
