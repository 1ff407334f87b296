import Foundation
import LiquidusCore
import LiquidusEngine
import LiquidusRouter
import NIOHTTP1
import Testing

/// The router in front of real shard servers on loopback: accounts to their owner, market data to
/// every shard in one order, a stopped shard delaying only its own accounts and catching up from
/// its outbox, the state merged.
@Suite(.serialized) struct RouterTests {
    /// Twelve ids, and their shards of `count`.
    static func ids(over count: Int) throws -> [(id: String, shard: Int)] {
        let map = try #require(ShardMap(count: count))
        return (0..<12).map { ("trader-\($0)", map.shard(of: "trader-\($0)")) }
    }

    /// Account writes through the router land on their shard alone (never a 421), and the merged
    /// state is the sum of the shards'.
    @Test func accountWritesLandOnTheirShardAndTheStateIsTheirSum() async throws {
        let fleet = try await ShardFleet(shards: 3)
        do {
            let client = fleet.client
            #expect(try await client.mark(fleet.base, price: 30_000, time: 100).status == 200)
            let ids = try Self.ids(over: 3)
            #expect(Set(ids.map(\.shard)) == [0, 1, 2], "every shard owns some of \(ids)")
            for (offset, entry) in ids.enumerated() {
                let written = try await client.account(fleet.base, entry.id, balance: 1_000 + offset)
                #expect(written.status == 200, "\(entry.id): \(written.text)")
                let read = try await client.call(.GET, fleet.base + "/v1/accounts/" + entry.id, token: RouterClient.readToken)
                #expect(read.status == 200, "\(entry.id): \(read.text)")
            }
            var counts = [0, 0, 0]
            for shard in 0..<3 {
                let state = try await client.call(.GET, fleet.shard(shard) + "/v1/state", token: RouterClient.readToken).json
                counts[shard] = state["accounts"] as? Int ?? -1
                #expect(counts[shard] == ids.filter { $0.shard == shard }.count, "shard \(shard): \(state)")
            }
            let merged = try await client.call(.GET, fleet.base + "/v1/state", token: RouterClient.readToken)
            #expect(merged.status == 200)
            #expect(merged.json["accounts"] as? Int == 12 && counts.reduce(0, +) == 12, "\(merged.text)")
            #expect(merged.json["complete"] as? Bool == true && (merged.json["shards"] as? [Any])?.count == 3)
            let wallets = (merged.json["money"] as? [String: Any])?["wallets"] as? String
            #expect(wallets == String(12 * 1_000 + 66), "Σ (1000 + offset) over the twelve accounts: \(merged.text)")
            // A token is needed: the shards' 401 comes back, for an account and for the merge.
            #expect(try await client.call(.GET, fleet.base + "/v1/accounts/trader-0", token: nil).status == 401)
            #expect(try await client.call(.GET, fleet.base + "/v1/state", token: nil).status == 401)
            #expect(try await client.call(.GET, fleet.base + "/metrics", token: nil).status == 401)
            #expect(try await client.call(.GET, fleet.base + "/metrics", token: RouterClient.readToken).text.contains("liquidus_router_requests_total"))
            let openAPI = try await client.call(.GET, fleet.base + "/openapi.json", token: nil).json
            #expect((openAPI["paths"] as? [String: Any])?["/v1/marks"] != nil, "the router's OpenAPI document parses")
            let health = try await client.call(.GET, fleet.base + "/healthz", token: nil).json
            #expect(health["status"] as? String == "ok" && (health["shards"] as? [Any])?.count == 3, "\(health)")
        } catch { Issue.record(error) }
        await fleet.shutdown()
    }

