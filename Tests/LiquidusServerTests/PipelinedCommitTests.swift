import Foundation
import LiquidusCore
import LiquidusEngine
import LiquidusServer
import LiquidusStore
import Logging
import Synchronization
import Testing

/// A PostgreSQL store whose next commit can be held at a gate and then fail without reaching the
/// database, while the commits after it go through: the pipeline's failure path. Its next commit
/// that changes a shared fund can also run a step first (another shard's draw, say).
final class GatedPostgresStore: EngineStore {
    let inner: PostgresStore
    private let gate = Mutex<(armed: Bool, waiting: CheckedContinuation<Void, Never>?)>((false, nil))
    private let beforeFundChange = Mutex<(@Sendable () async -> Void)?>(nil)

    init(_ inner: PostgresStore) { self.inner = inner }

    /// The next commit waits until ``release()``, then fails.
    func holdNextAndFail() { gate.withLock { $0.armed = true } }
    /// Whether a commit waits at the gate.
    var holding: Bool { gate.withLock { $0.waiting != nil } }
    func release() { gate.withLock { state in defer { state.waiting = nil }; return state.waiting }?.resume() }

    var commitsInFlight: Int { inner.commitsInFlight }
    var mayHoldGaps: Bool { inner.mayHoldGaps }
    /// Runs `step` before the next commit that changes the shared fund.
    func beforeNextFundChange(_ step: @escaping @Sendable () async -> Void) { beforeFundChange.withLock { $0 = step } }
    func sharedInsuranceFund() async throws(StoreError) -> Money? { try await inner.sharedInsuranceFund() }

    func commit(_ batch: CommitBatch) async throws(StoreError) {
        if batch.fundChange != nil, let step = beforeFundChange.withLock({ step in defer { step = nil }; return step }) { await step() }
        let held = gate.withLock { state in defer { state.armed = false }; return state.armed }
        guard !held else {
            await withCheckedContinuation { continuation in gate.withLock { $0.waiting = continuation } }
            throw StoreError(.writeFailed, "injected: the connection was lost")
        }
        try await inner.commit(batch)
    }
    func discardUnacknowledged(after head: StoreHead, epoch: Int64?) async throws(StoreError) -> Bool {
        try await inner.discardUnacknowledged(after: head, epoch: epoch)
    }
    func genesis() async throws(StoreError) -> String? { try await inner.genesis() }
    func initialize(genesis: String) async throws(StoreError) { try await inner.initialize(genesis: genesis) }
    func commands(after sequence: Int64, limit: Int) async throws(StoreError) -> [StoredCommand] { try await inner.commands(after: sequence, limit: limit) }
    func events(after sequence: UInt64, limit: Int) async throws(StoreError) -> [EngineEvent] { try await inner.events(after: sequence, limit: limit) }
    func head() async throws(StoreError) -> StoreHead { try await inner.head() }
    func saveSnapshot(_ snapshot: SnapshotMarker) async throws(StoreError) { try await inner.saveSnapshot(snapshot) }
    func latestSnapshot() async throws(StoreError) -> SnapshotMarker? { try await inner.latestSnapshot() }
    func snapshot(at commandSequence: Int64) async throws(StoreError) -> SnapshotMarker? { try await inner.snapshot(at: commandSequence) }
    func snapshotMarkers() async throws(StoreError) -> [SnapshotMarker] { try await inner.snapshotMarkers() }
    func response(forKey key: String) async throws(StoreError) -> StoredResponse? { try await inner.response(forKey: key) }
    func retention() async throws(StoreError) -> StoreRetention { try await inner.retention() }
    func prune(through snapshot: SnapshotMarker) async throws(StoreError) { try await inner.prune(through: snapshot) }
    func close() async throws(StoreError) { try await inner.close() }
}

/// Commits in flight together on PostgreSQL: a batch is answered only once every batch before it
/// is durable, and a failed one takes those after it down with it — even one PostgreSQL stored —
/// without a gap left in the log or a write lost.
@Suite(.serialized) struct PipelinedCommitTests {
    typealias Host = EngineHostTests
    static let url = ProcessInfo.processInfo.environment["LIQUIDUS_TEST_POSTGRES_URL"]

