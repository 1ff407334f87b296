import Foundation
import LiquidusCore
@testable import LiquidusEngine
import LiquidusServer
import LiquidusStore
import Logging
import Synchronization
import Testing

/// A store in memory whose commits can be made to fail (before or after they land) or to wait
/// at a gate, to drive the writer's failure and concurrency paths.
final class ControlledStore: EngineStore {
    enum Fault: Sendable { case none, failBefore, failAfter, fenced }
    let inner: SQLiteStore
    private let fault = Mutex(Fault.none)
    private let gate = Mutex<(closed: Bool, waiting: CheckedContinuation<Void, Never>?)>((false, nil))
    let entered: AsyncStream<Void>
    private let enteredContinuation: AsyncStream<Void>.Continuation
    /// The epochs of the batches committed, in order (SQLite itself takes none).
    let epochs = Mutex<[Int64?]>([])
    /// Runs once right after the next read of the head (another writer appending meanwhile).
    let afterHead = Mutex<(@Sendable () async -> Void)?>(nil)

    init() throws {
        inner = try SQLiteStore.inMemory()
        (entered, enteredContinuation) = AsyncStream<Void>.makeStream()
    }

    /// The next commit fails as `fault` says (once).
    func failNext(_ fault: Fault) { self.fault.withLock { $0 = fault } }
    /// Commits wait at the gate until ``open()``.
    func close(gate closed: Bool) { gate.withLock { $0.closed = closed } }
    /// Lets a waiting commit through and opens the gate.
    func open() {
        let waiting = gate.withLock { state in
            state.closed = false
            defer { state.waiting = nil }
            return state.waiting
        }
        waiting?.resume()
    }

    func commit(_ batch: CommitBatch) async throws(StoreError) {
        if gate.withLock({ $0.closed }) {
            await withCheckedContinuation { continuation in
                gate.withLock { $0.waiting = continuation }
                enteredContinuation.yield()
            }
        }
        let fault = self.fault.withLock { fault in
            defer { fault = .none }
            return fault
        }
        if fault == .failBefore { throw StoreError(.writeFailed, "injected: the disk is full") }
        if fault == .fenced { throw StoreError(.fenced, "injected: epoch 1 is no longer the current one (2)") }
        var batch = batch
        epochs.withLock { $0.append(batch.epoch) }
        batch.epoch = nil
        try await inner.commit(batch)
        if fault == .failAfter { throw StoreError(.writeFailed, "injected: the acknowledgement was lost") }
    }

    func genesis() async throws(StoreError) -> String? { try await inner.genesis() }
    func initialize(genesis: String) async throws(StoreError) { try await inner.initialize(genesis: genesis) }
    func commands(after sequence: Int64, limit: Int) async throws(StoreError) -> [StoredCommand] { try await inner.commands(after: sequence, limit: limit) }
    func events(after sequence: UInt64, limit: Int) async throws(StoreError) -> [EngineEvent] { try await inner.events(after: sequence, limit: limit) }
    func head() async throws(StoreError) -> StoreHead {
        let head = try await inner.head()
        if let hook = afterHead.withLock({ hook in defer { hook = nil }; return hook }) { await hook() }
        return head
    }
    func saveSnapshot(_ snapshot: SnapshotMarker) async throws(StoreError) { try await inner.saveSnapshot(snapshot) }
    func latestSnapshot() async throws(StoreError) -> SnapshotMarker? { try await inner.latestSnapshot() }
    func snapshot(at commandSequence: Int64) async throws(StoreError) -> SnapshotMarker? { try await inner.snapshot(at: commandSequence) }
    func snapshotMarkers() async throws(StoreError) -> [SnapshotMarker] { try await inner.snapshotMarkers() }
    func response(forKey key: String) async throws(StoreError) -> StoredResponse? { try await inner.response(forKey: key) }
    func retention() async throws(StoreError) -> StoreRetention { try await inner.retention() }
    func prune(through snapshot: SnapshotMarker) async throws(StoreError) { try await inner.prune(through: snapshot) }
    func close() async throws(StoreError) { try await inner.close() }
}

