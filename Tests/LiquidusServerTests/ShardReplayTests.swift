import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LiquidusCheck
import LiquidusCore
import LiquidusEngine
import LiquidusServer
import LiquidusSimulation
import LiquidusStore
import Logging
import Testing

/// The simulator's seeded crash through the service: the same requests (``ServiceReplay``: the
/// generated population as `PUT /v1/accounts/{id}`, the crash path as `POST /v1/marks`) sent to
/// one server and to three shard servers — each account's `PUT` to its shard by the map, every
/// mark to every shard — then each account's final state, liquidation history and liquidation
/// events compared, and the totals.
@Suite struct ShardReplayTests {
    /// Ten minutes of the October 2025 crash (21:02–21:12 UTC: BTC falls from 117,000 to
    /// 110,000) on Bybit's BTCUSDT, and 300 accounts (cross and isolated) generated around its start.
    static let replay = ServiceReplay(
        accounts: 300, seed: 3, on: .bybit, scenario: CrashScenario.october2025(seed: 3).window(from: 360 * 60 + 120, seconds: 600))
    /// Restore the margin ratio to 0.8: partial closes where they restore it, takeovers where
    /// they cannot (Bybit's 0.055 % fee leaves room for partial closes; a 1.25 % fee does not).
    static let policy: JSONValue = .object(["kind": .string("restoreMarginRatio"), "targetMarginRatio": .string("0.8")])

    /// With a fund no takeover empties, nothing couples accounts across shards: every account
    /// ends the same, with the same liquidation history and events (times and figures; the
    /// fund's balance after each aside, each shard having its own fund), and the totals agree —
    /// events of each type, the fund's takings (summed over the shards' funds), the outside
    /// market's cash, bad debt, unrecovered loss, the accounts' collateral and net deposits.
    @Test func threeShardServersReplayACrashAsOne() async throws {
        let fund = Money(10_000_000)
        let one = try await Self.run(Self.replay.requests, fund: fund, shards: 1)
        let three = try await Self.run(Self.replay.requests, fund: fund, shards: 3)
        #expect(one.counts["positionTakenOver", default: 0] > 50 && one.counts["partialLiquidation", default: 0] > 100, "\(one.counts)")
        #expect(one.counts["autoDeleveraged"] == nil && one.totals.badDebt > .zero)
        #expect(one.accounts.count == 300 && three.accounts.count == 300)
        for id in one.accounts.keys.sorted() {
            #expect(one.accounts[id] == three.accounts[id], "\(id)")
            #expect(one.histories[id] == three.histories[id], "\(id)")
            #expect(one.events[id] ?? [] == three.events[id] ?? [], "\(id)")
        }
        #expect(one.totals == three.totals)
        #expect(one.conserved && three.conserved && one.brokenInvariants.isEmpty && three.brokenInvariants.isEmpty)
    }

    /// A fund that starts empty runs dry, and auto-deleveraging then couples accounts: each shard
    /// (in memory: a fund of its own) draws on its own fund and ranks only its own
    /// counterparties, so ADL fires at other times and picks other accounts than in one server.
    @Test func aDryFundChangesOnlyTheAccountsADLTouches() async throws {
        let one = try await Self.run(Self.replay.requests, fund: .zero, shards: 1)
        let three = try await Self.run(Self.replay.requests, fund: .zero, shards: 3)
        Self.expectSameApartFromDeleveraging(one, three)
    }

    static let postgres = ProcessInfo.processInfo.environment["LIQUIDUS_TEST_POSTGRES_URL"]

    /// The same with the shards on PostgreSQL drawing on one shared fund and deleveraging across
    /// shards (rankings and orders through the shared schema): ADL still differs — the rankings
    /// are published at most once a second, many marks behind a replay sent faster than the path,
    /// and the shards' draws reach the fund in the order of their commits.
    @Test(.enabled(if: postgres != nil, "needs PostgreSQL (eval \"$(bash .ci/postgres.sh)\")"))
    func aSharedDryFundChangesOnlyTheAccountsADLTouches() async throws {
        let one = try await Self.run(Self.replay.requests, fund: .zero, shards: 1)
        let three = try await Self.run(Self.replay.requests, fund: .zero, shards: 3, postgres: Self.postgres)
        Self.expectSameApartFromDeleveraging(one, three)
    }

