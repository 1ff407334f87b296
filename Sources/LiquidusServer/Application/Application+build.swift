public import Hummingbird
import HummingbirdWebSocket
import LiquidusEngine
public import LiquidusStore
import Logging

/// Builds the service: opens the store, recovers the engine from it (the latest snapshot, then
/// the commands after it), and wires the router, the WebSocket stream and the engine's lifecycle
/// into a Hummingbird application.
///
/// Tests call this with ``ServerConfiguration/StoreLocation/memory`` and drive it with
/// `app.test(.router)`: the same code path as production, with SQLite in memory.
public func buildApplication(configuration: ServerConfiguration) async throws -> some ApplicationProtocol {
    let logger = configuration.logger
    let store = try await openStore(configuration.store, logger: logger)
    let recovered: EngineRecovery.Result
    do { recovered = try await EngineRecovery.recover(store: store, genesis: configuration.genesis) } catch {
        try? await store.close()
        throw error
    }
    logger.info(
        "engine recovered",
        metadata: [
            "commands": "\(recovered.commandSequence)", "events": "\(recovered.eventCount)",
            "stateHash": "\(RecordHex.hex(recovered.engine.stateHash))", "recoverySeconds": "\(recovered.duration)",
            "snapshot": "\(recovered.restoredSnapshot.map { String($0.commandSequence) } ?? "none")",
            "replayedCommands": "\(recovered.replayedCommands)", "venue": "\(recovered.genesis.venue)",
        ])
    for skipped in recovered.skippedSnapshots { logger.warning("a snapshot was skipped", metadata: ["reason": "\(skipped)"]) }
    let metrics = ServerMetrics()
    let host = EngineHost(
        recovered: recovered, store: store, metrics: metrics, logger: logger, snapshotInterval: configuration.snapshotInterval,
        maxGroupCommit: configuration.maxGroupCommit)
    let tokens = AccessTokens(write: configuration.writeToken, read: configuration.readToken)
    let router = buildRouter(host: host, store: store, tokens: tokens, metrics: metrics, maxBodySize: configuration.maxBodySize)
    let webSocketRouter = Router(context: BasicWebSocketRequestContext.self)
    StreamController(host: host, store: store, tokens: tokens).addRoutes(to: webSocketRouter)
    var app = Application(
        router: router,
        server: .http1WebSocketUpgrade(webSocketRouter: webSocketRouter),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "liquidus"),
        logger: logger)
    app.addServices(EngineService(host: host))
    return app
}

/// The router: open routes (`/healthz`, `/openapi.json`), read routes behind the read token,
/// mutating routes behind the write token.
public func buildRouter(
    host: EngineHost, store: any EngineStore, tokens: AccessTokens, metrics: ServerMetrics, maxBodySize: Int
) -> Router<BasicRequestContext> {
    let router = Router(context: BasicRequestContext.self)
    router.add(middleware: LogRequestsMiddleware(.debug))
    let operations = OperationsController<BasicRequestContext>(metrics: metrics)
    operations.addOpenRoutes(to: router)
    let reads = router.group().add(middleware: TokenMiddleware(tokens: tokens, required: .read, metrics: metrics))
    operations.addMetricsRoute(to: reads)
    QueryController<BasicRequestContext>(host: host, store: store).addRoutes(to: router.group("v1").add(middleware: TokenMiddleware(tokens: tokens, required: .read, metrics: metrics)))
    CommandController<BasicRequestContext>(host: host, maxBodySize: maxBodySize)
        .addRoutes(to: router.group("v1").add(middleware: TokenMiddleware(tokens: tokens, required: .write, metrics: metrics)))
    return router
}

/// Opens the configured store.
func openStore(_ location: ServerConfiguration.StoreLocation, logger: Logger) async throws(StoreError) -> any EngineStore {
    switch location {
    case .memory: try SQLiteStore.inMemory()
    case .sqlite(let path): try SQLiteStore.open(path: path)
    case .postgres(let url, let schema): try await PostgresStore.connect(url: url, schema: schema, logger: logger)
    }
}

/// 16 hex digits.
enum RecordHex {
    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
