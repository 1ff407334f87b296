public import LiquidusStore
public import Logging

/// Everything `buildApplication(configuration:)` needs: where to listen, where to store, who may
/// read and write, and how the engine starts.
public struct ServerConfiguration: Sendable {
    /// Where the command log lives.
    public enum StoreLocation: Sendable, Hashable {
        /// SQLite in memory (tests): same code path as production, nothing on disk.
        case memory
        /// SQLite at a file path (WAL, `synchronous=FULL`).
        case sqlite(path: String)
        /// PostgreSQL at a `postgres://user:password@host:port/database` URL, in `schema`.
        case postgres(url: String, schema: String)
    }

    /// The address to bind; loopback by default.
    public var host: String
    /// The port; 0 picks a free one.
    public var port: Int
    /// The store.
    public var store: StoreLocation
    /// The bearer token that mutating endpoints require (it also grants reading).
    public var writeToken: String
    /// The bearer token that read-only endpoints accept; `nil` when only the write token may read.
    public var readToken: String?
    /// The largest request body accepted, in bytes (larger ones get 413 and are not read).
    public var maxBodySize: Int
    /// The engine's configuration for a new store (a stored one must match it).
    public var genesis: EngineGenesis
    /// A snapshot of the engine's state is stored every this many commands (and at shutdown).
    public var snapshotInterval: Int64
    /// The most requests grouped into one durable commit.
    public var maxGroupCommit: Int
    /// Timeouts and the connection limit.
    public var connections: ConnectionLimits
    /// The longest one store operation may take (PostgreSQL): past it the request gets 503.
    public var storeTimeout: Duration
    /// How many commits the writer may have in flight at once (PostgreSQL: 1 to 16; SQLite
    /// commits one at a time).
    public var commitsInFlight: Int
    /// Commands of history kept behind the latest snapshot; older commands, events and
    /// idempotency keys are pruned (0: keep everything).
    public var retainedCommands: Int64
    /// The cluster this server is a member of (PostgreSQL only), or `nil` for a server that is
    /// its store's only writer.
    public var cluster: ClusterConfiguration?
    /// The shard of the accounts this server serves (`nil`: every account); requests for
    /// another shard's account are answered `421` (see ``ShardMiddleware``).
    public var shard: ShardAssignment?
    /// With ``shard`` on PostgreSQL: the schema of the insurance fund every shard shares (drawn in
    /// each shard's commit transaction); `nil`: the shard's fund is its own.
    public var sharedFundSchema: String?
    /// The logger for the server and its requests.
    public var logger: Logger

    /// Creates a configuration; tokens must be at least 16 characters.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, store: StoreLocation = .memory, writeToken: String, readToken: String? = nil,
        maxBodySize: Int = 1 << 20, genesis: EngineGenesis = EngineGenesis(), snapshotInterval: Int64 = 10_000,
        maxGroupCommit: Int = 512, connections: ConnectionLimits = ConnectionLimits(), storeTimeout: Duration = .seconds(3),
        commitsInFlight: Int = PostgresStore.defaultCommitsInFlight, retainedCommands: Int64 = 0, cluster: ClusterConfiguration? = nil, logger: Logger = Logger(label: "liquidus.server")
    ) {
        self.cluster = cluster
        self.host = host
        self.port = port
        self.store = store
        self.writeToken = writeToken
        self.readToken = readToken
        self.maxBodySize = maxBodySize
        self.genesis = genesis
        self.snapshotInterval = snapshotInterval
        self.maxGroupCommit = maxGroupCommit
        self.connections = connections
        self.storeTimeout = storeTimeout
        self.commitsInFlight = commitsInFlight
        self.retainedCommands = retainedCommands
        self.logger = logger
    }
}
