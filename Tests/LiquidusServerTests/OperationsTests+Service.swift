import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LiquidusCore
import LiquidusEngine
import LiquidusServer
import LiquidusStore
import Logging
import Testing

/// `/metrics` counts every request by route, method and status, and every refusal by reason.
@Suite struct RequestMetricsTests {
    @Test func requestsAndRefusalsAreCounted() async throws {
        let app = try await buildApplication(configuration: Harness.configuration(maxBodySize: 1_024))
        try await app.test(.router) { client in
            let tick = #"{"markPrices": {"BTCUSDT": "30000"}, "time": "1"}"#
            try await client.call(.post, "/v1/marks", body: tick)
            try await client.call(.post, "/v1/marks", body: "{")  // malformedDocument
            try await client.call(.post, "/v1/marks", body: String(repeating: " ", count: 2_000) + tick)  // 413
            try await client.call(.post, "/v1/marks", body: tick, headers: [.contentType: "text/plain"])  // 415
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "k1"]
            try await client.call(.post, "/v1/marks", body: tick, headers: key)
            try await client.call(.post, "/v1/marks", body: #"{"markPrices": {"BTCUSDT": "30001"}}"#, headers: key)  // 422
            try await client.call(.get, "/v1/accounts/nobody", token: Harness.readToken)  // 404
            try await client.call(.get, "/v1/state", token: nil)  // 401
            let text = String(buffer: try await client.call(.get, "/metrics", token: Harness.readToken).body)
            for series in [
                #"liquidus_http_requests_total{route="/v1/marks",method="POST",status="200"} 2"#,
                #"liquidus_http_requests_total{route="/v1/marks",method="POST",status="400"} 1"#,
                #"liquidus_http_requests_total{route="/v1/accounts/{id}",method="GET",status="404"} 1"#,
                #"liquidus_http_request_duration_seconds_count{route="/v1/marks",method="POST",status="413"} 1"#,
                #"liquidus_requests_rejected_total{reason="malformedDocument"} 1"#,
                #"liquidus_requests_rejected_total{reason="bodyTooLarge"} 1"#,
                #"liquidus_requests_rejected_total{reason="unsupportedMediaType"} 1"#,
                #"liquidus_requests_rejected_total{reason="idempotencyKeyReused"} 1"#,
                #"liquidus_requests_rejected_total{reason="unknownReference"} 1"#,
                #"liquidus_requests_rejected_total{reason="unauthorized"} 1"#,
            ] {
                #expect(text.contains(series), "\(series)")
            }
        }
    }
}

/// The history behind the latest snapshot is pruned past the horizon; a read of the pruned range
/// says so, and a restart still recovers (snapshot plus tail).
@Suite struct RetentionTests {
    @Test func historyIsPrunedAndRecoveryStillWorks() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("liquidus-retention-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = Harness.configuration(.sqlite(path: directory.appendingPathComponent("log.sqlite").path), snapshotInterval: 5)
        configuration.retainedCommands = 5
        let hash = try await buildApplication(configuration: configuration).test(.router) { client -> String in
            try await client.runSetup()
            for index in 0..<40 {
                // Each import is at or below maintenance at 30000 (equity 50 < 60): liquidated at once, with events.
                let account = #"{"marginMode": "cross", "walletBalance": "50", "positions": [{"market": "BTCUSDT", "size": "0.5", "entryPrice": "30000"}], "time": "100"}"#
                let response = try await client.call(.put, "/v1/accounts/x\(index)", body: account, headers: [HTTPField.Name("Idempotency-Key")!: "put-\(index)"])
                #expect(response.status == .ok)
                try await Task.sleep(for: .milliseconds(25))  // snapshots are paced: let them keep up
            }
            // Snapshots and pruning run off the writer: wait for a pruned range to show.
            var gone: TestResponse?
            for _ in 0..<200 {
                let response = try await client.call(.get, "/v1/events?after=0", token: Harness.readToken)
                if response.status == .gone { gone = response; break }
                try await Task.sleep(for: .milliseconds(20))
            }
            let error = try gone.map { try client.json($0)["error"] as? [String: Any] } ?? nil
            #expect(error?["code"] as? String == "pruned")
            let first = error?["firstRetainedSequence"] as? Int ?? 0
            #expect(first > 1)
            #expect(try await client.call(.get, "/v1/events?after=\(first - 1)", token: Harness.readToken).status == .ok)
            // A pruned key is forgotten: the request is applied anew (a new command).
            let retried = try await client.call(
                .put, "/v1/accounts/x0", body: #"{"marginMode": "cross", "walletBalance": "50", "positions": [{"market": "BTCUSDT", "size": "0.5", "entryPrice": "30000"}], "time": "100"}"#,
                headers: [HTTPField.Name("Idempotency-Key")!: "put-0"])
            #expect(retried.headers[HTTPField.Name("Idempotent-Replayed")!] == nil)
            return try await client.stateHash()
        }
        let restarted = try await buildApplication(configuration: configuration).test(.router) { client in try await client.stateHash() }
        #expect(restarted == hash)
    }
}

