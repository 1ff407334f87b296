import HTTPTypes
import Prometheus
import Foundation
import LiquidusCheck
import LiquidusCore
import LiquidusEngine
import LiquidusStore
import Logging

extension EngineHost {
    /// A batch being built: the commands, events and idempotent responses of the mutations
    /// applied so far, to be made durable in one commit.
    struct BatchInProgress {
        /// The log's last command before the batch.
        let firstSequence: Int64
        /// The last command's sequence so far.
        var sequence: Int64
        /// The server's clock for inputs without a time.
        let now: Int64
        var batch = CommitBatch()
        /// Responses remembered within the batch, by idempotency key (before the store has them).
        var responses: [String: StoredResponse] = [:]
        var ticks = 0
    }

    func flush() async {
        while !pending.isEmpty {
            let count = min(pending.count, maxGroupCommit)
            let group = Array(pending.prefix(count))
            pending.removeFirst(count)
            await commit(group)
            if leadership.writes, commandSequence - lastSnapshot >= snapshotInterval, snapshotTask == nil,
                ContinuousClock.now >= nextSnapshotNotBefore
            {
                startSnapshot(engine.snapshot(), at: commandSequence)
            }
        }
        flushing = false
    }

    /// Applies a group of mutations as one batch, makes it durable in one commit, then answers
    /// each mutation and publishes the events; a failed commit undoes the whole batch.
    func commit(_ group: [(Mutation, CheckedContinuation<MutationOutcome, Never>)]) async {
        guard leadership.writes else {
            for (_, continuation) in group { continuation.resume(returning: .rejected(.notLeader)) }
            return
        }
        inFlight = true
        defer { serveWaitingReaders() }
        if storeSuspect, let refusal = await resynchronize() {
            for (_, continuation) in group { continuation.resume(returning: .rejected(refusal)) }
            return
        }
        engine.openInputGroup()  // the batch: undone whole if the store refuses it
        var batch = BatchInProgress(
            firstSequence: commandSequence, sequence: commandSequence, now: max(engine.time, Self.clock(in: engine.timeUnit)))
        batch.batch.epoch = leadership.fence
        let remembered = await rememberedResponses(of: group.map(\.0))
        var outcomes: [MutationOutcome] = []
        for (mutation, _) in group { outcomes.append(admit(mutation, into: &batch, remembered: remembered)) }
        if !batch.batch.isEmpty {
            if let refusal = await makeDurable(batch) {
                engine.rollBackInputGroup()
                outcomes = outcomes.map { outcome in if case .applied = outcome { .rejected(refusal) } else { outcome } }
                for (index, (_, continuation)) in group.enumerated() { continuation.resume(returning: outcomes[index]) }
                return
            }
            publish(batch, requests: group.count)
        }
        engine.commitInputGroup()
        for (index, (_, continuation)) in group.enumerated() { continuation.resume(returning: outcomes[index]) }
    }

    /// The stored responses of the idempotency keys of `mutations`, read at once (one round trip
    /// per batch, not per request), or why the store could not be read.
    /// The wall clock in engine time: milliseconds since the Unix epoch (seconds for a log that
    /// records no unit), rounded down.
    static func clock(in unit: TimeUnit) -> Int64 {
        Int64((Date().timeIntervalSince1970 * Double(unit.perSecond)).rounded(.down))
    }

    func rememberedResponses(of mutations: [Mutation]) async -> Result<[String: StoredResponse], StoreError> {
        let keys = mutations.compactMap(\.idempotencyKey)
        guard !keys.isEmpty else { return .success([:]) }
        do throws(StoreError) { return .success(try await store.responses(forKeys: keys)) } catch { return .failure(error) }
    }

    /// What becomes of one mutation of the batch: the remembered response of a retry (from the
    /// batch, or the store's as read in `remembered`), a refusal of a reused key, or the mutation
    /// applied.
    func admit(_ mutation: Mutation, into batch: inout BatchInProgress, remembered: Result<[String: StoredResponse], StoreError>) -> MutationOutcome {
        guard let key = mutation.idempotencyKey else { return apply(mutation, into: &batch) }
        let stored: StoredResponse?
        switch (batch.responses[key], remembered) {
        case (let response?, _): stored = response
        case (nil, .success(let responses)): stored = responses[key]
        case (nil, .failure(let error)): return .rejected(Self.unavailable(error))
        }
        guard let remembered = stored else { return apply(mutation, into: &batch) }
        guard remembered.requestDigest == mutation.digest else {
            return .rejected(APIError(
                .unprocessableContent, code: "idempotencyKeyReused", path: "Idempotency-Key", "this key was used for a different request"))
        }
        return .replayed(status: remembered.status, body: remembered.body)
    }

