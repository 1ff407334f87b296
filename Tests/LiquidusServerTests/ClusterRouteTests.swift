import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LiquidusServer
import LiquidusStore
import Logging
import Testing

/// `GET /v1/cluster` and the redirect of writes on a standby, in process.
@Suite struct ClusterRouteTests {
    /// A router over a host on a new in-memory store, with `state`.
    static func app(_ state: ClusterState, leadership: Leadership) async throws -> some ApplicationProtocol {
        let store = try SQLiteStore.inMemory()
        let recovered = try await EngineRecovery.recover(store: store, genesis: EngineGenesis())
        let metrics = ServerMetrics()
        let host = EngineHost(recovered: recovered, store: store, metrics: metrics, logger: Logger(label: "test"), leadership: leadership)
        let router = buildRouter(
            host: host, store: store, tokens: AccessTokens(write: Harness.writeToken, read: Harness.readToken), metrics: metrics, maxBodySize: 1 << 16,
            cluster: ClusterController(state: state, host: host, store: nil))
        return Application(router: router)
    }

    static let mark = #"{"markPrices": {"BTCUSDT": "30000"}, "time": "1"}"#

    @Test func aServerOutsideAClusterLeadsEpochZero() async throws {
        let app = try await buildApplication(configuration: Harness.configuration())
        try await app.test(.router) { client in
            #expect(try await client.call(.get, "/v1/cluster", token: nil).status == .unauthorized)
            try await client.call(.post, "/v1/marks", body: Self.mark)
            let view = try client.json(try await client.call(.get, "/v1/cluster", token: Harness.readToken))
            #expect(view["role"] as? String == "leader" && view["epoch"] as? Int == 0 && view["appliedSequence"] as? Int == 1)
            #expect(view["leader"] is NSNull && view["cluster"] is NSNull && view["member"] is NSNull)
            #expect((view["members"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func aStandbyRedirectsWritesAndServesReads() async throws {
        let state = ClusterState.joining(ClusterConfiguration(name: "risk", address: "http://10.0.0.6:8080"))
        let app = try await Self.app(state, leadership: .standby)
        try await app.test(.router) { client in
            // No leader known yet: 503 with Retry-After.
            let waiting = try await client.call(.post, "/v1/marks", body: Self.mark)
            #expect(waiting.status == .serviceUnavailable && waiting.headers[.retryAfter] == "1")
            #expect(try client.json(waiting)["error"].flatMap { $0 as? [String: Any] }?["code"] as? String == "noLeader")
            state.update { status in
                status.leader = "http://10.0.0.5:8080"
                status.epoch = 3
            }
            let redirected = try await client.call(.post, "/v1/marks?dry=1", body: Self.mark)
            #expect(redirected.status == .temporaryRedirect)
            #expect(redirected.headers[.location] == "http://10.0.0.5:8080/v1/marks?dry=1")
            let error = try client.json(redirected)["error"] as? [String: Any]
            #expect(error?["code"] as? String == "notLeader" && error?["leader"] as? String == "http://10.0.0.5:8080")
            // Tokens are checked first; reads are served here.
            #expect(try await client.call(.post, "/v1/marks", token: Harness.readToken, body: Self.mark).status == .forbidden)
            #expect(try await client.call(.get, "/v1/state", token: Harness.readToken).status == .ok)
            let view = try client.json(try await client.call(.get, "/v1/cluster", token: Harness.readToken))
            #expect(view["role"] as? String == "standby" && view["epoch"] as? Int == 3 && view["leader"] as? String == "http://10.0.0.5:8080")
            #expect(view["cluster"] as? String == "risk" && view["member"] as? String == "http://10.0.0.6:8080" && view["appliedSequence"] as? Int == 0)
            // A member that believes it leads while its host no longer does (it has just lost the
            // lease) refuses with 503: nothing is applied.
            state.update { $0.role = .leader }
            let stale = try await client.call(.post, "/v1/marks", body: Self.mark)
            #expect(stale.status == .serviceUnavailable && stale.headers[.retryAfter] == "1")
            #expect(try await client.state()["commandSequence"] as? Int == 0)
        }
    }

    @Test func advertisedAddressesAndNamesAreChecked() {
        #expect(ClusterConfiguration.problem(name: "risk-eu.1", address: "http://10.0.0.5:8080") == nil)
        #expect(ClusterConfiguration.problem(name: "risk", address: "https://risk.example.com") == nil)
        #expect(ClusterConfiguration.problem(name: "", address: "http://10.0.0.5:8080") != nil)
        #expect(ClusterConfiguration.problem(name: "a b", address: "http://10.0.0.5:8080") != nil)
        for address in ["10.0.0.5:8080", "http://10.0.0.5:8080/v1", "http://u:p@10.0.0.5", "ftp://x", "http://x/?a=1"] {
            #expect(ClusterConfiguration.problem(name: "risk", address: address) != nil, "\(address)")
        }
    }
}
