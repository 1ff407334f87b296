import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LiquidusCore
import LiquidusServer
import Testing

/// Accounts are split over shards by a stable hash; a shard's server refuses another shard's
/// accounts with 421 and takes the market data every shard receives.
@Suite struct ShardTests {
    /// The map against an independent implementation of FNV-1a 64 and the jump consistent hash
    /// (Python, from the paper's pseudocode): the ids' shards over 1, 2, 3, 10 and 1,024 shards.
    @Test(arguments: [
        ("alice", [0, 0, 0, 4, 961]), ("bob", [0, 0, 2, 2, 749]), ("a1", [0, 1, 1, 4, 429]), ("€", [0, 0, 0, 5, 658]),
        ("account-123456", [0, 0, 0, 0, 553]),
    ])
    func shardsMatchTheReference(id: String, expected: [Int]) throws {
        let maps = try [1, 2, 3, 10, 1_024].map { try #require(ShardMap(count: $0)) }
        #expect(maps.map { $0.shard(of: id) } == expected)
    }

    /// Equal shares, and a fourth shard takes a quarter of the ids from the three without moving
    /// any between them.
    @Test func sharesAreEvenAndGrowingMovesOnlyToTheNewShard() throws {
        let (three, four) = (try #require(ShardMap(count: 3)), try #require(ShardMap(count: 4)))
        let ids = (0..<30_000).map { "trader-\($0)" }
        var counts = [0, 0, 0]
        var moved = 0
        for id in ids {
            let before = three.shard(of: id), after = four.shard(of: id)
            counts[before] += 1
            if after != before {
                #expect(after == 3, "\(id) moved from \(before) to \(after)")
                moved += 1
            }
        }
        #expect(counts.allSatisfy { abs($0 - 10_000) < 300 }, "\(counts)")
        #expect(abs(moved - 7_500) < 300, "\(moved) moved")
        #expect(ShardMap(count: 0) == nil && ShardMap(count: ShardMap.maxShards + 1) == nil)
        #expect(ShardAssignment(index: 3, count: 3) == nil && ShardAssignment(index: -1, count: 3) == nil)
    }

    /// Shard 0 of 3 takes alice's account (hers by the map) and market data, and answers 421 for
    /// bob's (shard 2), reading or writing, naming the owner; unauthenticated requests are still
    /// 401 (the owner of an id is not told to a client without a token).
    @Test func aShardRefusesAnotherShardsAccounts() async throws {
        var configuration = Harness.configuration()
        configuration.shard = ShardAssignment(index: 0, count: 3)
        let app = try await buildApplication(configuration: configuration)
        try await app.test(.router) { client in
            #expect(try await client.call(.post, "/v1/marks", body: #"{"markPrices": {"BTCUSDT": "30000"}, "time": "100"}"#).status == .ok)
            let account = #"{"marginMode": "cross", "walletBalance": "1000", "time": "100"}"#
            #expect(try await client.call(.put, "/v1/accounts/alice", body: account).status == .ok)
            #expect(try await client.call(.get, "/v1/accounts/alice", token: Harness.readToken).status == .ok)
            for (method, token, body) in [(HTTPRequest.Method.put, Harness.writeToken, account), (.get, Harness.readToken, nil)] {
                let refused = try await client.call(method, "/v1/accounts/bob", token: token, body: body)
                #expect(refused.status == .misdirectedRequest)
                let error = try client.json(refused)["error"] as? [String: Any]
                #expect(error?["code"] as? String == "wrongShard" && error?["shard"] as? Int == 2, "\(String(describing: error))")
            }
            #expect(try await client.call(.get, "/v1/accounts/bob", token: nil).status == .unauthorized)
            #expect(try await client.call(.get, "/v1/accounts/%E2%82%AC", token: Harness.readToken).status == .notFound)  // €: shard 0, no account
            let cluster = try client.json(try await client.call(.get, "/v1/cluster", token: Harness.readToken))
            #expect((cluster["shard"] as? [String: Any])?["index"] as? Int == 0 && (cluster["shard"] as? [String: Any])?["count"] as? Int == 3)
        }
    }
}
