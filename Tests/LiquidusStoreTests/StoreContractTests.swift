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

        // A gap, a duplicate, or a duplicate key refuses the whole batch.
        let gap = StoredCommand(sequence: 7, input: input(7, 1))
        await #expect(throws: StoreError.self) { try await store.commit(CommitBatch(commands: [gap])) }
        await #expect(throws: StoreError.self) { try await store.commit(CommitBatch(commands: [commands[0]])) }
        let next = StoredCommand(sequence: 6, input: input(6, 1))
        await #expect(throws: StoreError.self) { try await store.commit(CommitBatch(commands: [next], responses: [response])) }
        #expect(try await store.head().commandSequence == 5)

        #expect(try await store.response(forKey: "key-1") == response)
        #expect(try await store.response(forKey: "key-2") == nil)

        #expect(try await store.latestSnapshot() == nil)
        try await store.saveSnapshot(SnapshotMarker(commandSequence: 3, eventSequence: 0, stateHash: 0xdead_beef))
        try await store.saveSnapshot(SnapshotMarker(commandSequence: 5, eventSequence: 0, stateHash: 0xffff_ffff_ffff_fff0))
        #expect(try await store.latestSnapshot() == SnapshotMarker(commandSequence: 5, eventSequence: 0, stateHash: 0xffff_ffff_ffff_fff0))
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
        let synchronous = try await reopened.writer.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(mode == "wal")
        #expect(synchronous == 2)
        try await reopened.close()
    }

    @Test func eventsRoundTrip() async throws {
        let store = try SQLiteStore.inMemory()
        // A liquidation produces events: one long account, the mark falls through its bankruptcy price.
        var engine = LiquidationEngine(policy: PolicySpecification.full.makePolicy(), insuranceFund: Money(1_000), markets: VenuePreset.liquidus.markets)
        var inputs: [EngineInput] = [
            EngineInput(time: 1, .markPrice(market: "BTCUSDT", price: Price(30_000))),
            EngineInput(time: 1, .openAccount(id: "a", marginMode: .cross)),
            EngineInput(time: 1, .deposit(account: "a", amount: Money(1_000))),
            EngineInput(time: 1, .fill(account: "a", market: "BTCUSDT", size: Quantity(1), price: Price(30_000), margin: .zero)),
            EngineInput(time: 2, .markPrice(market: "BTCUSDT", price: Price(28_000))),
        ]
        var batch = CommitBatch()
        for (index, input) in inputs.enumerated() {
            batch.events += try engine.apply(input)
            batch.commands.append(StoredCommand(sequence: Int64(index + 1), input: input))
        }
        inputs.removeAll()
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
            return try await PostgresStore.connect(url: url, schema: "liquidus_test_\(UInt32.random(in: 0...UInt32.max))", timeout: .seconds(5))
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