    /// Marks sent at once, with times in no order, reach every shard in one order: each is taken
    /// by every shard or refused by every shard (time going back), and the shards' logs hold the
    /// same market data.
    @Test func marksReachEveryShardInOneOrder() async throws {
        let fleet = try await ShardFleet(shards: 3)
        do {
            let client = fleet.client
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for time in (101...124).shuffled() {
                    group.addTask { try await client.mark(fleet.base, price: 30_000 + time, time: time).status }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == 200 || $0 == 400 }, "\(statuses)")
            #expect(statuses.contains(200))
            await fleet.stop(0)
            await fleet.stop(1)
            await fleet.stop(2)
            let logs = try await [fleet.marketData(0), fleet.marketData(1), fleet.marketData(2)]
            #expect(logs[0].count == statuses.filter { $0 == 200 }.count)
            #expect(logs[0] == logs[1] && logs[1] == logs[2])
        } catch { Issue.record(error) }
        await fleet.shutdown()
    }

    /// A stopped shard: the others keep taking marks and their accounts' writes, its own accounts
    /// get a 503 at once, and once it is back its outbox is delivered in order — its log ends with
    /// the same market data as the others'.
    @Test func aStoppedShardDelaysOnlyItsOwnAccountsAndCatchesUp() async throws {
        let fleet = try await ShardFleet(shards: 2)
        do {
            let client = fleet.client
            let ids = try Self.ids(over: 2)
            let mine = try #require(ids.first { $0.shard == 1 }?.id), theirs = try #require(ids.first { $0.shard == 0 }?.id)
            #expect(try await client.mark(fleet.base, price: 30_000, time: 100).status == 200)
            await fleet.stop(1)
            let unreachable = try await timed { try await client.account(fleet.base, mine) }
            #expect(unreachable.answer.status == 503 && unreachable.answer.text.contains("shardUnavailable"), "\(unreachable.answer.text)")
            #expect(unreachable.duration < .seconds(2), "within the request timeout")
            for time in 101...105 {
                let answer = try await client.mark(fleet.base, price: 30_000 + time, time: time)
                #expect(answer.status == 202, "\(answer.text)")
                let outcomes = (answer.json["shards"] as? [[String: Any]])?.map { $0["outcome"] as? String }
                #expect(outcomes == ["applied", "queued"], "\(answer.text)")
            }
            #expect(try await client.account(fleet.base, theirs, time: 105).status == 200)
            let sent = try await accountRequests(fleet, shard: 1)
            let refused = try await client.account(fleet.base, mine, time: 105)
            #expect(refused.status == 503 && refused.text.contains("shardCatchingUp"), "\(refused.text)")
            #expect(try await accountRequests(fleet, shard: 1) == sent, "refused without asking the shard")
            #expect(try await depths(fleet) == [0, 5])
            let health = try await client.call(.GET, fleet.base + "/healthz", token: nil)
            #expect(health.status == 200 && health.json["status"] as? String == "degraded", "\(health.text)")

            try await fleet.start(1)
            let start = ContinuousClock.now
            while try await depths(fleet) != [0, 0], ContinuousClock.now - start < .seconds(10) { try await Task.sleep(for: .milliseconds(20)) }
            #expect(try await depths(fleet) == [0, 0])
            #expect(try await client.account(fleet.base, mine, time: 105).status == 200)
            #expect(try await client.mark(fleet.base, price: 30_200, time: 106).status == 200)
            await fleet.stop(0)
            await fleet.stop(1)
            let logs = try await [fleet.marketData(0), fleet.marketData(1)]
            #expect(logs[0].count == 7 && logs[0] == logs[1], "\(logs[0].map(\.time)) vs \(logs[1].map(\.time))")
        } catch { Issue.record(error) }
        await fleet.shutdown()
    }

    /// Past its outbox's bound a stopped shard is out of step: the write is not delivered to it, its
    /// outbox is dropped, and its accounts' writes are refused — the other shard goes on.
    @Test func aShardPastItsOutboxBoundIsOutOfStep() async throws {
        let fleet = try await ShardFleet(shards: 2, outbox: OutboxLimits(entries: 2, bytes: 1 << 20))
        do {
            let client = fleet.client
            let mine = try #require(try Self.ids(over: 2).first { $0.shard == 1 }?.id)
            #expect(try await client.mark(fleet.base, price: 30_000, time: 100).status == 200)
            await fleet.stop(1)
            var outcomes: [String?] = []
            for time in 101...103 {
                let answer = try await client.mark(fleet.base, price: 30_000 + time, time: time)
                outcomes.append((answer.json["shards"] as? [[String: Any]])?.last?["outcome"] as? String)
            }
            #expect(outcomes == ["queued", "queued", "notDelivered"])
            #expect(try await depths(fleet) == [0, 0])
            let shards = try await client.call(.GET, fleet.base + "/v1/shards", token: RouterClient.readToken).json["shards"] as? [[String: Any]]
            #expect(shards?.map { $0["standing"] as? String } == ["inStep", "outOfStep"])
            let refused = try await client.account(fleet.base, mine, time: 103)
            #expect(refused.status == 503 && refused.text.contains("shardOutOfStep"), "\(refused.text)")
            #expect(try await client.mark(fleet.base, price: 30_200, time: 104).status == 202)
        } catch { Issue.record(error) }
        await fleet.shutdown()
    }

    /// Each shard's outbox depth, from `GET /v1/shards`.
    func depths(_ fleet: ShardFleet) async throws -> [Int] {
        let shards = try await fleet.client.call(.GET, fleet.base + "/v1/shards", token: RouterClient.readToken).json["shards"] as? [[String: Any]]
        return (shards ?? []).map { $0["outboxDepth"] as? Int ?? -1 }
    }

    /// How many account requests the router has sent to `shard` (its metrics).
    func accountRequests(_ fleet: ShardFleet, shard: Int) async throws -> Int {
        let metrics = try await fleet.client.call(.GET, fleet.base + "/metrics", token: RouterClient.readToken).text
        let prefix = #"liquidus_router_requests_total{shard="\#(shard)",kind="account"} "#
        let line = metrics.split(separator: "\n").first { $0.hasPrefix(prefix) }
        return try #require(line.flatMap { Int($0.dropFirst(prefix.count)) })
    }

    /// `body`'s result and how long it took.
    func timed<T>(_ body: () async throws -> T) async throws -> (answer: T, duration: Duration) {
        let start = ContinuousClock.now
        let answer = try await body()
        return (answer, ContinuousClock.now - start)
    }
}