/// The writer applies in place, rolls back refused mutations and failed commits exactly, and
/// answers reads with committed state only.
@Suite struct EngineHostTests {
    static let genesis = EngineGenesis(venue: "liquidus", insuranceFund: Money(1_000))

    static func host(_ store: ControlledStore, snapshotInterval: Int64 = 10_000, leadership: Leadership = .standalone) async throws -> EngineHost {
        let recovered = try await EngineRecovery.recover(store: store, genesis: genesis)
        return EngineHost(
            recovered: recovered, store: store, metrics: ServerMetrics(), logger: Logger(label: "test"), snapshotInterval: snapshotInterval,
            leadership: leadership)
    }

    /// A mutation of fixed inputs (the key, when given, makes it idempotent).
    static func mutation(_ inputs: [EngineInput], key: String? = nil, digest: String = "d") -> Mutation {
        Mutation(idempotencyKey: key, digest: digest) { _, _ in inputs.enumerated().map { Mutation.Planned($1, path: "inputs[\($0)]") } }
    }

    /// alice: cross, long 0.5 BTC from 30,000 with 1,000 — liquidated at 28,100 (see the harness).
    static let setup = [
        EngineInput(time: 100, .markPrice(market: "BTCUSDT", price: Price(30_000))),
        EngineInput(time: 100, .setAccount(id: "alice", marginMode: .cross, walletBalance: Money(1_000), positions: [
            Position(market: "BTCUSDT", size: Quantity(units: 50_000_000), entryPrice: Price(30_000)),
        ], openOrders: [])),
    ]
    static let crash = EngineInput(time: 101, .markPrice(market: "BTCUSDT", price: Price(28_100)))

    /// The engine a clean run of `inputs` gives.
    static func reference(_ inputs: [EngineInput]) throws -> LiquidationEngine {
        var engine = try genesis.makeEngine()
        for input in inputs { _ = try engine.apply(input) }
        return engine
    }

    static func applied(_ outcome: MutationOutcome) -> Bool { if case .applied = outcome { true } else { false } }

    /// A mutation whose second input is refused changes nothing; one whose commit fails is rolled
    /// back whole (503), and the same mutation then commits with the events a clean run gives.
    @Test func refusalsAndFailedCommitsRollBack() async throws {
        let store = try ControlledStore()
        let host = try await Self.host(store)
        #expect(Self.applied(await host.submit(Self.mutation(Self.setup))))
        let before = await host.summary()

        let refused = await host.submit(Self.mutation([Self.crash, EngineInput(time: 101, .deposit(account: "nobody", amount: Money(1)))]))
        guard case .rejected(let error) = refused else { Issue.record("accepted: \(refused)"); return }
        #expect(error.path == "inputs[1]" && error.code == "unknownReference")
        #expect(await host.summary() == before)

        store.failNext(.failBefore)
        guard case .rejected(let unavailable) = await host.submit(Self.mutation([Self.crash])) else { Issue.record("a failed commit was acknowledged"); return }
        #expect(unavailable.code == "storeUnavailable")
        #expect(await host.summary() == before)
        #expect(try await store.head().commandSequence == 2)

        guard case .applied(_, let body) = await host.submit(Self.mutation([Self.crash])) else { Issue.record("not applied"); return }
        #expect(String(decoding: body, as: UTF8.self).contains("positionTakenOver"))
        let reference = try Self.reference(Self.setup + [Self.crash])
        let after = await host.summary()
        #expect(after.stateHash == reference.stateHash && after.commandSequence == 3 && after.eventSequence == reference.sequence)
    }