    /// Every account that no `autoDeleveraged` or `deleveragingForwarded` event names (in either
    /// run) ends the same with the same events; the others are compared by totals — events of each
    /// type but ADL's, bad debt,
    /// unrecovered loss, net deposits — and money is conserved in each run (over the shards, exactly).
    static func expectSameApartFromDeleveraging(_ one: Outcome, _ three: Outcome, sourceLocation: SourceLocation = #_sourceLocation) {
        let involved = one.deleveraged.union(three.deleveraged)
        #expect(!one.deleveraged.isEmpty && !three.deleveraged.isEmpty && involved.count < 100, "\(involved.count)", sourceLocation: sourceLocation)
        for id in one.accounts.keys.sorted() where !involved.contains(id) {
            #expect(one.accounts[id] == three.accounts[id], "\(id)", sourceLocation: sourceLocation)
            #expect(one.histories[id] == three.histories[id], "\(id)", sourceLocation: sourceLocation)
            #expect(one.events[id] ?? [] == three.events[id] ?? [], "\(id)", sourceLocation: sourceLocation)
        }
        #expect(one.totals.apartFromDeleveraging == three.totals.apartFromDeleveraging, sourceLocation: sourceLocation)
        #expect(one.conserved && three.conserved, sourceLocation: sourceLocation)
        #expect(one.brokenInvariants.isEmpty && three.brokenInvariants.isEmpty, "\(one.brokenInvariants + three.brokenInvariants)", sourceLocation: sourceLocation)
    }

    // MARK: - Running

    typealias App = Application<RouterResponder<BasicRequestContext>>

    /// A server in process: the service's router over a host on `store`.
    struct Server {
        let host: EngineHost
        let store: any EngineStore
        let app: App

        init(fund: Money, shard: ShardAssignment?, store: any EngineStore) async throws {
            self.store = store
            let genesis = EngineGenesis(venue: VenuePreset.bybit.name, insuranceFund: fund, policy: ShardReplayTests.policy)
            let recovered = try await EngineRecovery.recover(store: store, genesis: genesis)
            let metrics = ServerMetrics()
            host = EngineHost(recovered: recovered, store: store, metrics: metrics, logger: Logger(label: "shard-replay"))
            let tokens = AccessTokens(write: Harness.writeToken, read: Harness.readToken)
            app = Application(router: buildRouter(host: host, store: store, tokens: tokens, metrics: metrics, maxBodySize: 1 << 16, shard: shard))
        }
    }

    /// Sends `requests` to `count` servers (shards of `count` when more than one), each account's
    /// to its shard and every mark to all, and returns what they ended with; every answer must be
    /// 200. In memory each server has a fund of its own; on PostgreSQL (`postgres`) the shards
    /// share one fund, created with `fund`, drawn in each shard's commit.
    static func run(_ requests: [ServiceReplay.Request], fund: Money, shards count: Int, postgres: String? = nil) async throws -> Outcome {
        let map = try #require(ShardMap(count: count))
        let tag = UInt32.random(in: 0...UInt32.max)
        var servers: [Server] = []
        for index in 0..<count {
            let store: any EngineStore = if let postgres {
                try await PostgresStore.connect(
                    url: postgres, schema: "replay\(tag)_\(index)", timeout: .seconds(120), operationTimeout: .seconds(60),
                    sharedFund: SharedFundSettings(schema: "replay\(tag)_fund", shard: index, initialBalance: fund))
            } else {
                try SQLiteStore.inMemory()
            }
            servers.append(try await Server(fund: fund, shard: count > 1 ? ShardAssignment(index: index, count: count) : nil, store: store))
        }
        defer {
            let stores = servers.compactMap { $0.store as? PostgresStore }
            Task {
                for store in stores { try? await store.dropSchema() }
                try? await stores.first?.dropSharedFund()
                for store in stores { try? await store.close() }
            }
        }
        try await withClients(of: servers[...]) { clients in
            for request in requests {
                let targets = request.account.map { [map.shard(of: $0)] } ?? Array(clients.indices)
                for index in targets {
                    let response = try await clients[index].call(request.method == "PUT" ? .put : .post, request.path, body: request.body)
                    guard response.status == .ok else { throw HarnessError(message: "\(request.path) at \(request.second) s: \(response.status) \(String(buffer: response.body))") }
                }
            }
        }
        var outcome = Outcome()
        for server in servers { try await outcome.add(server, genesisFund: fund) }
        if postgres != nil, let shared = try await servers[0].store.sharedInsuranceFund() {
            outcome.totals.fundTakings = WideMoney(shared) - WideMoney(fund)
        }
        return outcome
    }

    /// Runs `body` with a test client of each server, in order.
    static func withClients(
        of servers: ArraySlice<Server>, _ clients: [any TestClientProtocol] = [], _ body: @escaping @Sendable ([any TestClientProtocol]) async throws -> Void
    ) async throws {
        guard let first = servers.first else { return try await body(clients) }
        try await first.app.test(.router) { client in
            try await withClients(of: servers.dropFirst(), clients + [client], body)
        }
    }
}

extension ShardReplayTests {
    /// One liquidation event of an account: its time and payload, the fund's balance after it
    /// cleared (each shard has its own fund, so that balance differs by construction).
    struct Step: Hashable {
        var time: Int64
        var payload: EngineEvent.Payload