    static func mark(_ price: Int, time: Int64) -> EngineInput { EngineInput(time: time, .markPrice(market: "BTCUSDT", price: Price(price))) }

    @Test(.enabled(if: url != nil, "needs PostgreSQL (eval \"$(bash .ci/postgres.sh)\")"))
    func aFailedCommitUndoesTheLaterOnesAndTheirRowsAreRemoved() async throws {
        let postgres = try await PostgresStore.connect(
            url: Self.url ?? "", schema: "pipeline_\(UInt32.random(in: 0...UInt32.max))", timeout: .seconds(120), operationTimeout: .seconds(60), commitsInFlight: 4)
        defer { Task { try? await postgres.dropSchema(); try? await postgres.close() } }
        let store = GatedPostgresStore(postgres)
        let recovered = try await EngineRecovery.recover(store: store, genesis: Host.genesis)
        let host = EngineHost(recovered: recovered, store: store, metrics: ServerMetrics(), logger: Logger(label: "test"))
        #expect(Host.applied(await host.submit(Host.mutation(Host.setup))))

        store.holdNextAndFail()
        async let held = host.submit(Host.mutation([Self.mark(30_100, time: 101)]))
        while !store.holding { try await Task.sleep(for: .milliseconds(5)) }
        // The next batch goes on while the first is in flight, and reaches the log past a gap.
        async let later = host.submit(Host.mutation([Self.mark(30_200, time: 102)], key: "later"))
        while try await postgres.commandEpochs(after: 3, limit: 10).isEmpty { try await Task.sleep(for: .milliseconds(5)) }
        #expect(try await store.commands(after: 2, limit: 10).map(\.sequence) == [4], "a gap where the held batch goes")
        #expect(try await store.response(forKey: "later") != nil)
        store.release()
        #expect(EngineHostClusterTests.rejectedCode(await held) == "storeUnavailable")
        #expect(EngineHostClusterTests.rejectedCode(await later) == "storeUnavailable", "not answered as applied: the batch before it failed")
        #expect(await host.commandSequence == 2)

        // The next batch removes the unacknowledged rows first, then takes their place.
        #expect(Host.applied(await host.submit(Host.mutation([Host.crash]))))
        #expect(try await postgres.commandEpochs(after: 0, limit: 10).map(\.sequence) == [1, 2, 3])
        #expect(try await store.response(forKey: "later") == nil)
        #expect(try await store.commands(after: 2, limit: 10).map(\.input) == [Host.crash])
        let replayed = try await EngineRecovery.recover(store: store, genesis: nil)
        #expect(replayed.engine.stateHash == (try Host.reference(Host.setup + [Host.crash])).stateHash)
        #expect(await host.summary().stateHash == replayed.engine.stateHash)
        #expect(try await store.events(after: 0, limit: 100) == (try await postgres.events(after: 0, limit: 100)))
    }

    /// Many writers at once: every batch is answered in order with the log's commands, and the
    /// log replays to the host's state.
    @Test(.enabled(if: url != nil, "needs PostgreSQL (eval \"$(bash .ci/postgres.sh)\")"))
    func concurrentWritersGetTheLogInOrder() async throws {
        let postgres = try await PostgresStore.connect(
            url: Self.url ?? "", schema: "pipeline_\(UInt32.random(in: 0...UInt32.max))", timeout: .seconds(120), operationTimeout: .seconds(60), commitsInFlight: 4)
        defer { Task { try? await postgres.dropSchema(); try? await postgres.close() } }
        let recovered = try await EngineRecovery.recover(store: postgres, genesis: Host.genesis)
        let host = EngineHost(recovered: recovered, store: postgres, metrics: ServerMetrics(), logger: Logger(label: "test"), maxGroupCommit: 4)
        #expect(Host.applied(await host.submit(Host.mutation(Host.setup))))
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<200 { group.addTask { Host.applied(await host.submit(Host.mutation([Self.mark(30_000 + index, time: 101)]))) } }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.allSatisfy { $0 })
        #expect(await host.commandSequence == 202)
        #expect(try await postgres.head().commandSequence == 202)
        let replayed = try await EngineRecovery.recover(store: postgres, genesis: nil, mode: .fullReplay)
        #expect(await host.summary().stateHash == replayed.engine.stateHash)
    }
}
