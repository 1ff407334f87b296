import HTTPTypes
import Foundation
#if canImport(Glibc)
import Glibc
#endif
public import LiquidusCore
public import LiquidusEngine
public import LiquidusStore
public import Logging
import Prometheus

/// The engine's single writer: it owns the ``LiquidationEngine`` and the store, and applies
/// mutations one at a time, in arrival order.
///
/// **The write path.** The mutations that arrived while the previous commit was in flight form a
/// batch. The batch opens an input group on the live engine, and each mutation a group inside
/// it: the mutation is planned against the current state and its inputs are applied in place;
/// when one of them is refused, the mutation's group is rolled back (through the engine's
/// journal: only the accounts it touched are put back) and the request gets its 400. Nothing is
/// copied per batch or per mutation — the engine's accounts are never shared, so copy on write
/// never copies them. The batch's commands, events and idempotent responses are then appended to
/// the log in **one** durable commit (group commit: one fsync for many requests); only after it
/// returns are the requests answered and the events published.
///
/// **A failed commit** rolls the whole batch back in memory (the batch's input group: O(accounts
/// it touched)), answers its requests 503 and marks the store as suspect. Before the next batch
/// the host compares the store's head with its own command sequence: equal, it carries on; if
/// the failed commit did reach the log after all (a lost acknowledgement), the engine is
/// recovered from the store (latest snapshot plus the commands after it), so memory and log
/// never diverge; while the store cannot be read, mutations get 503.
///
/// **Reads** see only committed state: a read that arrives while a batch is applied or being
/// committed waits for the commit to resolve and runs right after it, on the writer, before the
/// next batch starts (so reads cannot starve). They get small values, never a copy of the engine
/// (a copy held across the next mutation would make it copy every account).
///
/// **Snapshots.** Every `snapshotInterval` commands (and at shutdown) the host takes the engine's
/// ``LiquidusEngine/LiquidationEngine/Snapshot`` between batches — O(1), sharing storage — and
/// encodes it on a thread of its own at the lowest CPU priority, then stores it; the next
/// mutation copies the accounts once while the snapshot is alive. A periodic snapshot waits at
/// least ``snapshotPacing`` times the previous one's duration after it (encoding and storing
/// 100,000 accounts takes 1.5–3 s on a busy 2-core machine), so snapshots never take more than a
/// fifth of a core.
public actor EngineHost {
    /// The engine: committed state, except while a batch is in flight (reads wait for it).
    private var engine: LiquidationEngine
    /// The sequence of the last command in the log.
    public private(set) var commandSequence: Int64
    let store: any EngineStore
    let metrics: ServerMetrics
    let logger: Logger
    let snapshotInterval: Int64
    let maxGroupCommit: Int
    private var pending: [(Mutation, CheckedContinuation<MutationOutcome, Never>)] = []
    private var flushing = false
    private var closed = false
    /// A batch is applied to the engine but not yet committed (or rolled back).
    private var inFlight = false
    /// Reads waiting for the batch in flight.
    private var readers: [(LiquidationEngine, Int64) -> Void] = []
    /// A commit failed: the store's head must be compared with memory before the next batch.
    private var storeSuspect = false
    private var lastSnapshot: Int64
    private var snapshotTask: Task<Void, Never>?
    private var nextSnapshotNotBefore = ContinuousClock.now
    private var hashCache: (commandSequence: Int64, hash: UInt64)?
    private var subscribers: [UInt64: AsyncStream<EngineEvent>.Continuation] = [:]
    private var nextSubscriber: UInt64 = 0

    /// Wraps a recovered engine (see ``EngineRecovery``).
    public init(
        recovered: EngineRecovery.Result, store: any EngineStore, metrics: ServerMetrics, logger: Logger,
        snapshotInterval: Int64 = 10_000, maxGroupCommit: Int = 512
    ) {
        self.engine = recovered.engine
        self.commandSequence = recovered.commandSequence
        self.lastSnapshot = recovered.restoredSnapshot?.commandSequence ?? 0
        self.store = store
        self.metrics = metrics
        self.logger = logger
        self.snapshotInterval = max(1, snapshotInterval)
        self.maxGroupCommit = max(1, maxGroupCommit)
        metrics.insuranceFund.set(Self.double(recovered.engine.insuranceFund))
    }

    /// Applies `mutation` (after those before it) and returns what became of it.
    public func submit(_ mutation: Mutation) async -> MutationOutcome {
        guard !closed else { return .rejected(APIError(.serviceUnavailable, code: "shuttingDown", "the server is shutting down")) }
        return await withCheckedContinuation { continuation in
            pending.append((mutation, continuation))
            if !flushing {
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

    /// The committed state's figures for `GET /v1/state`; the state hash is computed once per
    /// committed command sequence (only a commit or a recovery changes the state, and both move
    /// the command sequence).
    /// - Complexity: O(size of the state) after a change, O(1) otherwise.
    public func summary() async -> EngineSummary {
        let cached = hashCache
        let summary = await read { engine, sequence in
            EngineSummary(
                commandSequence: sequence, eventSequence: engine.sequence,
                stateHash: cached.flatMap { $0.commandSequence == sequence ? $0.hash : nil } ?? engine.stateHash, time: engine.time,
                insuranceFund: engine.insuranceFund, accounts: engine.accountIDs.count, markets: engine.markets.symbols.count)
        }
        hashCache = (summary.commandSequence, summary.stateHash)
        return summary
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

    /// Stops accepting mutations, waits for those in flight, stores a snapshot (when there are
    /// commands since the last one) and closes the store.
    public func shutdown() async {
        closed = true
        while flushing || !pending.isEmpty { try? await Task.sleep(for: .milliseconds(2)) }
        await snapshotTask?.value
        if commandSequence != lastSnapshot {
            startSnapshot(engine.snapshot(), at: commandSequence)
            await snapshotTask?.value
        }
        for continuation in subscribers.values { continuation.finish() }
        subscribers.removeAll()
        do { try await store.close() } catch { logger.error("closing the store failed", metadata: ["error": "\(error)"]) }
        logger.info("store flushed and closed", metadata: ["commandSequence": "\(commandSequence)", "eventSequence": "\(engine.sequence)"])
    }

    /// Stores a snapshot of the committed state now and waits for it (tests and tools; the host
    /// takes them by itself every `snapshotInterval` commands).
    public func snapshot() async {
        await snapshotTask?.value
        let (snapshot, sequence) = await read { engine, sequence in (engine.snapshot(), sequence) }
        await snapshotTask?.value
        startSnapshot(snapshot, at: sequence)
        await snapshotTask?.value
    }

    /// Encodes and stores `snapshot` (of the committed state after command `sequence`) in a task
    /// off the writer.
    private func startSnapshot(_ snapshot: LiquidationEngine.Snapshot, at sequence: Int64) {
        let (store, logger) = (store, logger)
        snapshotTask = Task.detached(priority: .utility) {
            let start = ContinuousClock.now
            do {
                let marker = try await Self.encode(snapshot, at: sequence)
                try await store.saveSnapshot(marker)
                let duration = ContinuousClock.now - start
                logger.info(
                    "snapshot stored",
                    metadata: [
                        "commandSequence": "\(sequence)", "accounts": "\(snapshot.accountCount)", "bytes": "\(marker.state?.utf8.count ?? 0)",
                        "seconds": "\(duration)",
                    ])
                await self.snapshotStored(at: sequence, after: duration)
            } catch {
                logger.error("snapshot failed", metadata: ["commandSequence": "\(sequence)", "error": "\(error)"])
                await self.snapshotStored(at: nil, after: ContinuousClock.now - start)
            }
        }
    }

    /// Encodes `snapshot` on a thread of its own at the lowest CPU priority: seconds of CPU for a
    /// large engine, which on the cooperative thread pool (as wide as the machine has cores), or
    /// at normal priority on a small machine, would hold up the writer and the request handlers.
    /// Under load the encoding waits for idle CPU instead.
    static func encode(_ snapshot: LiquidationEngine.Snapshot, at sequence: Int64) async throws(StoreError) -> SnapshotMarker {
        let result: Result<SnapshotMarker, StoreError> = await withCheckedContinuation { continuation in
            let thread = Thread {
                lowerThisThreadsPriority()
                continuation.resume(returning: Result { () throws(StoreError) in try SnapshotMarker(commandSequence: sequence, snapshot: snapshot) })
            }
            thread.name = "liquidus.snapshot"
            thread.start()
        }
        return try result.get()
    }

    private func snapshotStored(at sequence: Int64?, after duration: Duration) {
        if let sequence { lastSnapshot = max(lastSnapshot, sequence) }
        metrics.snapshotLatency.record(duration)
        nextSnapshotNotBefore = .now + duration * Self.snapshotPacing
        snapshotTask = nil
    }

    /// A periodic snapshot starts no sooner than this many times the previous one's duration
    /// after it ended, so encoding and storing snapshots takes at most a fifth of one core
    /// however large the engine and however fast the commands (the tail to replay on recovery
    /// grows instead).
    static let snapshotPacing = 4

    private func flush() async {
        while !pending.isEmpty {
            let count = min(pending.count, maxGroupCommit)
            let group = Array(pending.prefix(count))
            pending.removeFirst(count)
            await commit(group)
            if commandSequence - lastSnapshot >= snapshotInterval, snapshotTask == nil, ContinuousClock.now >= nextSnapshotNotBefore {
                startSnapshot(engine.snapshot(), at: commandSequence)
            }
        }
        flushing = false
    }

    private func commit(_ group: [(Mutation, CheckedContinuation<MutationOutcome, Never>)]) async {
        inFlight = true
        defer {
            inFlight = false
            let waiting = readers
            readers.removeAll()
            for read in waiting { read(engine, commandSequence) }
        }
        if storeSuspect, let refusal = await resynchronize() {
            for (_, continuation) in group { continuation.resume(returning: .rejected(refusal)) }
            return
        }
        engine.openInputGroup()  // the batch: undone whole if the store refuses it
        var sequence = commandSequence
        var batch = CommitBatch()
        var outcomes: [MutationOutcome] = []
        var keys: [String: (digest: String, status: Int, body: [UInt8])] = [:]
        var ticks = 0
        let now = max(engine.time, Int64(Date().timeIntervalSince1970))
        for (mutation, _) in group {
            if let key = mutation.idempotencyKey {
                var remembered = keys[key]
                if remembered == nil {
                    do {
                        if let stored = try await store.response(forKey: key) { remembered = (stored.requestDigest, stored.status, stored.body) }
                    } catch {
                        outcomes.append(.rejected(Self.unavailable(error)))
                        continue
                    }
                }
                if let remembered {
                    outcomes.append(
                        remembered.digest == mutation.digest
                            ? .replayed(status: remembered.status, body: remembered.body)
                            : .rejected(APIError(
                                .unprocessableContent, code: "idempotencyKeyReused", path: "Idempotency-Key",
                                "this key was used for a different request")))
                    continue
                }
            }
            engine.openInputGroup()  // the mutation: undone alone when one of its inputs is refused
            var events: [EngineEvent] = []
            var commands: [StoredCommand] = []
            var mutationTicks = 0
            do throws(APIError) {
                let planned = try mutation.plan(engine, max(now, engine.time))
                for item in planned {
                    let start = ContinuousClock.now
                    do {
                        events += try engine.apply(item.input)
                    } catch {
                        throw APIError.invalid(item.requestError(for: error))
                    }
                    if case .markPrice = item.input.action {
                        metrics.tickLatency.record(ContinuousClock.now - start)
                        mutationTicks += 1
                    }
                    commands.append(StoredCommand(sequence: sequence + Int64(commands.count) + 1, input: item.input))
                }
            } catch {
                engine.rollBackInputGroup()
                metrics.rejected(reason: error.code)
                outcomes.append(.rejected(error))
                continue
            }
            engine.commitInputGroup()
            sequence += Int64(commands.count)
            ticks += mutationTicks
            batch.commands += commands
            batch.events += events
            let body = Self.responseBody(commands: commands, events: events, engine: engine)
            if let key = mutation.idempotencyKey {
                keys[key] = (mutation.digest, 200, body)
                batch.responses.append(StoredResponse(key: key, requestDigest: mutation.digest, status: 200, body: body))
            }
            outcomes.append(.applied(status: 200, body: body))
        }
        if !batch.isEmpty {
            let start = ContinuousClock.now
            do {
                try await store.commit(batch)
            } catch {
                engine.rollBackInputGroup()
                storeSuspect = true
                logger.error("commit failed: the batch was rolled back", metadata: ["error": "\(error)"])
                let refusal = Self.unavailable(error)
                for (index, outcome) in outcomes.enumerated() {
                    if case .applied = outcome { outcomes[index] = .rejected(refusal) }
                }
                for (index, (_, continuation)) in group.enumerated() { continuation.resume(returning: outcomes[index]) }
                return
            }
            metrics.appendLatency.record(ContinuousClock.now - start)
            metrics.groupSize.record(Double(group.count))
            commandSequence = sequence
            metrics.commands.increment(by: Int64(batch.commands.count))
            metrics.ticks.increment(by: Int64(ticks))
            metrics.insuranceFund.set(Self.double(engine.insuranceFund))
            for event in batch.events {
                metrics.liquidation(step: event.payload.type)
                for continuation in subscribers.values { continuation.yield(event) }
            }
        }
        engine.commitInputGroup()
        for (index, (_, continuation)) in group.enumerated() { continuation.resume(returning: outcomes[index]) }
    }

    /// After a failed commit: carries on when the store's log ends where memory does; recovers
    /// the engine from the store when the failed commit reached it after all; returns the
    /// refusal for the waiting requests when the store cannot be read.
    private func resynchronize() async -> APIError? {
        do {
            let head = try await store.head()
            if head.commandSequence != commandSequence {
                logger.warning(
                    "the log and memory disagree after a failed commit: recovering from the store",
                    metadata: ["log": "\(head.commandSequence)", "memory": "\(commandSequence)"])
                let recovered = try await EngineRecovery.recover(store: store, genesis: nil)
                engine = recovered.engine
                commandSequence = recovered.commandSequence
                metrics.insuranceFund.set(Self.double(engine.insuranceFund))
            }
            storeSuspect = false
            return nil
        } catch let error as StoreError {
            return Self.unavailable(error)
        } catch {
            return APIError(.serviceUnavailable, code: "storeUnavailable", "the store cannot be recovered from: \(error)")
        }
    }

    static func unavailable(_ error: StoreError) -> APIError {
        APIError(.serviceUnavailable, code: "storeUnavailable", "the store failed; nothing was applied: \(error.code)")
    }

    /// `{"lastCommand", "commands", "eventSequence", "time", "events": [...]}`.
    static func responseBody(commands: [StoredCommand], events: [EngineEvent], engine: LiquidationEngine) -> [UInt8] {
        struct Body: Encodable {
            var commands: Int
            var lastCommand: Int64?
            var eventSequence: UInt64
            var time: Int64
            var events: [EngineEvent]
        }
        return [UInt8](JSONText.encode(Body(
            commands: commands.count, lastCommand: commands.last?.sequence, eventSequence: engine.sequence, time: engine.time, events: events)))
    }

    static func double(_ money: Money) -> Double { Double(money.units) / Double(FixedPoint.scale) }
    static func double(_ money: WideMoney) -> Double { Double(money.units) / Double(FixedPoint.scale) }
}

/// Gives the calling thread the lowest scheduling priority (Linux: nice 19 — `PRIO_PROCESS` with
/// `who` 0 is the calling thread there, nice being per thread under NPTL; elsewhere the
/// background quality of service).
func lowerThisThreadsPriority() {
    #if os(Linux)
    _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
    #else
    Thread.current.qualityOfService = .background
    #endif
}
