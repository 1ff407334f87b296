import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LiquidusServer
import Testing

/// `PUT /v1/accounts/{id}` sets any account `check` accepts, as one `setAccount` input.
@Suite struct AccountImportTests {
    /// alice (cross, long 0.5 @ 30,000, wallet 1,000) becomes long 0.7 @ 29,950.55 (off the 0.1
    /// tick) at a chosen 20×: at the mark 30,000, notional 0.7 × 30,000 = 21,000, uPnL
    /// 0.7 × 49.45 = 34.615, initial margin 21,000 ÷ 20 = 1,050. One command; the fund is untouched.
    @Test func changesAnExistingPosition() async throws {
        let app = try await buildApplication(configuration: Harness.configuration())
        try await app.test(.router) { client in
            try await client.runSetup()
            let before = try await client.state()
            let response = try await client.call(
                .put, "/v1/accounts/alice",
                body: #"{"marginMode": "cross", "walletBalance": "1200", "positions": [{"market": "BTCUSDT", "size": "0.7", "entryPrice": "29950.55", "leverage": "20"}], "time": "100"}"#)
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            #expect(try client.json(response)["commands"] as? Int == 1)
            let view = try client.json(try await client.call(.get, "/v1/accounts/alice", token: Harness.readToken))
            let position = (view["positions"] as? [[String: Any]])?.first
            #expect(position?["size"] as? String == "0.7")
            #expect(position?["notional"] as? String == "21000")
            #expect(position?["unrealizedPnl"] as? String == "34.615")
            #expect(position?["initialMargin"] as? String == "1050")
            #expect(view["equity"] as? String == "1234.615")
            let after = try await client.state()
            #expect(after["commandSequence"] as? Int == (before["commandSequence"] as? Int ?? -1) + 1)
            #expect(after["insuranceFund"] as? String == before["insuranceFund"] as? String)
            // The same body again changes nothing and logs nothing.
            let again = try await client.call(
                .put, "/v1/accounts/alice",
                body: #"{"marginMode": "cross", "walletBalance": "1200", "positions": [{"market": "BTCUSDT", "size": "0.7", "entryPrice": "29950.55", "leverage": "20"}]}"#)
            #expect(try client.json(again)["commands"] as? Int == 0)
            #expect(try await client.stateHash() == after["stateHash"] as? String)
        }
    }

    /// Closing a position, switching the margin mode, and an import that is liquidated at once
    /// (bob, cross, short 1 @ 27,000 with 100 at the mark 30,000: equity 100 − 3,000 < 0).
    @Test func closesSwitchesAndLiquidates() async throws {
        let app = try await buildApplication(configuration: Harness.configuration())
        try await app.test(.router) { client in
            try await client.runSetup()
            let flat = try await client.call(.put, "/v1/accounts/alice", body: #"{"marginMode": "isolated", "walletBalance": "1000"}"#)
            #expect(flat.status == .ok)
            let alice = try client.json(try await client.call(.get, "/v1/accounts/alice", token: Harness.readToken))
            #expect((alice["positions"] as? [Any])?.isEmpty == true)
            let bob = try await client.call(
                .put, "/v1/accounts/bob",
                body: #"{"marginMode": "cross", "walletBalance": "100", "positions": [{"market": "BTCUSDT", "size": "-1", "entryPrice": "27000"}]}"#)
            #expect(bob.status == .ok)
            let types = (try client.json(bob)["events"] as? [[String: Any]] ?? []).compactMap { $0["type"] as? String }
            #expect(types.first == "liquidationTriggered" && types.contains("positionTakenOver"))
        }
    }

    /// Errors keep `check`'s paths, and the engine's own rule (no negative wallet without
    /// positions) is reported at the body's field; nothing changes.
    @Test func refusals() async throws {
        let app = try await buildApplication(configuration: Harness.configuration())
        try await app.test(.router) { client in
            try await client.runSetup()
            let before = try await client.stateHash()
            for (body, path) in [
                (#"{"marginMode": "cross", "walletBalance": "-1"}"#, "walletBalance"),
                (#"{"marginMode": "cross", "walletBalance": "1", "positions": [{"market": "BTCUSDT", "size": "1", "entryPrice": "30000", "leverage": "500"}]}"#, "positions[0].leverage"),
                (#"{"marginMode": "cross", "walletBalance": "1", "positions": [{"market": "BTCUSDT", "size": "1", "entryPrice": "30000", "isolatedMargin": "5"}]}"#, "positions[0].isolatedMargin"),
            ] {
                let response = try await client.call(.put, "/v1/accounts/carol", body: body)
                #expect(response.status == .badRequest)
                #expect((try client.json(response)["error"] as? [String: Any])?["path"] as? String == path, "\(body)")
            }
            #expect(try await client.stateHash() == before)
        }
    }
}
