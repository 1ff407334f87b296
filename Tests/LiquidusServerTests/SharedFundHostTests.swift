import Foundation
import LiquidusCore
import LiquidusEngine
import LiquidusServer
import LiquidusStore
import Logging
import Testing

/// Shards on PostgreSQL sharing one insurance fund: each batch's change of the fund commits in
/// the shard's own transaction, only while the fund still covers the batch's deepest draw; a
/// batch the fund no longer covers is refused whole and applied again against the balance then.
@Suite(.serialized) struct SharedFundHostTests {
    typealias Host = EngineHostTests
    static let url = ProcessInfo.processInfo.environment["LIQUIDUS_TEST_POSTGRES_URL"]

    /// Two shards' stores on one fund, the first creating it with `initial`.
    static func stores(initial: Money) async throws -> (PostgresStore, PostgresStore) {
        let tag = UInt32.random(in: 0...UInt32.max)
        func store(_ shard: Int, _ fund: Money) async throws -> PostgresStore {
            try await PostgresStore.connect(
                url: url ?? "", schema: "shard\(shard)_\(tag)", timeout: .seconds(120), operationTimeout: .seconds(60),
                sharedFund: SharedFundSettings(schema: "fund_\(tag)", shard: shard, initialBalance: fund))
        }
        let first = try await store(0, initial)
        return (first, try await store(1, Money(5)))
    }

    static func drop(_ stores: PostgresStore...) async {
        for store in stores { try? await store.dropSchema() }
        try? await stores.first?.dropSharedFund()
        for store in stores { try? await store.close() }
    }

    static func batch(_ sequence: Int64, delta: Int, drawdown: Int) throws -> CommitBatch {
        var batch = CommitBatch(commands: [StoredCommand(sequence: sequence, input: EngineInput(time: sequence, .advanceTime))])
        batch.fundChange = try SharedFundChange(start: WideMoney(Money(2_000)), end: WideMoney(Money(2_000 + delta)), lowest: WideMoney(Money(2_000 - drawdown)))
        return batch
    }

    @Test(.enabled(if: url != nil, "needs PostgreSQL (eval \"$(bash .ci/postgres.sh)\")"))
    func aCommitMovesTheFundOnlyWhileItCoversTheDraw() async throws {
        let (a, b) = try await Self.stores(initial: Money(1_000))
        defer { Task { await Self.drop(a, b) } }
        #expect(try await a.sharedInsuranceFund() == Money(1_000))
        #expect(try await b.sharedInsuranceFund() == Money(1_000), "the second shard finds the fund the first created")
        #expect(a.commitsInFlight == 1)

        try await a.commit(try Self.batch(1, delta: -300, drawdown: 300))
        try await Task.sleep(for: .milliseconds(60))  // b's balance from its connect is no longer taken as current
        #expect(try await b.sharedInsuranceFund() == Money(700))
        // Draws down to 100 and back up to 650: valid against any balance ≥ 600.
        try await b.commit(try Self.batch(1, delta: -50, drawdown: 600))
        #expect(try await b.sharedInsuranceFund() == Money(650), "the balance b's commit left")
        let refused = await #expect(throws: StoreError.self) { try await a.commit(try Self.batch(2, delta: 0, drawdown: 651)) }
        #expect(refused?.code == .fundShort)
        #expect(try await a.head().commandSequence == 1, "the refused batch stored nothing")
        #expect(try await a.sharedInsuranceFund() == Money(650), "a refused commit reads the balance again")
        try await a.commit(try Self.batch(2, delta: 25, drawdown: 0))
        let changes = try await a.sharedFundChanges()
        #expect(changes.map(\.shard) == [0, 1, 0])
        #expect(changes.map(\.balanceAfter) == [700, 650, 675].map { Money($0).units })
        let account = try #require(try await b.sharedFundAccount())
        #expect(account.balance == Money(675) && account.initialBalance == Money(1_000), "the initial balance is the balance less every recorded change")
    }

    /// Shard B applies a gap's takeover against the 1,000 it read; shard A's takeover draws the
    /// whole fund before B commits: B's batch is refused by the fund, applied again against 0 —
    /// its loss now unrecovered — and answered 200. The shards' logs replay to their states, and
    /// money is conserved across them with the shared fund.
    @Test(.enabled(if: url != nil, "needs PostgreSQL (eval \"$(bash .ci/postgres.sh)\")"))
    func aBatchTheFundNoLongerCoversIsAppliedAgain() async throws {
        let (storeA, storeB) = try await Self.stores(initial: Money(1_000))
        defer { Task { await Self.drop(storeA, storeB) } }
        let gatedB = GatedPostgresStore(storeB)
        let hostA = EngineHost(
            recovered: try await EngineRecovery.recover(store: storeA, genesis: Host.genesis), store: storeA, metrics: ServerMetrics(), logger: Logger(label: "a"))
        let hostB = EngineHost(
            recovered: try await EngineRecovery.recover(store: gatedB, genesis: Host.genesis), store: gatedB, metrics: ServerMetrics(), logger: Logger(label: "b"))
        #expect(Host.applied(await hostA.submit(Host.mutation(Host.setup))))
        #expect(Host.applied(await hostB.submit(Host.mutation(Host.setup))))
        // A gap to 26,000: alice (0.5 BTC, bankrupt at 28,000) loses 1,000 beyond her margin.
        let gap = EngineInput(time: 101, .markPrice(market: "BTCUSDT", price: Price(26_000)))
        gatedB.beforeNextFundChange { _ = await hostA.submit(Host.mutation([gap])) }
        let answer = await hostB.submit(Host.mutation([gap]))
        #expect(Host.applied(answer), "\(answer)")

        #expect(try await storeA.sharedInsuranceFund() == .zero)
        let a = await hostA.summary(), b = await hostB.summary()
        #expect(a.insuranceFund == .zero && b.insuranceFund == .zero)
        let moneyA = try #require(a.money), moneyB = try #require(b.money)
        #expect(moneyA.unrecoveredLoss.isZero && moneyB.unrecoveredLoss.isNegative, "A drew the fund; B's loss found it empty")
        let logB = try await storeB.commands(after: 0, limit: 100).map(\.input.action)
        #expect(logB.contains(.insuranceFund(balance: .zero)), "B's batch starts with the balance it was applied against")
        #expect(try await storeA.sharedFundChanges().map(\.delta) == [Money(-1_000).units])

        var held = WideMoney.zero, owed = WideMoney.zero
        for money in [moneyA, moneyB] {
            held += money.wallets + money.isolatedMargins + money.outsideMarket + money.unrecoveredLoss
            owed += money.externalNet - WideMoney(Host.genesis.insuranceFund)
        }
        #expect(held + WideMoney(Money(0)) == owed + WideMoney(Money(1_000)), "money is conserved across the shards and the fund")
        for (store, summary) in [(storeA as any EngineStore, a), (storeB, b)] {
            let replayed = try await EngineRecovery.recover(store: store, genesis: nil)
            #expect(replayed.engine.stateHash == summary.stateHash)
        }
    }

