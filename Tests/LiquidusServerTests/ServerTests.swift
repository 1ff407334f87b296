import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LiquidusCheck
import LiquidusCore
import LiquidusEngine
import LiquidusRandom
import LiquidusServer
import LiquidusStore
import Testing

@Suite struct AuthTests {
    @Test func tokensAndScopes() async throws {
        let app = try await buildApplication(configuration: Harness.configuration())
        try await app.test(.router) { client in
            let body = #"{"markPrices": {"BTCUSDT": "30000"}, "time": "1"}"#
            #expect(try await client.call(.get, "/healthz", token: nil).status == .ok)
            #expect(try await client.call(.post, "/v1/marks", token: nil, body: body).status == .unauthorized)
            #expect(try await client.call(.post, "/v1/marks", token: "wrong-token-wrong-token", body: body).status == .unauthorized)
            #expect(try await client.call(.post, "/v1/marks", token: Harness.writeToken + "x", body: body).status == .unauthorized)
            #expect(try await client.call(.post, "/v1/marks", token: String(Harness.writeToken.dropLast()), body: body).status == .unauthorized)
            #expect(try await client.call(.post, "/v1/marks", token: Harness.readToken, body: body).status == .forbidden)
            #expect(try await client.call(.get, "/v1/state", token: nil).status == .unauthorized)
            #expect(try await client.call(.get, "/metrics", token: nil).status == .unauthorized)
            #expect(try await client.call(.get, "/metrics", token: Harness.readToken).status == .ok)
            #expect(try await client.call(.get, "/v1/state", token: Harness.writeToken).status == .ok)
            let missing = try await client.call(.post, "/v1/marks", token: nil, body: body)
            #expect(missing.headers[.wwwAuthenticate] == #"Bearer realm="liquidus""#)
            // Nothing was applied by any refused request.
            #expect(try await client.state()["commandSequence"] as? Int == 0)
            #expect(try await client.call(.post, "/v1/marks", body: body).status == .ok)
            #expect(try await client.state()["commandSequence"] as? Int == 1)
        }
    }