/// The executor's settings are part of the genesis: stored, and a restart with others refused.
@Suite struct GenesisTests {
    @Test func executorSettingsAreStoredAndEnforced() async throws {
        let store = try SQLiteStore.inMemory()
        let custom = EngineGenesis(venue: "liquidus", executor: .init(slippageBudgetBasisPoints: 25, childIntervalSeconds: 3, maxChildren: 4))
        let recovered = try await EngineRecovery.recover(store: store, genesis: custom)
        #expect(recovered.genesis.executor.maxChildren == 4)
        #expect(try await store.genesis()?.contains(#""executor":{"childIntervalSeconds":"3","maxChildren":"4","slippageBudgetBasisPoints":"25"}"#) == true)
        #expect(try await EngineRecovery.recover(store: store, genesis: nil).genesis.executor == custom.executor)
        do {
            _ = try await EngineRecovery.recover(store: store, genesis: EngineGenesis(venue: "liquidus"))
            Issue.record("a restart with other executor settings was accepted")
        } catch {
            #expect(error.message.contains("executor"))
            #expect(error.message.contains("at most 4 children"))
        }
    }

    /// A genesis written before the executor's settings were recorded reads as the defaults.
    @Test func oldGenesisReadsAsDefaults() throws {
        let old = try EngineGenesis(text: #"{"accounts":[],"insuranceFund":"0","markPrices":{},"venue":"liquidus"}"#)
        #expect(old.executor == EngineGenesis.ExecutorSettings())
        #expect(throws: ValidationError.self) {
            try EngineGenesis(text: #"{"accounts":[],"executor":{"maxChildren":"0"},"markPrices":{},"venue":"liquidus"}"#)
        }
    }

    /// A new store records milliseconds; a genesis that records no unit (a store written before
    /// engine time was in milliseconds) reads as seconds, and its log replays in seconds whatever
    /// unit the server would give a new store: an incremental close's 5 s interval is still
    /// 5 time units there, 5,000 in a new store.
    @Test func aStoreKeepsTheTimeUnitItWasWrittenIn() async throws {
        let fresh = try SQLiteStore.inMemory()
        #expect(try await EngineRecovery.recover(store: fresh, genesis: EngineGenesis()).engine.timeUnit == .milliseconds)
        #expect(try await fresh.genesis()?.contains(#""timeUnit":"milliseconds""#) == true)
        let old = try EngineGenesis(text: #"{"accounts":[],"insuranceFund":"0","markPrices":{},"venue":"liquidus"}"#)
        #expect(old.timeUnit == .seconds)
        #expect(throws: ValidationError.self) {
            try EngineGenesis(text: #"{"accounts":[],"markPrices":{},"timeUnit":"seconds","venue":"liquidus"}"#)
        }
        let legacy = try SQLiteStore.inMemory()
        try await legacy.initialize(genesis: old.text)
        try await legacy.commit(CommitBatch(commands: [StoredCommand(sequence: 1, input: EngineInput(time: 1_700_000_000, .markPrice(market: "BTCUSDT", price: Price(30_000))))]))
        let recovered = try await EngineRecovery.recover(store: legacy, genesis: EngineGenesis())
        #expect(recovered.engine.timeUnit == .seconds && recovered.engine.time == 1_700_000_000)
        #expect(try await legacy.genesis()?.contains("timeUnit") == false)
    }

    /// Recovery that meets a stored command it cannot apply stops with a message naming it.
    @Test func recoveryNamesACommandThatDoesNotApply() async throws {
        let store = try SQLiteStore.inMemory()
        _ = try await EngineRecovery.recover(store: store, genesis: EngineGenesis())
        try await store.commit(CommitBatch(commands: [
            StoredCommand(sequence: 1, input: EngineInput(time: 1, .markPrice(market: "BTCUSDT", price: Price(30_000)))),
            StoredCommand(sequence: 2, input: EngineInput(time: 2, .markPrice(market: "NOPE", price: Price(1)))),
        ]))
        do {
            _ = try await EngineRecovery.recover(store: store, genesis: nil)
            Issue.record("a log with a command that does not apply was recovered")
        } catch {
            #expect(error.message.contains("command 2 does not apply"))
        }
    }
}

/// The process itself: it survives what the engine cannot apply, and exits on SIGTERM with
/// idle connections open.
@Suite(.serialized) struct ServerProcessTests {
    /// The account that made the engine trap: both markets, a mark, the account, then the mark
    /// that crashed the process. Whatever the engine makes of the tick, the service answers it
    /// (an error has a reason and a path) and keeps serving.
    @Test
    func theServiceSurvivesTheAccountThatCrashedIt() throws {
        let server = try ServerProcess()
        let markets = #"""
            {"markets": [{"symbol": "M1USD", "tickSize": "1", "lotSize": "0.01", "riskTiers": [{"maintenanceMarginRate": "0.015", "maintenanceAmount": "0", "maxLeverage": "33"}], "liquidationFeeRate": "0.01", "takerFeeRate": "0.0005"}, {"symbol": "M2USD", "tickSize": "0.1", "lotSize": "0.001", "riskTiers": [{"maintenanceMarginRate": "0.0065", "maintenanceAmount": "0", "maxLeverage": "76", "notionalCap": "10000"}, {"maintenanceMarginRate": "0.015", "maintenanceAmount": "85", "maxLeverage": "33", "notionalCap": "20000"}, {"maintenanceMarginRate": "0.025", "maintenanceAmount": "285", "maxLeverage": "20"}], "liquidationFeeRate": "0.01", "takerFeeRate": "0.0005"}], "time": "1"}
            """#
        #expect(try server.call("POST", "/v1/markets", body: markets).hasPrefix("HTTP/1.1 200"))
        #expect(try server.call("POST", "/v1/marks", body: #"{"markPrices": {"M1USD": "1", "M2USD": "156"}, "time": "1"}"#).hasPrefix("HTTP/1.1 200"))
        let account = #"{"marginMode": "cross", "walletBalance": "20.4", "positions": [{"market": "M1USD", "size": "-500", "entryPrice": "1"}, {"market": "M2USD", "size": "-3.333", "entryPrice": "156"}], "time": "1"}"#
        #expect(try server.call("PUT", "/v1/accounts/a1", body: account).hasPrefix("HTTP/1.1 200"))
        let tick = try server.call("POST", "/v1/marks", body: #"{"markPrices": {"M2USD": "178.5"}, "time": "2"}"#)
        #expect(tick.hasPrefix("HTTP/1.1 200") || (tick.hasPrefix("HTTP/1.1 4") && tick.contains(#""path":"#) && tick.contains(#""message":"#)), "\(tick.prefix(300))")
        #expect(server.isRunning, "the process is alive")
        #expect(try server.request("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").hasPrefix("HTTP/1.1 200"))
        #expect(try server.call("POST", "/v1/marks", body: #"{"markPrices": {"M1USD": "1"}, "time": "3"}"#).hasPrefix("HTTP/1.1 200"))
    }

    /// SIGTERM with idle connections open (before and after a request) and one half-sent head:
    /// the server drains and exits at once, not after the connections' timeouts.
    @Test func sigtermExitsWithIdleConnectionsOpen() throws {
        let server = try ServerProcess(["--idle-timeout", "600", "--request-head-timeout", "600"])
        let idle = try (0..<5).map { _ in try RawConnection(port: server.port) }
        let keptAlive = try RawConnection(port: server.port)
        keptAlive.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = keptAlive.readBlocking(timeout: .milliseconds(300))
        let half = try RawConnection(port: server.port)
        half.send("GET /healthz HTTP/1.1\r\nHost:")
        Thread.sleep(forTimeInterval: 0.2)
        let took = server.terminateGracefully(within: .seconds(15))
        #expect(took != nil && took! < .seconds(5), "exited after \(String(describing: took))")
        #expect(server.exitStatus == 0, "exit status \(String(describing: server.exitStatus))")
        withExtendedLifetime((idle, keptAlive, half)) {}
    }
}
