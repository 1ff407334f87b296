import AsyncHTTPClient
public import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The router as an application: Hummingbird listening for clients, AsyncHTTPClient speaking to
/// the shards. Stopping it stops the outboxes' delivery and shuts the client down.
public func buildRouterApplication(configuration: RouterConfiguration) throws -> some ApplicationProtocol {
    guard configuration.problem == nil, let map = configuration.map else {
        throw RouterError(.badRequest, code: "invalidConfiguration", configuration.problem ?? "invalid shards")
    }
    let timeout = ShardClient.nanoseconds(configuration.connectTimeout)
    let http = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup,
        configuration: HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .nanoseconds(timeout))))
    let clients = configuration.shards.enumerated().map { index, members in
        ShardClient(index: index, members: members, http: http, timeout: configuration.requestTimeout, maxAnswerSize: configuration.maxAnswerSize)
    }
    let shardRouter = ShardRouter(
        map: map, clients: clients, outbox: configuration.outbox, maxWaitingBroadcasts: configuration.maxWaitingBroadcasts,
        logger: configuration.logger)
    let routes = Router(context: BasicRequestContext.self)
    routes.add(middleware: LogRequestsMiddleware(.debug))
    RouteController<BasicRequestContext>(router: shardRouter, maxBodySize: configuration.maxBodySize).addRoutes(to: routes)
    return Application(
        router: routes, configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "liquidus-route"),
        services: [RouterShutdown(router: shardRouter, http: http)], logger: configuration.logger)
}

/// Waits for the application to stop, then stops the outboxes and the client.
struct RouterShutdown: Service {
    let router: ShardRouter
    let http: HTTPClient

    func run() async throws {
        try? await gracefulShutdown()
        await router.stop()
        try await http.shutdown()
    }
}
