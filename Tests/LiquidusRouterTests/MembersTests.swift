import Foundation
import Hummingbird
import LiquidusRouter
import NIOHTTP1
import Testing
import LiquidusTestSupport

/// A shard of several members: one that cannot be reached is passed over, a standby's 307 is
/// followed to the leader, and the leader is tried first from then on.
@Suite struct MembersTests {
    /// A stand-in for a standby: account requests and marks are answered 307 to `leader`.
    static func standby(redirectingTo leader: String, port: Int) -> some ApplicationProtocol {
        let router = Router()
        for (path, method) in [("/v1/accounts/:id", HTTPRequest.Method.get), ("/v1/accounts/:id", .put), ("/v1/marks", .post)] {
            router.on(RouterPath(stringLiteral: path), method: method) { request, _ in
                Response(status: .temporaryRedirect, headers: [.location: leader + request.uri.description])
            }
        }
        router.get("/healthz") { _, _ in "ok" }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
    }

    @Test func anUnreachableMemberIsPassedOverAndAStandbysRedirectFollowed() async throws {
        let fleet = try await ShardFleet(shards: 1)
        let (standbyPort, deadPort, routerPort) = (try LoopbackPort.free(), try LoopbackPort.free(), try LoopbackPort.free())
        let standby = Self.standby(redirectingTo: fleet.shard(0), port: standbyPort)
        let standbyTask = Task { try await standby.runService(gracefulShutdownSignals: []) }
        do {
            try await fleet.waitUntilUp("http://127.0.0.1:\(standbyPort)")
            let members = ["http://127.0.0.1:\(deadPort)", "http://127.0.0.1:\(standbyPort)", fleet.shard(0)]
            let router = try await fleet.startRouter(shards: [members], port: routerPort)
            let base = "http://127.0.0.1:\(routerPort)"
            #expect(try await fleet.client.mark(base, price: 30_000, time: 100).status == 200)
            let written = try await fleet.client.account(base, "alice")
            #expect(written.status == 200, "\(written.text)")
            let shards = try await fleet.client.call(.GET, base + "/v1/shards", token: RouterClient.readToken).json["shards"] as? [[String: Any]]
            #expect(shards?.first?["member"] as? String == fleet.shard(0), "the leader is tried first now: \(String(describing: shards))")
            #expect(try await fleet.client.call(.GET, fleet.shard(0) + "/v1/accounts/alice", token: RouterClient.readToken).status == 200)
            router.cancel()
            _ = try? await router.value
        } catch { Issue.record(error) }
        standbyTask.cancel()
        _ = try? await standbyTask.value
        await fleet.shutdown()
    }
}
