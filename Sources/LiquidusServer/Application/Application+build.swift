public import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import LiquidusEngine
public import LiquidusStore
import Logging
import NIOCore

/// Builds the service: opens the store, recovers the engine from it (the latest snapshot, then
/// the commands after it), and wires the router, the WebSocket stream and the engine's lifecycle
/// into a Hummingbird application whose connections are bounded by
/// ``ServerConfiguration/connections``.
///
/// Tests call this with ``ServerConfiguration/StoreLocation/memory`` and drive it with
/// `app.test(.router)`: the same code path as production, with SQLite in memory.
public func buildApplication(configuration: ServerConfiguration) async throws -> some ApplicationProtocol {
    let logger = configuration.logger
    let store = try await openStore(
        configuration.store, timeout: configuration.storeTimeout, commitsInFlight: configuration.commitsInFlight,
        sharedFund: configuration.sharedFundSettings, logger: logger)
    let recovered: EngineRecovery.Result
    let clusterStore: (any ClusterStore)?
    do {
        clusterStore = try await membership(of: store, in: configuration.cluster)
        recovered = try await EngineRecovery.recover(store: store, genesis: configuration.genesis)
    } catch {
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
        maxGroupCommit: configuration.maxGroupCommit, retainedCommands: configuration.retainedCommands,
        leadership: configuration.cluster == nil ? .standalone : .standby)
    var member: ClusterMember?
    let state: ClusterState
    if let cluster = configuration.cluster, let clusterStore {
        state = .joining(cluster)
        member = ClusterMember(configuration: cluster, store: clusterStore, host: host, state: state, logger: logger)
    } else {
        state = .standalone()
    }
    let tokens = AccessTokens(write: configuration.writeToken, read: configuration.readToken)
    let router = buildRouter(
        host: host, store: store, tokens: tokens, metrics: metrics, maxBodySize: configuration.maxBodySize,
        cluster: ClusterController(
            state: state, host: host, store: clusterStore, membersWindow: configuration.cluster?.membersWindow ?? .seconds(6), shard: configuration.shard),
        shard: configuration.shard)
    let stream = StreamController(host: host, store: store, tokens: tokens)
    var app = Application(
        router: router,
        server: serverBuilder(limits: configuration.connections, stream: stream),
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: "liquidus",
            availableConnectionsDelegate: MaximumAvailableConnections(configuration.connections.maxConnections, logger: logger)),
        logger: logger)
    app.addServices(EngineService(host: host, member: member))
    return app
}

/// The store as its cluster's (`nil` outside a cluster), after checking that the log's owner
/// agrees: a cluster needs a store that supports one (PostgreSQL), and a log that a cluster owns
/// is written by its leader only (a server outside it would be fenced on its first commit).
func membership(of store: any EngineStore, in cluster: ClusterConfiguration?) async throws -> (any ClusterStore)? {
    let clusterStore = store as? any ClusterStore
    let lease = try await clusterStore?.lease()
    guard let cluster else {
        if let lease {
            throw StoreError(.conflict, "this log belongs to cluster \"\(lease.cluster)\": start its servers with --cluster \(lease.cluster) --advertise URL")
        }
        return nil
    }
    guard let clusterStore else { throw StoreError(.unavailable, "a cluster needs the PostgreSQL store (--postgres)") }
    if let lease, lease.cluster != cluster.name {
        throw StoreError(.conflict, "this log belongs to cluster \"\(lease.cluster)\", not \"\(cluster.name)\"")
    }
    return clusterStore
}