    /// A commit that reached the log but whose acknowledgement was lost: the writer notices the
    /// log ahead of memory before the next batch and recovers from the store; a retry with the
    /// same idempotency key then gets the stored response.
    @Test func lostAcknowledgementIsRecoveredFromTheStore() async throws {
        let store = try ControlledStore()
        let host = try await Self.host(store)
        #expect(Self.applied(await host.submit(Self.mutation(Self.setup))))
        store.failNext(.failAfter)
        guard case .rejected = await host.submit(Self.mutation([Self.crash], key: "crash-1")) else { Issue.record("acknowledged"); return }
        #expect(try await store.head().commandSequence == 3)  // it did land
        guard case .replayed = await host.submit(Self.mutation([Self.crash], key: "crash-1")) else { Issue.record("not replayed"); return }
        let summary = await host.summary()
        let reference = try Self.reference(Self.setup + [Self.crash])
        #expect(summary.commandSequence == 3 && summary.stateHash == reference.stateHash)
    }

    /// While a batch is being committed, a read waits and then sees the committed state; the
    /// mutations that queued meanwhile are committed together, a refused one among them alone
    /// undone.
    @Test func readsSeeCommittedStateAndBatchesKeepTheirGoodMutations() async throws {
        let store = try ControlledStore()
        let host = try await Self.host(store)
        let empty = await host.summary()
        store.close(gate: true)
        async let first = host.submit(Self.mutation(Self.setup))
        var entered = store.entered.makeAsyncIterator()
        await entered.next()  // the setup is applied in memory, its commit waits at the gate
        let read = Task { await host.summary() }
        async let good = host.submit(Self.mutation([Self.crash]))
        async let bad = host.submit(Self.mutation([EngineInput(time: 102, .deposit(account: "nobody", amount: Money(1)))]))
        async let later = host.submit(Self.mutation([EngineInput(time: 103, .markPrice(market: "BTCUSDT", price: Price(28_000)))]))
        try await Task.sleep(for: .milliseconds(100))
        store.open()
        #expect(Self.applied(await first))
        let seen = await read.value
        #expect(seen != empty && seen.commandSequence == 2, "the read waited for the commit and saw it")
        #expect(seen.stateHash == (try Self.reference(Self.setup)).stateHash)
        #expect(Self.applied(await good))
        guard case .rejected = await bad else { Issue.record("accepted"); return }
        #expect(Self.applied(await later))
        let reference = try Self.reference(Self.setup + [Self.crash, EngineInput(time: 103, .markPrice(market: "BTCUSDT", price: Price(28_000)))])
        #expect(await host.summary().stateHash == reference.stateHash)
    }

    /// Snapshots are taken every `snapshotInterval` commands off the writer and restore to the
    /// engine they were taken of; recovery restores the latest and replays only the tail.
    @Test func periodicSnapshotsRestore() async throws {
        let store = try ControlledStore()
        let host = try await Self.host(store, snapshotInterval: 2)
        var inputs = Self.setup
        #expect(Self.applied(await host.submit(Self.mutation(Self.setup))))
        for step in 0..<5 {
            let tick = EngineInput(time: 101 + Int64(step), .markPrice(market: "BTCUSDT", price: Price(29_000 + 100 * step)))
            inputs.append(tick)
            #expect(Self.applied(await host.submit(Self.mutation([tick]))))
        }
        await host.snapshot()
        let markers = try await store.snapshotMarkers()
        #expect(markers.count >= 2 && markers.last?.commandSequence == 7)
        let recovered = try await EngineRecovery.recover(store: store, genesis: nil)
        #expect(recovered.restoredSnapshot?.commandSequence == 7 && recovered.replayedCommands == 0)
        #expect(recovered.engine.stateHash == (try Self.reference(inputs)).stateHash)
        let full = try await EngineRecovery.recover(store: store, genesis: nil, mode: .fullReplay)
        #expect(full.engine.stateHash == recovered.engine.stateHash)
        #expect(full.verifiedSnapshots == markers.map(\.commandSequence))
    }
}