    /// Auto-deleveraging across two shards: alice's takeover on shard 0 finds the fund empty, and
    /// the only opposing profit is bob's short on shard 1. Shard 1 publishes its ranking; shard 0
    /// records it in its log, merges it, and forwards alice's 0.5 BTC — the order delivered to
    /// shard 1's inbox by shard 0's commit; shard 1 applies it at its next batch (bob's short
    /// deleveraged from 1 to 0.5 BTC) and its commit empties the inbox. Money is conserved across
    /// the shards, and both logs replay to their states.
    @Test(.enabled(if: url != nil, "needs PostgreSQL (eval \"$(bash .ci/postgres.sh)\")"))
    func aTakeoverIsDeleveragedAgainstAnotherShard() async throws {
        let (storeA, storeB) = try await Self.stores(initial: .zero)
        defer { Task { await Self.drop(storeA, storeB) } }
        let hostA = EngineHost(
            recovered: try await EngineRecovery.recover(store: storeA, genesis: Host.genesis), store: storeA, metrics: ServerMetrics(), logger: Logger(label: "a"))
        let hostB = EngineHost(
            recovered: try await EngineRecovery.recover(store: storeB, genesis: Host.genesis), store: storeB, metrics: ServerMetrics(), logger: Logger(label: "b"))
        let bob = EngineInput(time: 100, .setAccount(id: "bob", marginMode: .cross, walletBalance: Money(10_000), positions: [
            Position(market: "BTCUSDT", size: Quantity(units: -100_000_000), entryPrice: Price(31_000)),
        ], openOrders: []))
        #expect(Host.applied(await hostA.submit(Host.mutation(Host.setup))))
        #expect(Host.applied(await hostB.submit(Host.mutation([Host.setup[0], bob]))))
        // Shard 1's commit published its ranking (bob's short, the only candidate).
        var published: [ShardRanking] = []
        for _ in 0..<200 where published.isEmpty {
            published = try await storeA.shardExchange(limit: 10)?.rankings.filter { $0.side == .short } ?? []
            if published.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(published.first?.entries.map(\.account) == ["bob"])

        try await Task.sleep(for: .milliseconds(60))
        let gap = EngineInput(time: 101, .markPrice(market: "BTCUSDT", price: Price(26_000)))
        guard case .applied = await hostA.submit(Host.mutation([gap])) else { Issue.record("the gap was refused on shard 0"); return }
        let forwarded = try await storeA.events(after: 0, limit: 100).compactMap { event -> DeleveragingForwarded? in
            if case .deleveragingForwarded(let order) = event.payload { order } else { nil }
        }
        #expect(forwarded.map(\.shard) == [1] && forwarded.first?.quantity == Quantity(units: 50_000_000))
        #expect(try await storeB.shardExchange(limit: 10)?.orders.count == 1, "the order waits in shard 1's inbox")

        try await Task.sleep(for: .milliseconds(60))
        #expect(Host.applied(await hostB.submit(Host.mutation([gap]))))
        #expect(try await storeB.shardExchange(limit: 10)?.orders.isEmpty == true, "applied and taken out of the inbox with the same commit")
        let position = await hostB.read { engine, _ in engine.account("bob")?.positions.first?.size }
        #expect(position == Quantity(units: -50_000_000), "bob's short took alice's 0.5 BTC")
        let deleveraged = try await storeB.events(after: 0, limit: 100).contains { event in
            if case .autoDeleveraged(let fill) = event.payload { fill.counterparty == "bob" } else { false }
        }
        #expect(deleveraged)

        let a = await hostA.summary(), b = await hostB.summary()
        var held = WideMoney.zero, owed = WideMoney.zero
        for money in [try #require(a.money), try #require(b.money)] {
            held += money.wallets + money.isolatedMargins + money.outsideMarket + money.unrecoveredLoss
            owed += money.externalNet - WideMoney(Host.genesis.insuranceFund)
        }
        let fund = try #require(try await storeA.sharedInsuranceFund())
        #expect(held + WideMoney(fund) == owed, "money is conserved across the shards and the fund (which started at 0): \(String(describing: a.money)) \(String(describing: b.money)) \(fund)")
        for (store, summary) in [(storeA as any EngineStore, a), (storeB, b)] {
            #expect(try await EngineRecovery.recover(store: store, genesis: nil).engine.stateHash == summary.stateHash)
        }
    }
}