/// HTTP/1.1 with the WebSocket upgrade of `/v1/stream`, each connection guarded by `limits`: the
/// request-head deadline, the body deadline, the idle timeout, the header size bound, and
/// answers to malformed requests (see ``GuardedChannel``).
func serverBuilder(limits: ConnectionLimits, stream: StreamController) -> HTTPServerBuilder {
    let http1 = HTTP1Channel.Configuration(
        additionalChannelHandlers: [RequestDeadlineHandler(timeout: limits.bodyTimeout)], idleTimeout: TimeAmount(limits.idleTimeout),
        httpDecoderConfiguration: .init(maxHeaderFieldSize: limits.maxHeaderBytes, maxHeaderListSize: limits.maxHeaderBytes * 4, maxHeaderFieldCount: 100))
    return HTTPServerBuilder { responder in
        GuardedChannel(
            HTTP1WebSocketUpgradeChannel(
                responder: responder, configuration: .init(http1: http1, ws: .init()),
                shouldUpgrade: { request, channel, logger in await stream.shouldUpgrade(request, channel: channel, logger: logger) }),
            limits: limits)
    }
}

/// The router: open routes (`/healthz`, `/openapi.json`), read routes behind the read token,
/// mutating routes behind the write token and — on a cluster's standby — redirected to the
/// leader; every request counted and timed, and a method a route does not take answered 405
/// with `Allow`.
public func buildRouter(
    host: EngineHost, store: any EngineStore, tokens: AccessTokens, metrics: ServerMetrics, maxBodySize: Int,
    cluster: ClusterController<BasicRequestContext>? = nil, shard: ShardAssignment? = nil
) -> Router<BasicRequestContext> {
    let router = Router(context: BasicRequestContext.self)
    router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
    router.add(middleware: MethodNotAllowedMiddleware())
    router.add(middleware: LogRequestsMiddleware(.debug))
    let operations = OperationsController<BasicRequestContext>(metrics: metrics)
    operations.addOpenRoutes(to: router)
    let reads = router.group().add(middleware: TokenMiddleware(tokens: tokens, required: .read, metrics: metrics))
    operations.addMetricsRoute(to: reads)
    let cluster = cluster ?? ClusterController(state: .standalone(), host: host, store: nil)
    var readRoutes = router.group("v1").add(middleware: TokenMiddleware(tokens: tokens, required: .read, metrics: metrics))
    var writeRoutes = router.group("v1").add(middleware: TokenMiddleware(tokens: tokens, required: .write, metrics: metrics))
    if let shard {
        readRoutes = readRoutes.add(middleware: ShardMiddleware(assignment: shard))
        writeRoutes = writeRoutes.add(middleware: ShardMiddleware(assignment: shard))
    }
    QueryController<BasicRequestContext>(host: host, store: store).addRoutes(to: readRoutes)
    cluster.addRoutes(to: readRoutes)
    CommandController<BasicRequestContext>(host: host, maxBodySize: maxBodySize)
        .addRoutes(to: writeRoutes.add(middleware: LeaderRedirectMiddleware(state: cluster.state)))
    return router
}

/// Opens the configured store.
func openStore(
    _ location: ServerConfiguration.StoreLocation, timeout: Duration, commitsInFlight: Int, sharedFund: SharedFundSettings? = nil,
    logger: Logger
) async throws(StoreError) -> any EngineStore {
    switch location {
    case .memory: try SQLiteStore.inMemory()
    case .sqlite(let path): try SQLiteStore.open(path: path)
    case .postgres(let url, let schema):
        try await PostgresStore.connect(
            url: url, schema: schema, operationTimeout: timeout, commitsInFlight: commitsInFlight, sharedFund: sharedFund, logger: logger)
    }
}

extension ServerConfiguration {
    /// The shared insurance fund of a shard on PostgreSQL with ``sharedFundSchema``, starting
    /// (when no shard has created it yet) with the genesis' fund.
    var sharedFundSettings: SharedFundSettings? {
        guard case .postgres = store, let shard, let schema = sharedFundSchema else { return nil }
        return SharedFundSettings(schema: schema, shard: shard.index, initialBalance: genesis.insuranceFund)
    }
}

extension TimeAmount {
    /// A `Duration` as a time amount (nanoseconds, clamped).
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(Int64(clamping: Int128(seconds) * 1_000_000_000 + Int128(attoseconds / 1_000_000_000)))
    }
}

/// 16 hex digits.
enum RecordHex {
    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