    /// Plans `mutation` against the current state and applies its inputs in an input group of
    /// their own: all of them, or — when one is refused — none (the group is rolled back and the
    /// request gets the engine's reason at its path).
    func apply(_ mutation: Mutation, into batch: inout BatchInProgress) -> MutationOutcome {
        engine.openInputGroup()
        var events: [EngineEvent] = []
        var commands: [StoredCommand] = []
        var ticks = 0
        do throws(APIError) {
            for item in try mutation.plan(engine, max(batch.now, engine.time)) {
                let start = ContinuousClock.now
                do { events += try engine.apply(item.input) } catch { throw APIError.invalid(item.requestError(for: error)) }
                if case .markPrice = item.input.action {
                    metrics.tickLatency.record(ContinuousClock.now - start)
                    ticks += 1
                }
                commands.append(StoredCommand(sequence: batch.sequence + Int64(commands.count) + 1, input: item.input))
            }
        } catch {
            engine.rollBackInputGroup()
            return .rejected(error)
        }
        engine.commitInputGroup()
        batch.sequence += Int64(commands.count)
        batch.ticks += ticks
        batch.batch.commands += commands
        batch.batch.events += events
        let body = Self.responseBody(commands: commands, events: events, engine: engine)
        if let key = mutation.idempotencyKey {
            let response = StoredResponse(key: key, requestDigest: mutation.digest, status: 200, body: body, commandSequence: batch.sequence)
            batch.responses[key] = response
            batch.batch.responses.append(response)
        }
        return .applied(status: 200, body: body)
    }

    /// Appends the batch to the log in one durable commit; the refusal for its requests when the
    /// store fails (the store is then suspect until ``resynchronize()``).
    func makeDurable(_ batch: BatchInProgress) async -> APIError? {
        let start = ContinuousClock.now
        do {
            try await store.commit(batch.batch)
        } catch where error.code == .fenced {
            return fenced(error)
        } catch {
            storeSuspect = true
            logger.error("commit failed: the batch was rolled back", metadata: ["error": "\(error)"])
            return Self.unavailable(error)
        }
        metrics.appendLatency.record(ContinuousClock.now - start)
        commandSequence = batch.sequence
        metrics.appliedCommand.set(Double(commandSequence))
        return nil
    }

    /// After a commit the store refused because another member holds a newer epoch: nothing of
    /// the batch was stored (the caller rolls it back), so memory is the log's prefix it was
    /// before; a leader becomes a standby and tells the cluster. The refusal for the requests.
    func fenced(_ error: StoreError) -> APIError {
        logger.warning("a commit was fenced: this member no longer leads", metadata: ["error": "\(error)"])
        if case .leader(let epoch) = leadership {
            leadership = .standby
            metrics.leadership(.standby)
            if let leadershipLost { Task { await leadershipLost(epoch) } }
        }
        return .notLeader
    }

    /// After a durable commit: the metrics, and the events to the subscribers.
    func publish(_ batch: BatchInProgress, requests: Int) {
        metrics.groupSize.record(Double(requests))
        metrics.commands.increment(by: Int64(batch.batch.commands.count))
        metrics.ticks.increment(by: Int64(batch.ticks))
        metrics.insuranceFund.set(Self.double(engine.insuranceFund))
        broadcast(batch.batch.events)
    }

    /// Counts `events` and hands them to the subscribers.
    func broadcast(_ events: [EngineEvent]) {
        for event in events {
            metrics.liquidation(step: event.payload.type)
            for continuation in subscribers.values { continuation.yield(event) }
        }
    }

    /// Ends the batch in flight and runs the reads that waited for it.
    func serveWaitingReaders() {
        inFlight = false
        let waiting = readers
        readers.removeAll()
        for read in waiting { read(engine, commandSequence) }
    }

    /// After a failed commit: carries on when the store's log ends where memory does; recovers
    /// the engine from the store when the failed commit reached it after all; returns the
    /// refusal for the waiting requests when the store cannot be read.
    func resynchronize() async -> APIError? {
        do {
            let head = try await store.head()
            if head.commandSequence != commandSequence {
                logger.warning(
                    "the log and memory disagree after a failed commit: recovering from the store",
                    metadata: ["log": "\(head.commandSequence)", "memory": "\(commandSequence)"])
                replaceEngine(with: try await EngineRecovery.recover(store: store, genesis: nil))
            }
            storeSuspect = false
            return nil
        } catch let error as StoreError {
            logger.warning("the store is still unavailable", metadata: ["error": "\(error)"])
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
        return [UInt8](JSONWriter.compact.encode(Body(
            commands: commands.count, lastCommand: commands.last?.sequence, eventSequence: engine.sequence, time: engine.time, events: events)))
    }
}
