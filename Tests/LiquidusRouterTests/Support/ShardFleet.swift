import AsyncHTTPClient
import Foundation
import Hummingbird
import LiquidusCore
import LiquidusEngine
import LiquidusRouter
import NIOHTTP1
import LiquidusServer
import LiquidusStore
import Logging
import LiquidusTestSupport

/// K shard servers (SQLite stores in a directory of their own, on fixed loopback ports so that a
/// stopped shard comes back at the same address) and a router in front of them, all in this
/// process.
final class ShardFleet: @unchecked Sendable {
    let directory: URL
    let ports: [Int]
    let routerPort: Int
    let client: RouterClient
    private var shards: [Task<Void, any Error>?]
    private var router: Task<Void, any Error>?

    /// Starts `count` shards and the router.
    init(shards count: Int, requestTimeout: Duration = .seconds(2), outbox: OutboxLimits = OutboxLimits()) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("liquidus-route-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        ports = try (0..<count).map { _ in try LoopbackPort.free() }
        routerPort = try LoopbackPort.free()
        client = RouterClient(http: HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup))
        shards = Array(repeating: nil, count: count)
        for index in 0..<count { try await start(index) }
        router = try await startRouter(shards: ports.map { ["http://127.0.0.1:\($0)"] }, port: routerPort, requestTimeout: requestTimeout, outbox: outbox)
    }

    /// Starts a router over `shards` on `port` and waits until it answers.
    func startRouter(
        shards: [[String]], port: Int, requestTimeout: Duration = .seconds(2), outbox: OutboxLimits = OutboxLimits()
    ) async throws -> Task<Void, any Error> {
        let configuration = RouterConfiguration(
            host: "127.0.0.1", port: port, shards: shards, requestTimeout: requestTimeout, connectTimeout: .milliseconds(200), outbox: outbox,
            logger: Self.quiet("liquidus.router"))
        let app = try buildRouterApplication(configuration: configuration)
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        try await waitUntilUp("http://127.0.0.1:\(port)")
        return task
    }

    /// The router's base URL.
    var base: String { "http://127.0.0.1:\(routerPort)" }

    /// Shard `index`'s base URL.
    func shard(_ index: Int) -> String { "http://127.0.0.1:\(ports[index])" }

    /// Shard `index`'s store.
    func storePath(_ index: Int) -> String { directory.appendingPathComponent("shard\(index).sqlite").path }

    /// Starts shard `index` (again) on its port and store.
    func start(_ index: Int) async throws {
        var configuration = ServerConfiguration(
            host: "127.0.0.1", port: ports[index], store: .sqlite(path: storePath(index)), writeToken: RouterClient.writeToken,
            readToken: RouterClient.readToken, genesis: EngineGenesis(venue: "liquidus", insuranceFund: .zero), logger: Self.quiet("liquidus.server"))
        configuration.shard = ShardAssignment(index: index, count: ports.count)
        let app = try await buildApplication(configuration: configuration)
        shards[index] = Task { try await app.runService(gracefulShutdownSignals: []) }
        try await waitUntilUp(shard(index))
    }

    /// Stops shard `index` and waits until it has let go of its port.
    func stop(_ index: Int) async {
        shards[index]?.cancel()
        _ = try? await shards[index]?.value
        shards[index] = nil
    }

    /// Stops everything and removes the stores.
    func shutdown() async {
        router?.cancel()
        _ = try? await router?.value
        for index in shards.indices { await stop(index) }
        try? await client.http.shutdown()
        try? FileManager.default.removeItem(at: directory)
    }

    /// The inputs in shard `index`'s log that every shard takes (all but accounts'), in order.
    func marketData(_ index: Int) async throws -> [EngineInput] {
        let store = try SQLiteStore.open(path: storePath(index))
        defer { Task { try? await store.close() } }
        return try await store.commands(after: 0, limit: 100_000).map(\.input).filter {
            switch $0.action {
            case .setAccount, .openAccount: false
            default: true
            }
        }
    }

    /// Waits (at most 10 s) until `base`'s `/healthz` answers.
    func waitUntilUp(_ base: String) async throws {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < .seconds(10) {
            if let answer = try? await client.call(.GET, base + "/healthz", token: nil), answer.status == 200 { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw RouterClient.Failure(message: "\(base) did not start")
    }

    static func quiet(_ label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = .critical
        return logger
    }
}

extension RouterClient {
    struct Failure: Error { var message: String }
}
