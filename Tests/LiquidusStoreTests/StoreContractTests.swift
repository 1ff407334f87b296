import Foundation
import GRDB
import LiquidusCore
import LiquidusEngine
import LiquidusStore
import Testing

/// The `EngineStore` contract, run against every implementation: SQLite in memory, SQLite on
/// disk (reopened), and PostgreSQL when `LIQUIDUS_TEST_POSTGRES_URL` names a reachable server.
@Suite struct StoreContractTests {
    static func input(_ time: Int64, _ price: Int) -> EngineInput { EngineInput(time: time, .markPrice(market: "BTCUSDT", price: Price(price))) }

    /// Appends, reads back, refuses gaps and duplicates, remembers responses and snapshots.
    static func exercise(_ store: any EngineStore) async throws {
        #expect(try await store.genesis() == nil)
        try await store.initialize(genesis: #"{"venue":"liquidus"}"#)
        try await store.initialize(genesis: #"{"venue":"liquidus"}"#)  // same genesis: fine
        await #expect(throws: StoreError.self) { try await store.initialize(genesis: #"{"venue":"binance"}"#) }
        #expect(try await store.head() == StoreHead(commandSequence: 0, eventSequence: 0))

        let commands = (1...5).map { StoredCommand(sequence: Int64($0), input: input(Int64($0), 30_000 + $0)) }
        let response = StoredResponse(key: "key-1", requestDigest: "abc", status: 200, body: Array(#"{"ok":true}"#.utf8))
        try await store.commit(CommitBatch(commands: Array(commands[0..<3]), responses: [response]))
        try await store.commit(CommitBatch(commands: Array(commands[3..<5])))
        #expect(try await store.commands(after: 0, limit: 100) == commands)
        #expect(try await store.commands(after: 2, limit: 2).map(\.sequence) == [3, 4])
        #expect(try await store.head().commandSequence == 5)

        // A gap refuses the batch on a store that commits one batch at a time; a store with
        // commits in flight together stores it (the one before it may still be in flight), and
        // the log ends at the gap until the writer discards what lies past it.
        let gap = StoredCommand(sequence: 7, input: input(7, 1))
        let gapResponse = StoredResponse(key: "key-gap", requestDigest: "def", status: 200, body: [], commandSequence: 7)
        let end = StoreHead(commandSequence: 5, eventSequence: 0)
        if !store.mayHoldGaps {
            await #expect(throws: StoreError.self) { try await store.commit(CommitBatch(commands: [gap])) }
        } else {
            try await store.commit(CommitBatch(commands: [gap], responses: [gapResponse]))
            #expect(try await store.commands(after: 5, limit: 10).map(\.sequence) == [7])
            #expect(try await !store.discardUnacknowledged(after: StoreHead(commandSequence: 4, eventSequence: 0), epoch: nil), "the log continues after 4")
            #expect(try await store.commands(after: 5, limit: 10).map(\.sequence) == [7], "nothing was discarded")
        }
        #expect(try await store.discardUnacknowledged(after: end, epoch: nil))
        #expect(try await store.commands(after: 5, limit: 10).isEmpty)
        #expect(try await store.response(forKey: "key-gap") == nil)
        await #expect(throws: StoreError.self) { try await store.commit(CommitBatch(commands: [commands[0]])) }
        let next = StoredCommand(sequence: 6, input: input(6, 1))
        await #expect(throws: StoreError.self) { try await store.commit(CommitBatch(commands: [next], responses: [response])) }
        #expect(try await store.head().commandSequence == 5)

        #expect(try await store.response(forKey: "key-1") == response)
        #expect(try await store.response(forKey: "key-2") == nil)
        #expect(try await store.responses(forKeys: ["key-2", "key-1", "key-1"]) == ["key-1": response])
        #expect(try await store.responses(forKeys: []).isEmpty)

        // Snapshots: a marker without a document (as stores written before state documents
        // hold), then documents; only the latest `retainedDocuments` keep theirs.
        #expect(try await store.latestSnapshot() == nil)
        #expect(try await store.snapshotMarkers().isEmpty)
        try await store.saveSnapshot(SnapshotMarker(commandSequence: 1, eventSequence: 0, stateHash: 0xdead_beef))
        #expect(try await store.latestSnapshot() == SnapshotMarker(commandSequence: 1, eventSequence: 0, stateHash: 0xdead_beef))
        let documents = (2...4).map { SnapshotMarker(commandSequence: Int64($0), eventSequence: 0, stateHash: UInt64($0), state: #"{"n":\#($0)}"#) }
        for document in documents { try await store.saveSnapshot(document) }
        #expect(try await store.latestSnapshot() == documents[2])
        #expect(try await store.snapshot(at: 3) == documents[1])
        #expect(try await store.snapshot(at: 2) == SnapshotMarker(commandSequence: 2, eventSequence: 0, stateHash: 2))  // document dropped
        #expect(try await store.snapshot(at: 9) == nil)
        #expect(try await store.snapshotMarkers().map(\.commandSequence) == [1, 2, 3, 4])
        #expect(try await store.snapshotMarkers().allSatisfy { $0.state == nil })
        let replaced = SnapshotMarker(commandSequence: 4, eventSequence: 0, stateHash: 0xffff_ffff_ffff_fff0, state: "{}")
        try await store.saveSnapshot(replaced)
        #expect(try await store.latestSnapshot() == replaced)

        // An engine's state document survives the store byte for byte and restores the engine.
        let engine = try Self.liquidatedEngine().engine
        let snapshot = try SnapshotMarker(commandSequence: 5, snapshot: engine.snapshot())
        try await store.saveSnapshot(snapshot)
        let stored = try #require(try await store.latestSnapshot())
        #expect(stored == snapshot)
        let restored = try LiquidationEngine(restoring: try #require(try stored.engineSnapshot()), policy: engine.policy)
        #expect(restored.stateHash == engine.stateHash && stored.stateHash == engine.stateHash)
    }

    /// One long account, the mark falls through its bankruptcy price: the inputs, and the engine
    /// with the events they caused.
    static func liquidatedEngine() throws -> (engine: LiquidationEngine, inputs: [EngineInput], events: [EngineEvent]) {
        var engine = LiquidationEngine(policy: PolicySpecification.full.makePolicy(), insuranceFund: Money(1_000), markets: VenuePreset.liquidus.markets)
        let inputs: [EngineInput] = [
            EngineInput(time: 1, .markPrice(market: "BTCUSDT", price: Price(30_000))),
            EngineInput(time: 1, .openAccount(id: "a", marginMode: .cross)),
            EngineInput(time: 1, .deposit(account: "a", amount: Money(1_000))),
            EngineInput(time: 1, .fill(account: "a", market: "BTCUSDT", size: Quantity(1), price: Price(30_000), margin: .zero)),
            EngineInput(time: 2, .markPrice(market: "BTCUSDT", price: Price(28_000))),
        ]
        var events: [EngineEvent] = []
        for input in inputs { events += try engine.apply(input) }
        return (engine, inputs, events)
    }

    @Test func sqliteInMemory() async throws {
        let store = try SQLiteStore.inMemory()
        try await Self.exercise(store)
        try await store.close()
    }

    @Test func sqliteOnDiskSurvivesReopening() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("liquidus-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("log.sqlite").path
        let store = try SQLiteStore.open(path: path)
        try await Self.exercise(store)
        try await store.close()
        let reopened = try SQLiteStore.open(path: path)
        #expect(try await reopened.head().commandSequence == 5)
        #expect(try await reopened.commands(after: 4, limit: 10).first?.input == Self.input(5, 30_005))
        #expect(try await reopened.genesis() == #"{"venue":"liquidus"}"#)
        // WAL with synchronous=FULL.
        let mode = try await reopened.writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        // On the writer's connection, the one that commits (a pool's readers are others).
        let synchronous = try await reopened.writer.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(mode == "wal")
        #expect(synchronous == 2)
        try await reopened.close()
    }

    @Test func eventsRoundTrip() async throws {
        let store = try SQLiteStore.inMemory()
        // A liquidation produces events: one long account, the mark falls through its bankruptcy price.
        let (_, inputs, events) = try Self.liquidatedEngine()
        let batch = CommitBatch(commands: inputs.enumerated().map { StoredCommand(sequence: Int64($0 + 1), input: $1) }, events: events)
        #expect(!batch.events.isEmpty)
        try await store.commit(batch)
        #expect(try await store.events(after: 0, limit: 1_000) == batch.events)
        #expect(try await store.events(after: 1, limit: 1).map(\.sequence) == [2])
        #expect(try await store.head().eventSequence == batch.events.last!.sequence)
    }
}

/// The same contract against a real PostgreSQL server, when one is configured.
@Suite(.serialized) struct PostgresStoreTests {
    static let url = ProcessInfo.processInfo.environment["LIQUIDUS_TEST_POSTGRES_URL"]

    /// Connects to a fresh schema, or returns `nil` (with a message) when no server is available.
    static func connect() async -> PostgresStore? {
        guard let url, !url.isEmpty else {
            print("PostgresStoreTests: LIQUIDUS_TEST_POSTGRES_URL is not set; skipping the PostgreSQL store tests (.ci/postgres.sh starts a server)")
            return nil
        }
        do {
            // A generous limit: with the whole suite running on two cores, the CPU-bound suites can
            // hold both of the cooperative pool's threads, and connecting and migrating against a
            // server that was up took longer than 5 s once and than 30 s in a later run (a refused
            // connection fails at once whatever the limit).
            return try await PostgresStore.connect(url: url, schema: "liquidus_test_\(UInt32.random(in: 0...UInt32.max))", timeout: .seconds(120))
        } catch {
            print("PostgresStoreTests: PostgreSQL at LIQUIDUS_TEST_POSTGRES_URL is unreachable (\(error)); skipping the PostgreSQL store tests")
            return nil
        }
    }

    @Test(.enabled(if: url != nil, "LIQUIDUS_TEST_POSTGRES_URL is not set: PostgreSQL store tests skipped"))
    func contract() async throws {
        guard let store = await Self.connect() else { return }
        do {
            try await StoreContractTests.exercise(store)
            try await store.dropSchema()
            try await store.close()
        } catch {
            try? await store.dropSchema()
            try? await store.close()
            throw error
        }
    }
}