        init(_ event: EngineEvent) {
            time = event.time
            switch event.payload {
            case .partialLiquidation(var e): e.fundAfter = .zero; payload = .partialLiquidation(e)
            case .positionTakenOver(var e): e.fundAfter = .zero; payload = .positionTakenOver(e)
            case .liquidationResolved(var e): e.fundAfter = .zero; payload = .liquidationResolved(e)
            case .insuranceFundPaid(var e): e.fundAfter = .zero; payload = .insuranceFundPaid(e)
            default: payload = event.payload
            }
        }
    }

    /// The sums a configuration must agree on, over all its servers.
    struct Totals: Hashable {
        /// Events by type.
        var counts: [String: Int] = [:]
        /// Σ (fund − the genesis fund).
        var fundTakings: WideMoney = .zero
        /// Σ the outside market's cash.
        var outsideCash: WideMoney = .zero
        /// Σ unrecovered loss.
        var unrecovered: WideMoney = .zero
        /// Σ wallets + isolated margins.
        var collateral: WideMoney = .zero
        /// Σ net external deposits (the genesis funds aside).
        var netDeposits: WideMoney = .zero
        /// Σ deficits of accounts taken over below zero (what the fund paid and what it could not).
        var badDebt: WideMoney = .zero
        /// Σ |quantity| auto-deleveraged.
        var deleveragedQuantity: Int128 = 0

        /// The totals auto-deleveraging does not move: what ADL fills, and where the money of
        /// the accounts it touched ends (their collateral, the fund, the outside market), set aside.
        var apartFromDeleveraging: Totals {
            var copy = self
            copy.counts["autoDeleveraged"] = nil
            copy.counts["deleveragingForwarded"] = nil
            (copy.fundTakings, copy.outsideCash, copy.collateral, copy.deleveragedQuantity) = (.zero, .zero, .zero, 0)
            return copy
        }
    }

    /// What a configuration ended with, over all its servers.
    struct Outcome {
        var accounts: [String: Account] = [:]
        var histories: [String: LiquidationHistory] = [:]
        /// Each account's own liquidation events, and the ADL fills it took as a counterparty.
        var events: [String: [Step]] = [:]
        /// The accounts on either side of an `autoDeleveraged` event.
        var deleveraged: Set<String> = []
        var totals = Totals()
        var brokenInvariants: [String] = []

        var counts: [String: Int] { totals.counts }
        /// Money is conserved over the servers: Σ (collateral + fund takings + outside market's
        /// cash + unrecovered loss) = Σ net deposits, exactly.
        var conserved: Bool {
            totals.collateral + totals.fundTakings + totals.outsideCash + totals.unrecovered == totals.netDeposits
        }

        /// Adds `server`'s stored events and final state.
        mutating func add(_ server: Server, genesisFund: Money) async throws {
            var after: UInt64 = 0
            while true {
                let page = try await server.store.events(after: after, limit: 10_000)
                guard let last = page.last else { break }
                after = last.sequence
                for event in page { record(event) }
            }
            let state = await server.host.read { engine, _ in
                (accounts: engine.accountIDs.compactMap { id in engine.account(id).map { ($0, engine.history(of: id)) } },
                 fund: engine.insuranceFund, outside: engine.counterpartyCash, unrecovered: engine.unrecoveredLoss,
                 external: engine.externalNet, broken: engine.checkInvariants())
            }
            for (account, history) in state.accounts {
                accounts[account.id] = account
                histories[account.id] = history
                totals.collateral += WideMoney(account.walletBalance)
                for position in account.positions { totals.collateral += WideMoney(position.isolatedMargin ?? .zero) }
            }
            totals.fundTakings += state.fund - WideMoney(genesisFund)
            totals.outsideCash += state.outside
            totals.unrecovered += state.unrecovered
            totals.netDeposits += state.external - WideMoney(genesisFund)
            brokenInvariants += state.broken
        }

        mutating func record(_ event: EngineEvent) {
            if case .insuranceFundSynchronized = event.payload { return }  // a shard's view of the shared fund
            totals.counts[event.payload.type, default: 0] += 1
            let accounts: [String]
            switch event.payload {
            case .liquidationTriggered(let e): accounts = [e.account]
            case .partialLiquidation(let e): accounts = [e.account]
            case .positionTakenOver(let e): accounts = [e.account]
            case .liquidationResolved(let e): accounts = [e.account]
            case .insuranceFundPaid(let e):
                accounts = [e.account]
                totals.badDebt += WideMoney(e.amount) + WideMoney(e.uncovered)
            case .autoDeleveraged(let e):
                totals.deleveragedQuantity += Int128(e.quantity.units.magnitude)
                accounts = [e.liquidatedAccount] + (e.counterparty.map { [$0] } ?? [])
                deleveraged.formUnion(accounts)
            case .deleveragingForwarded(let e):  // lots passed to another shard's counterparties
                accounts = [e.liquidatedAccount]
                deleveraged.insert(e.liquidatedAccount)
            default: accounts = []
            }
            for account in accounts { events[account, default: []].append(Step(event)) }
        }
    }
}