    @Test func constantTimeComparison() {
        let tokens = AccessTokens(write: "abcdefghijklmnopqrstuvwxyz", read: "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        #expect(tokens.scope(ofAuthorization: "Bearer abcdefghijklmnopqrstuvwxyz") == .write)
        #expect(tokens.scope(ofAuthorization: "bearer ABCDEFGHIJKLMNOPQRSTUVWXYZ") == .read)
        #expect(tokens.scope(ofAuthorization: "Bearer abcdefghijklmnopqrstuvwxy") == nil)
        #expect(tokens.scope(ofAuthorization: "Bearer abcdefghijklmnopqrstuvwxyz ") == nil)
        #expect(tokens.scope(ofAuthorization: "Basic abcdefghijklmnopqrstuvwxyz") == nil)
        #expect(tokens.scope(ofAuthorization: "Bearer ") == nil)
        #expect(tokens.scope(ofAuthorization: nil) == nil)
    }
}

@Suite struct ValidationTests {
    /// The errors of `check` for the same JSON, with the same paths.
    @Test(arguments: [
        (#"{"markPrices": {"BTCUSDT": "1e3"}}"#, "invalidNumber", "markPrices.BTCUSDT"),
        (#"{"markPrices": {"BTCUSDT": 30000}}"#, "wrongType", "markPrices.BTCUSDT"),
        (#"{"markPrices": {"BTCUSDT": "-5"}}"#, "outOfRange", "markPrices.BTCUSDT"),
        (#"{"markPrices": {"BTCUSDT": "99999999999"}}"#, "invalidNumber", "markPrices.BTCUSDT"),
        (#"{"markPrices": {"BTCUSDT": "1000000001"}}"#, "outOfRange", "markPrices.BTCUSDT"),
        (#"{"markPrices": {"BTCUSDT": "1.000000001"}}"#, "invalidNumber", "markPrices.BTCUSDT"),
        (#"{"markPrices": {"NOPE": "1"}}"#, "unknownReference", "markPrices.NOPE"),
        (#"{"markPrice": {"BTCUSDT": "1"}}"#, "unknownField", "markPrice"),
        (#"{"ticks": [{"markPrices": {"BTCUSDT": "1"}}, {"markPrices": {"BTCUSDT": "NaN"}}]}"#, "invalidNumber", "ticks[1].markPrices.BTCUSDT"),
        (#"{"markPrices": {"BTCUSDT": "1"}, "time": "1.5"}"#, "outOfRange", "time"),
        (#"[1, 2]"#, "wrongType", ""),
        (#"{"#, "malformedDocument", ""),
        ("", "malformedDocument", ""),
    ])
    func marks(body: String, code: String, path: String) async throws {
        let app = try await buildApplication(configuration: Harness.configuration())
        try await app.test(.router) { client in
            let before = try await client.stateHash()
            let response = try await client.call(.post, "/v1/marks", body: body)
            #expect(response.status == .badRequest)
            let error = try client.json(response)["error"] as? [String: Any]
            #expect(error?["code"] as? String == code)
            #expect(error?["path"] as? String == path)
            #expect(try await client.stateHash() == before)
        }
    }

    /// A bad market or account gets `check`'s own message, word for word.
    @Test func sameMessagesAsCheck() async throws {
        let market = #"{"symbol": "X", "tickSize": "0.1", "lotSize": "0.001", "riskTiers": [{"maintenanceMarginRate": "0.004", "maintenanceAmount": "0", "maxLeverag": "125"}], "liquidationFeeRate": "0.01", "takerFeeRate": "0.0005"}"#
        let checkError: ValidationError? = {
            do throws(ValidationError) { _ = try CheckInput(json: Data(#"{"markets": [\#(market)], "accounts": [], "markPrices": {}}"#.utf8)) } catch { return error }
            return nil
        }()
        let app = try await buildApplication(configuration: Harness.configuration())
        try await app.test(.router) { client in
            let response = try await client.call(.post, "/v1/markets", body: #"{"markets": [\#(market)]}"#)
            #expect(response.status == .badRequest)
            let error = try client.json(response)["error"] as? [String: Any]
            #expect(error?["path"] as? String == checkError?.path)
            #expect(error?["message"] as? String == checkError?.message)
            #expect(checkError?.path == "markets[0].riskTiers[0].maxLeverag")

            try await client.runSetup()
            let before = try await client.stateHash()
            let account = try await client.call(
                .put, "/v1/accounts/carol", body: #"{"marginMode": "cross", "walletBalance": "10", "positions": [{"market": "BTCUSDT", "size": "0.0005", "entryPrice": "30000"}]}"#)
            #expect(account.status == .badRequest)
            #expect((try client.json(account)["error"] as? [String: Any])?["path"] as? String == "positions[0].size")
            let typo = try await client.call(.put, "/v1/accounts/carol", body: #"{"marginMode": "cross", "walletBalanse": "10"}"#)
            let typoError = try client.json(typo)["error"] as? [String: Any]
            #expect(typoError?["path"] as? String == "walletBalanse")
            #expect((typoError?["message"] as? String)?.contains(#"did you mean "walletBalance"?"#) == true)
            #expect(try await client.stateHash() == before)
        }
    }

    @Test func oversizedBodyIsRefusedUnread() async throws {
        let app = try await buildApplication(configuration: Harness.configuration(maxBodySize: 4_096))
        try await app.test(.router) { client in
            let big = #"{"markPrices": {"BTCUSDT": "1"}, "pad": ""# + String(repeating: "x", count: 10_000) + #""}"#
            let status = try await client.call(.post, "/v1/marks", body: big).status
            #expect(status == .contentTooLarge)
            let sequence = try await client.state()["commandSequence"] as? Int
            #expect(sequence == 0)
        }
    }
}

@Suite struct IdempotencyTests {
    @Test func retriedRequestIsAppliedOnce() async throws {
        let app = try await buildApplication(configuration: Harness.configuration())
        try await app.test(.router) { client in
            let body = #"{"markPrices": {"BTCUSDT": "30000"}, "time": "5"}"#
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "tick-0001"]
            let first = try await client.call(.post, "/v1/marks", body: body, headers: key)
            let state = try await client.state()
            let retry = try await client.call(.post, "/v1/marks", body: body, headers: key)
            #expect(first.status == .ok)
            #expect(retry.status == .ok)
            #expect(retry.body == first.body)
            #expect(retry.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(try await client.state()["commandSequence"] as? Int == state["commandSequence"] as? Int)
            let other = try await client.call(.post, "/v1/marks", body: #"{"markPrices": {"BTCUSDT": "31000"}}"#, headers: key)
            #expect(other.status == .unprocessableContent)
            #expect(try await client.stateHash() == state["stateHash"] as? String)
            let bad = try await client.call(.post, "/v1/marks", body: body, headers: [HTTPField.Name("Idempotency-Key")!: "has space"])
            #expect(bad.status == .badRequest)
        }
    }
}

@Suite struct EventTests {
    @Test func liquidationEventsCanBeResumed() async throws {
        let app = try await buildApplication(configuration: Harness.configuration())
        try await app.test(.router) { client in
            try await client.runSetup()
            let crash = try await client.call(.post, "/v1/marks", body: #"{"markPrices": {"BTCUSDT": "28100"}, "time": "101"}"#)
            let events = try client.json(crash)["events"] as? [[String: Any]] ?? []
            #expect(events.count >= 3)
            #expect(events.first?["type"] as? String == "liquidationTriggered")
            let all = try client.json(try await client.call(.get, "/v1/events?after=0", token: Harness.readToken))["events"] as? [[String: Any]] ?? []
            #expect(all.count == events.count)
            let resumed = try client.json(try await client.call(.get, "/v1/events?after=1&limit=1", token: Harness.readToken))
            #expect((resumed["events"] as? [[String: Any]])?.first?["sequence"] as? Int == 2)
            #expect(resumed["lastSequence"] as? Int == 2)
            #expect(try await client.call(.get, "/v1/events?after=-1", token: Harness.readToken).status == .badRequest)
            // The check view: alice was taken over; bob (short) gained.
            let alice = try client.json(try await client.call(.get, "/v1/accounts/alice", token: Harness.readToken))
            #expect(alice["equity"] as? String == "0")
            // bob's short is the only position on its side, in profit: first in the ADL queue.
            let bob = try client.json(try await client.call(.get, "/v1/accounts/bob", token: Harness.readToken))
            #expect((bob["positions"] as? [[String: Any]])?.first?["adlQuantile"] as? Int == 5)
            #expect(try await client.call(.get, "/v1/accounts/nobody", token: Harness.readToken).status == .notFound)
        }
    }
}

@Suite struct RecoveryTests {
    /// Restarted on its store, the server has the state hash and sequences it had.
    @Test func stateHashSurvivesRestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("liquidus-server-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("log.sqlite").path
        let first = try await buildApplication(configuration: Harness.configuration(.sqlite(path: path)))
        let before = try await first.test(.router) { client in
            try await client.runSetup()
            try await client.call(.post, "/v1/books/BTCUSDT", body: #"{"bids": [["28900", "1"]], "asks": [["29100", "1"]], "time": "100"}"#)
            try await client.call(.post, "/v1/marks", body: #"{"ticks": [{"markPrices": {"BTCUSDT": "29000"}, "time": "101"}, {"markPrices": {"BTCUSDT": "28100"}, "time": "102"}]}"#)
            return try await Self.figures(client)
        }
        let second = try await buildApplication(configuration: Harness.configuration(.sqlite(path: path)))
        let after = try await second.test(.router) { client in try await Self.figures(client) }
        #expect(after == before)
        #expect(Int(before[2]) ?? 0 > 0)
    }

    /// With a snapshot every 3 commands, recovery restores the latest snapshot's document (with
    /// its order book) and replays only the commands after it; the restarted server has the
    /// same figures.
    @Test func restartRestoresTheLatestSnapshot() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("liquidus-server-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("log.sqlite").path
        let first = try await buildApplication(configuration: Harness.configuration(.sqlite(path: path), snapshotInterval: 3))
        let before = try await first.test(.router) { client in
            try await client.runSetup()
            try await client.call(.post, "/v1/books/BTCUSDT", body: #"{"bids": [["28900", "1"]], "asks": [["29100", "1"]], "time": "100"}"#)
            try await client.call(.post, "/v1/marks", body: #"{"ticks": [{"markPrices": {"BTCUSDT": "29000"}, "time": "101"}, {"markPrices": {"BTCUSDT": "28100"}, "time": "102"}]}"#)
            try await client.call(.put, "/v1/accounts/carol", body: #"{"marginMode": "cross", "walletBalance": "500", "time": "103"}"#)
            return try await Self.figures(client)
        }
        // Snapshots are written off the writer: wait until the one after command 6 is stored.
        let store = try SQLiteStore.open(path: path)
        var recovered = try await EngineRecovery.recover(store: store, genesis: nil)
        for _ in 0..<300 where (recovered.restoredSnapshot?.commandSequence ?? 0) < 6 {
            try await Task.sleep(for: .milliseconds(10))
            recovered = try await EngineRecovery.recover(store: store, genesis: nil)
        }
        #expect(recovered.skippedSnapshots.isEmpty, "\(recovered.skippedSnapshots)")
        #expect((recovered.restoredSnapshot?.commandSequence ?? 0) >= 6)
        #expect(recovered.replayedCommands == recovered.commandSequence - (recovered.restoredSnapshot?.commandSequence ?? 0))
        let hex = String(recovered.engine.stateHash, radix: 16)
        #expect(String(repeating: "0", count: 16 - hex.count) + hex == before[0])
        let second = try await buildApplication(configuration: Harness.configuration(.sqlite(path: path)))
        let after = try await second.test(.router) { client in try await Self.figures(client) }
        #expect(after == before)
    }

    /// State hash, command sequence, event sequence.
    static func figures(_ client: some TestClientProtocol) async throws -> [String] {
        let state = try await client.state()
        return [state["stateHash"] as? String ?? "", "\(state["commandSequence"] ?? "")", "\(state["eventSequence"] ?? "")"]
    }
}

@Suite struct HostileInputTests {
    /// 3,000 seeded hostile requests on every mutating endpoint — templated bodies with hostile
    /// values, fragment soup, random bytes, bodies over the size limit, and wrong, read-only or
    /// missing tokens: never a 5xx, never an accepted body, never a state change.
    @Test func fuzzedBodiesChangeNothing() async throws {
        let app = try await buildApplication(configuration: Harness.configuration(maxBodySize: 16 * 1024))
        try await app.test(.router) { client in
            try await client.runSetup()
            let before = try await client.stateHash()
            var generator = SeededGenerator(seed: 0x1f2e_3d4c)
            let fragments = [
                "{", "}", "[", "]", "\"", ":", ",", "null", "true", "1e999", "-0", "NaN", "\"1e3\"", "\"-1\"", "\"99999999999999999999\"",
                "\"0.000000001\"", "\"markPrices\"", "\"ticks\"", "\"BTCUSDT\"", "\"marginMode\"", "\"cross\"", "\"walletBalance\"",
                "\"positions\"", "\"bids\"", "\"asks\"", "\"markets\"", "\"time\"", "\"\\u0000\"", "\u{FEFF}", "\"💥\"", "123456789012345678901234567890",
            ]
            let templates = [
                #"{"markPrices": {"BTCUSDT": %}}"#, #"{"ticks": [%]}"#, #"{"markPrices": %, "time": %}"#,
                #"{"marginMode": %, "walletBalance": %}"#, #"{"marginMode": "cross", "walletBalance": "1", "positions": [%]}"#,
                #"{"bids": [[%, %]], "asks": %}"#, #"{"markets": [%]}"#, #"{"markets": [{"symbol": %, "tickSize": %}]}"#,
            ]
            let endpoints: [(HTTPRequest.Method, String)] = [
                (.post, "/v1/marks"), (.put, "/v1/accounts/alice"), (.put, "/v1/accounts/new"), (.post, "/v1/books/BTCUSDT"),
                (.post, "/v1/books/NOPE"), (.post, "/v1/markets"),
            ]
            var statuses: [Int: Int] = [:]
            for round in 0..<3_000 {
                let (method, uri) = endpoints[Int(generator.next() % UInt64(endpoints.count))]
                var body: String
                switch round % 3 {
                case 0:
                    body = templates[Int(generator.next() % UInt64(templates.count))]
                    while let range = body.range(of: "%") {
                        body.replaceSubrange(range, with: fragments[Int(generator.next() % UInt64(fragments.count))])
                    }
                case 1:
                    body = (0..<Int(generator.next() % 40)).map { _ in fragments[Int(generator.next() % UInt64(fragments.count))] }.joined()
                default:
                    body = String(decoding: (0..<Int(generator.next() % 200)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }, as: UTF8.self)
                }
                if round % 50 == 0 { body = #"{"markPrices": {"BTCUSDT": ""# + String(repeating: "9", count: 20 * 1024) + #""}}"# }
                // A token that is wrong, read-only or missing on a third of the rounds.
                let token: String? = [Harness.writeToken, Harness.writeToken, Harness.readToken, nil, "x"][Int(generator.next() % 5)]
                let response = try await client.call(method, uri, token: token, body: body)
                statuses[Int(response.status.code), default: 0] += 1
                #expect(response.status.code < 500, "\(method) \(uri) \(body) → \(response.status)")
                if response.status == .ok { Issue.record("a hostile body was accepted: \(uri) \(body)") }
            }
            #expect(try await client.stateHash() == before)
            #expect(statuses[401, default: 0] > 0 && statuses[403, default: 0] > 0 && statuses[400, default: 0] > 0)
            #expect(statuses[413, default: 0] > 0, "oversized bodies must be refused as such: \(statuses)")
        }
    }
}

@Suite struct OperationsTests {
    @Test func openAPIDocumentIsTheRepositoryFile() async throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/openapi.json").standardized
        let bytes = try [UInt8](Data(contentsOf: file))
        #expect(OpenAPIDocument.bytes == bytes, "run scripts/embed-openapi.sh")
        let app = try await buildApplication(configuration: Harness.configuration())
        try await app.test(.router) { client in
            let response = try await client.call(.get, "/openapi.json", token: nil)
            #expect(response.status == .ok)
            #expect([UInt8](buffer: response.body) == bytes)
            try await client.runSetup()
            try await client.call(.post, "/v1/marks", body: #"{"markPrices": {"BTCUSDT": "28100"}, "time": "101"}"#)
            let metrics = String(buffer: try await client.call(.get, "/metrics", token: Harness.readToken).body)
            for name in ["liquidus_ticks_processed_total 3", "liquidus_liquidations_total{step=\"positionTakenOver\"}", "liquidus_insurance_fund",
                         "liquidus_tick_latency_seconds_bucket", "liquidus_store_append_seconds_bucket"] {
                #expect(metrics.contains(name), "\(name) missing from /metrics")
            }
        }
    }
}
