import HTTPTypes
import Foundation
public import LiquidusCore
public import LiquidusEngine
public import LiquidusStore
public import Logging
import Prometheus

/// The engine's single writer: it owns the ``LiquidationEngine`` and the store, and applies
/// mutations one at a time, in arrival order.
///
/// Each mutation is planned and applied to a copy of the engine (an invalid one is refused and
/// changes nothing); the inputs of every mutation that arrived while the previous commit was in
/// flight are appended to the command log together with their events and idempotent responses in
/// **one** durable commit (group commit: one fsync for many requests); only then does the copy
/// become the engine's state and are the requests answered and the events published. A failed
/// commit answers 503 and leaves the state as it was.
public actor EngineHost {
    /// The engine, as of the last durable commit.
    public private(set) var engine: LiquidationEngine
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
    private var lastSnapshot: Int64
    private var subscribers: [UInt64: AsyncStream<EngineEvent>.Continuation] = [:]
    private var nextSubscriber: UInt64 = 0

    /// Wraps a recovered engine (see ``EngineRecovery``).
    public init(
        recovered: EngineRecovery.Result, store: any EngineStore, metrics: ServerMetrics, logger: Logger,
        snapshotInterval: Int64 = 10_000, maxGroupCommit: Int = 512
    ) {
        self.engine = recovered.engine
        self.commandSequence = recovered.commandSequence
        self.lastSnapshot = recovered.commandSequence
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

    /// The engine and the last command's sequence, together.
    public func state() -> (engine: LiquidationEngine, commandSequence: Int64) { (engine, commandSequence) }

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

    /// Stops accepting mutations, waits for those in flight, stores a snapshot marker and closes
    /// the store.
    public func shutdown() async {
        closed = true
        while flushing || !pending.isEmpty { try? await Task.sleep(for: .milliseconds(2)) }
        await snapshot()
        for continuation in subscribers.values { continuation.finish() }
        subscribers.removeAll()
        do { try await store.close() } catch { logger.error("closing the store failed", metadata: ["error": "\(error)"]) }
        logger.info("store flushed and closed", metadata: ["commandSequence": "\(commandSequence)", "eventSequence": "\(engine.sequence)"])
    }

    /// Stores a snapshot marker of the current state, if there is something new since the last.
    public func snapshot() async {
        let marker = SnapshotMarker(commandSequence: commandSequence, eventSequence: engine.sequence, stateHash: engine.stateHash)
        do {
            try await store.saveSnapshot(marker)
            lastSnapshot = commandSequence
        } catch {
            logger.error("snapshot failed", metadata: ["error": "\(error)"])
        }
    }

    private func flush() async {
        while !pending.isEmpty {
            let count = min(pending.count, maxGroupCommit)
            let group = Array(pending.prefix(count))
            pending.removeFirst(count)
            await commit(group)
            if commandSequence - lastSnapshot >= snapshotInterval { await snapshot() }
        }
        flushing = false
    }

    private func commit(_ group: [(Mutation, CheckedContinuation<MutationOutcome, Never>)]) async {
        var scratch = engine
        var sequence = commandSequence
        var batch = CommitBatch()
        var outcomes: [MutationOutcome] = []
        var keys: [String: (digest: String, status: Int, body: [UInt8])] = [:]
        var ticks = 0
        let now = max(scratch.time, Int64(Date().timeIntervalSince1970))
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
            var trial = scratch
            var events: [EngineEvent] = []
            var commands: [StoredCommand] = []
            var trialTicks = 0
            do throws(APIError) {
                let planned = try mutation.plan(trial, max(now, trial.time))
                for item in planned {
                    let start = ContinuousClock.now
                    do {
                        events += try trial.apply(item.input)
                    } catch {
                        throw APIError.invalid(
                            error.path == "time" ? ValidationError(error.code, at: item.timePath, error.message) : error.prefixedOrPlaced(at: item.path))
                    }
                    if case .markPrice = item.input.action {
                        metrics.tickLatency.record(ContinuousClock.now - start)
                        trialTicks += 1
                    }
                    commands.append(StoredCommand(sequence: sequence + Int64(commands.count) + 1, input: item.input))
                }
            } catch {
                metrics.rejected(reason: error.code)
                outcomes.append(.rejected(error))
                continue
            }
            scratch = trial
            sequence += Int64(commands.count)
            ticks += trialTicks
            batch.commands += commands
            batch.events += events
            let body = Self.responseBody(commands: commands, events: events, engine: scratch)
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
                logger.error("commit failed: nothing of this group was applied", metadata: ["error": "\(error)"])
                let refusal = Self.unavailable(error)
                for (index, outcome) in outcomes.enumerated() {
                    if case .applied = outcome { outcomes[index] = .rejected(refusal) }
                }
                for (index, (_, continuation)) in group.enumerated() { continuation.resume(returning: outcomes[index]) }
                return
            }
            metrics.appendLatency.record(ContinuousClock.now - start)
            metrics.groupSize.record(Double(group.count))
            engine = scratch
            commandSequence = sequence
            metrics.commands.increment(by: Int64(batch.commands.count))
            metrics.ticks.increment(by: Int64(ticks))
            metrics.insuranceFund.set(Self.double(engine.insuranceFund))
            for event in batch.events {
                metrics.liquidation(step: event.payload.type)
                for continuation in subscribers.values { continuation.yield(event) }
            }
        }
        for (index, (_, continuation)) in group.enumerated() { continuation.resume(returning: outcomes[index]) }
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
}

extension ValidationError {
    /// The error placed at `path` when it names a field of the engine's input rather than of the
    /// request (the request path is where the client must look).
    func prefixedOrPlaced(at path: String) -> ValidationError {
        ValidationError(code, at: path, message)
    }
}
