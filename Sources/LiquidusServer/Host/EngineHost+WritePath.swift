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

    /// A batch in the pipeline: applied to the engine (in an input group of its own, inside the
    /// groups of the batches launched before it), its commit in flight or finished, its
    /// requests not yet answered.
    struct PipelinedBatch {
        let id: UInt64
        let group: [(Mutation, CheckedContinuation<MutationOutcome, Never>)]
        let outcomes: [MutationOutcome]
        let batch: BatchInProgress
        /// `nil` while the commit is in flight; the commit's duration with its outcome.
        var result: (Result<Void, StoreError>, Duration)?
    }

    /// The most batch input groups open at once: the pipeline then drains (the groups are
    /// closed only when no commit is in flight), bounding what a rollback holds.
    static let maxOpenBatches = 32

    /// The writer's loop: launches batches while the pipeline has room, resolves them in order as
    /// their commits finish, and drains the pipeline (every commit resolved, the batch groups
    /// closed) for waiting reads and periodic snapshots, which see committed state only.
    func flush() async {
        while true {
            resolveFinished()
            if canLaunch {
                let count = min(pending.count, maxGroupCommit)
                let group = Array(pending.prefix(count))
                pending.removeFirst(count)
                await launch(group)
            } else if pipeline.isEmpty {
                if periodicSnapshotDue { startPeriodicSnapshot() }
                if pending.isEmpty { break }
            } else {
                await withCheckedContinuation { pipelineWake = $0 }
            }
        }
        flushing = false
    }

    /// Whether the next batch may start now: requests wait, the pipeline has room, no read or
    /// snapshot waits for it to drain, and no failure is being undone.
    var canLaunch: Bool {
        guard !pending.isEmpty, readers.isEmpty, !failing, pipeline.count < commitsInFlight, openBatches < Self.maxOpenBatches else { return false }
        return !periodicSnapshotDue || pipeline.isEmpty
    }

    /// Resumes the writer's loop when it waits for a commit or a request.
    func wakePipeline() {
        pipelineWake?.resume()
        pipelineWake = nil
    }

    /// Applies a group of mutations as one batch on top of the batches in flight, and starts its
    /// commit; its requests are answered when it and every batch before it are durable.
    func launch(_ group: [(Mutation, CheckedContinuation<MutationOutcome, Never>)]) async {
        guard leadership.writes else {
            for (_, continuation) in group { continuation.resume(returning: .rejected(.notLeader)) }
            return
        }
        launching = true
        defer { launching = false }
        // Only with nothing in flight: a failure is undone once every batch in flight resolved.
        if storeSuspect, let refusal = await resynchronize() {
            for (_, continuation) in group { continuation.resume(returning: .rejected(refusal)) }
            return
        }
        let remembered = await rememberedResponses(of: group.map(\.0))
        let sharedFund = await sharedFundBalance()
        let received = await exchangeDue ? await readExchange() : .success(nil)
        guard leadership.writes else {
            for (_, continuation) in group { continuation.resume(returning: .rejected(.notLeader)) }
            return
        }
        if case .failure(let error) = received {
            for (_, continuation) in group { continuation.resume(returning: .rejected(Self.unavailable(error))) }
            return
        }
        if case .failure(let error) = sharedFund {
            for (_, continuation) in group { continuation.resume(returning: .rejected(Self.unavailable(error))) }
            return
        }
        engine.openInputGroup()  // the batch: undone whole if its commit, or one before it, fails
        openBatches += 1
        var batch = BatchInProgress(firstSequence: tip, sequence: tip, now: max(engine.time, Self.clock(in: engine.timeUnit)))
        batch.batch.epoch = leadership.fence
        if case .success(let balance?) = sharedFund { synchronizeFund(to: balance, into: &batch) }
        // Everything after the balance — other shards' orders included — is the batch's change.
        let fundAtStart = engine.insuranceFund
        engine.resetLowestInsuranceFund()
        if case .success(let exchange?) = received { receive(exchange, into: &batch) }
        let outcomes = group.map { admit($0.0, into: &batch, remembered: remembered) }
        if case .success(.some) = sharedFund, let refusal = recordFundChange(from: fundAtStart, into: &batch) {
            engine.rollBackInputGroup()
            openBatches -= 1
            for (_, continuation) in group { continuation.resume(returning: .rejected(refusal)) }
            return
        }
        tip = batch.sequence
        for response in batch.batch.responses { pipelineResponses[response.key] = response }
        nextBatch += 1
        let (id, rows, store) = (nextBatch, batch.batch, store)
        pipeline.append(PipelinedBatch(id: id, group: group, outcomes: outcomes, batch: batch, result: rows.isEmpty ? (.success(()), .zero) : nil))
        guard !rows.isEmpty else { return }
        Task {
            let start = ContinuousClock.now
            let result: Result<Void, StoreError>
            do throws(StoreError) {
                try await store.commit(rows)
                result = .success(())
            } catch { result = .failure(error) }
            await self.finished(id, result, after: ContinuousClock.now - start)
        }
    }

    /// Records the outcome of batch `id`'s commit.
    func finished(_ id: UInt64, _ result: Result<Void, StoreError>, after duration: Duration) {
        guard let index = pipeline.firstIndex(where: { $0.id == id }) else { return }
        pipeline[index].result = (result, duration)
        wakePipeline()
    }

    /// Answers the batches whose commits, and every one before them, succeeded; after a failure,
    /// once every commit in flight has finished, undoes the failed batch and all after it. With
    /// nothing left in flight, drains.
    func resolveFinished() {
        while !failing, let first = pipeline.first, let finished = first.result {
            guard case .success = finished.0 else {
                failing = true
                break
            }
            pipeline.removeFirst()
            fundRetries = 0
            acknowledge(first, after: finished.1)
            publishRankingsIfDue()
        }
        if failing, pipeline.allSatisfy({ $0.result != nil }) { undoPipeline() }
        if pipeline.isEmpty, !launching { drain() }
    }

    /// A durable batch: the log's head moves on, the events are published, the requests answered.
    func acknowledge(_ entry: PipelinedBatch, after duration: Duration) {
        if !entry.batch.batch.isEmpty {
            metrics.appendLatency.record(duration)
            commandSequence = entry.batch.sequence
            metrics.appliedCommand.set(Double(commandSequence))
            publish(entry.batch, requests: entry.group.count)
        }
        for (index, (_, continuation)) in entry.group.enumerated() { continuation.resume(returning: entry.outcomes[index]) }
    }

    /// Undoes the pipeline from its first batch (whose commit failed) to its last, whatever
    /// became of their own commits: memory returns to the last acknowledged batch, and the
    /// requests get 503 (a replayed answer too: it may be one of these batches'). A fenced
    /// commit makes the host a standby; any other failure makes the store suspect, so the next
    /// batch first removes what these commits left in the log, or recovers from it when the
    /// failed commit reached it after all (``resynchronize()``).
    func undoPipeline() {
        for _ in pipeline {
            engine.rollBackInputGroup()
            openBatches -= 1
        }
        tip = commandSequence
        let errors = pipeline.compactMap { entry -> StoreError? in
            if case .failure(let error)? = entry.result?.0 { error } else { nil }
        }
        if errors.allSatisfy({ $0.code == .fundShort }), requeueAfterFundShort() { return }
        let refusal: APIError
        if errors.contains(where: { $0.code == .fundShort }) {
            refusal = APIError(.serviceUnavailable, code: "fundContended", "other shards kept drawing the shared insurance fund; nothing was applied")
        } else if let fence = errors.first(where: { $0.code == .fenced }) {
            refusal = fenced(fence)
        } else {
            storeSuspect = true
            logger.error("commit failed: the batches in flight were rolled back", metadata: ["error": "\(errors.first.map { "\($0)" } ?? "")"])
            refusal = errors.first.map(Self.unavailable) ?? .notLeader
        }
        for entry in pipeline {
            for (index, (_, continuation)) in entry.group.enumerated() {
                let outcome: MutationOutcome = if case .rejected = entry.outcomes[index] { entry.outcomes[index] } else { .rejected(refusal) }
                continuation.resume(returning: outcome)
            }
        }
        pipeline.removeAll()
        failing = false
    }

    /// With no commit in flight: keeps what the batch groups applied (memory is the log), forgets
    /// the responses of the batches that were in flight (the store has those that were
    /// committed), and runs the reads that waited.
    func drain() {
        while openBatches > 0 {
            engine.commitInputGroup()
            openBatches -= 1
        }
        pipelineResponses.removeAll()
        serveWaitingReaders()
    }

    /// The wall clock in engine time: milliseconds since the Unix epoch (seconds for a log that
    /// records no unit), rounded down.
    static func clock(in unit: TimeUnit) -> Int64 {
        Int64((Date().timeIntervalSince1970 * Double(unit.perSecond)).rounded(.down))
    }

    /// The stored responses of the idempotency keys of `mutations`, read at once (one round trip
    /// per batch, not per request), or why the store could not be read.
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
        switch (batch.responses[key] ?? pipelineResponses[key], remembered) {
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

    /// Runs the reads that waited for the pipeline to drain.
    func serveWaitingReaders() {
        let waiting = readers
        readers.removeAll()
        for read in waiting { read(engine, commandSequence) }
    }

    /// After a failed commit (nothing in flight): removes what commits that were never
    /// acknowledged left in the log beyond memory's last command and carries on; recovers the
    /// engine from the store when the failed commit reached the log after all; returns the
    /// refusal for the waiting requests when the store cannot be read or written, or fences.
    func resynchronize() async -> APIError? {
        do {
            if try await !store.discardUnacknowledged(after: head, epoch: leadership.fence) {
                logger.warning(
                    "the log continues past memory after a failed commit: recovering from the store",
                    metadata: ["memory": "\(commandSequence)"])
                replaceEngine(with: try await EngineRecovery.recover(store: store, genesis: nil))
                guard try await store.discardUnacknowledged(after: head, epoch: leadership.fence) else {
                    return APIError(.serviceUnavailable, code: "storeUnavailable", "the log moved on while the engine was recovered")
                }
            }
            storeSuspect = false
            return nil
        } catch let error as StoreError where error.code == .fenced {
            return fenced(error)
        } catch let error as StoreError {
            logger.warning("the store is still unavailable", metadata: ["error": "\(error)"])
            return Self.unavailable(error)
        } catch {
            return APIError(.serviceUnavailable, code: "storeUnavailable", "the store cannot be recovered from: \(error)")
        }
    }

    /// Memory's last command and event (committed state: nothing in flight).
    var head: StoreHead { StoreHead(commandSequence: commandSequence, eventSequence: engine.sequence) }

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
