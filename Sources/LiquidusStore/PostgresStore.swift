import Foundation
import LiquidusCore
public import LiquidusEngine
public import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// The PostgreSQL store, through PostgresNIO: the schema, semantics and durability of
/// ``SQLiteStore`` (a commit is one transaction, durable when it returns with PostgreSQL's
/// default `synchronous_commit = on`).
///
/// Its tables live in one schema (`liquidus` by default), built by the same named, append-only
/// migrations, recorded in `<schema>.migrations`. The client's connection pool runs in a task the
/// store owns; ``close()`` ends it.
public final class PostgresStore: EngineStore {
    /// The schema that holds its tables.
    public let schema: String
    let logger: Logger
    let configuration: PostgresClient.Configuration
    /// The longest any one operation may take before it fails with `unavailable`.
    let operationTimeout: Duration
    /// The client (connection pool) in use, the task running it, its generation, and when it
    /// was made.
    private let pool: Mutex<Pool>
    /// The log's notifications (``announce(_:)``).
    let announcements = Mutex(Announcements())
    /// How many commits the writer may have in flight at once (see ``EngineStore/commitsInFlight``).
    public let commitsInFlight: Int
    /// The insurance fund shared with other shards' stores, if any.
    public let sharedFund: SharedFundSettings?
    /// The shared fund's balance as this store's latest commit or read saw it, and when.
    let fundSeen = Mutex<(balance: Money, at: ContinuousClock.Instant)?>(nil)

    struct Pool: Sendable {
        var client: PostgresClient
        var runner: Task<Void, Never>
        var generation: Int
        var since: ContinuousClock.Instant
        var isClosed = false
    }

    /// Connects to the server of `url` (`postgres://user:password@host:port/database`), and
    /// migrates the tables of `schema`, within `timeout`. Every later operation fails with
    /// `unavailable` when it takes longer than `operationTimeout`. The writer may have up to
    /// `commitsInFlight` commits in flight at once (1 to 16; at least 1). With `sharedFund`, the
    /// store also creates or finds that fund (its own schema) and applies each batch's fund change
    /// in the batch's transaction; it then takes one commit at a time (a batch stored past a gap
    /// could be trimmed after other shards spent what it paid in).
    public static func connect(
        url: String, schema: String = "liquidus", timeout: Duration = .seconds(10), operationTimeout: Duration = .seconds(3),
        commitsInFlight: Int = PostgresStore.defaultCommitsInFlight, sharedFund: SharedFundSettings? = nil,
        logger: Logger = Logger(label: "liquidus.store.postgres")
    ) async throws(StoreError) -> PostgresStore {
        let configuration = try Self.configuration(url: url, timeout: min(timeout, operationTimeout))
        for name in [schema] + (sharedFund.map { [$0.schema] } ?? []) {
            guard name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }), (1...48).contains(name.count) else {
                throw StoreError(.unavailable, "schema \"\(name)\" must be 1 to 48 lowercase letters, digits and underscores")
            }
        }
        if let sharedFund, sharedFund.schema == schema {
            throw StoreError(.unavailable, "the shared fund's schema must not be the shard's own (\(schema))")
        }
        let store = PostgresStore(
            configuration: configuration, schema: schema, operationTimeout: operationTimeout,
            commitsInFlight: sharedFund == nil ? min(max(commitsInFlight, 1), 16) : 1, sharedFund: sharedFund, logger: logger)
        do {
            let client = store.currentClient().client
            try await withDeadline(timeout) {
                try await store.migrate(client)
                if let sharedFund { try await store.migrateSharedFund(client, sharedFund) }
            }
        } catch {
            try? await store.close()
            throw StoreError(.unavailable, "cannot reach or migrate PostgreSQL at \(Self.redacted(url)): \(error)")
        }
        return store
    }

    private init(
        configuration: PostgresClient.Configuration, schema: String, operationTimeout: Duration, commitsInFlight: Int,
        sharedFund: SharedFundSettings?, logger: Logger
    ) {
        self.configuration = configuration
        self.commitsInFlight = commitsInFlight
        self.sharedFund = sharedFund
        self.schema = schema
        self.operationTimeout = operationTimeout
        self.logger = logger
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.pool = Mutex(Pool(client: client, runner: Task { await client.run() }, generation: 0, since: .now))
    }

    /// An earlier run may have had commits in flight together, whatever this one allows.
    public var mayHoldGaps: Bool { true }

    /// Commits in flight at once unless told otherwise.
    public static let defaultCommitsInFlight = 1

    /// The youngest pool that may be replaced.
    static let renewalAge: Duration = .seconds(2)

    func currentClient() -> (client: PostgresClient, generation: Int) {
        pool.withLock { ($0.client, $0.generation) }
    }

    /// Replaces the connection pool of `generation` with a new one, when it is at least
    /// ``renewalAge`` old.
    ///
    /// PostgresNIO's pool backs off between connection attempts (100 ms growing by a quarter per
    /// failure, up to a minute), so after an outage of some seconds it may wait many seconds
    /// more before it tries again. A new pool tries at once: writes resume as soon as the server
    /// is back. The old pool is shut down (its waiting operations fail, as they would have).
    /// A pool is kept at least ``renewalAge``: long enough to establish a connection (password
    /// authentication included), short enough that its backoff stays under a second (about 0.6 s
    /// after two seconds of refused connections).
    private func renew(after generation: Int) {
        let retired: Task<Void, Never>? = pool.withLock { pool in
            guard pool.generation == generation, !pool.isClosed, ContinuousClock.now - pool.since >= Self.renewalAge else { return nil }
            let old = pool.runner
            let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
            pool = Pool(client: client, runner: Task { await client.run() }, generation: generation + 1, since: .now)
            return old
        }
        if let retired {
            logger.warning("PostgreSQL operations fail: starting a new connection pool")
            retired.cancel()
        }
    }

    /// Parses a `postgres://` or `postgresql://` URL into a client configuration (no TLS: the
    /// server is expected on loopback or a private network).
    static func configuration(url: String, timeout: Duration) throws(StoreError) -> PostgresClient.Configuration {
        guard let components = URLComponents(string: url), let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme),
            let host = components.host, !host.isEmpty, let user = components.user
        else {
            throw StoreError(.unavailable, "\(Self.redacted(url)) is not a postgres://user:password@host:port/database URL")
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        var configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: user, password: components.password,
            database: database.isEmpty ? nil : database, tls: .disable)
        configuration.options.connectTimeout = timeout
        return configuration
    }

    /// The URL without its password, for messages.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }

    /// The named migrations, in order; never edited once released, only appended to.
    var migrations: [(String, [String])] {
        [
            ("v1: command log, events, snapshots, idempotency", [
                "CREATE TABLE \(schema).meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)",
                "CREATE TABLE \(schema).command (sequence BIGINT PRIMARY KEY NOT NULL CHECK (sequence > 0), input TEXT NOT NULL)",
                "CREATE TABLE \(schema).event (sequence BIGINT PRIMARY KEY NOT NULL CHECK (sequence > 0), type TEXT NOT NULL, body TEXT NOT NULL)",
                """
                CREATE TABLE \(schema).snapshot (command_sequence BIGINT PRIMARY KEY NOT NULL CHECK (command_sequence >= 0),
                    event_sequence BIGINT NOT NULL CHECK (event_sequence >= 0), state_hash TEXT NOT NULL CHECK (length(state_hash) = 16), state TEXT)
                """,
                """
                CREATE TABLE \(schema).idempotency (key TEXT PRIMARY KEY NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
                    request_digest TEXT NOT NULL, status BIGINT NOT NULL CHECK (status BETWEEN 100 AND 599), body BYTEA NOT NULL)
                """,
            ]),
            ("v2: idempotent responses record their command, for pruning", [
                "ALTER TABLE \(schema).idempotency ADD COLUMN command_sequence BIGINT NOT NULL DEFAULT 0",
                "CREATE INDEX idempotency_by_command ON \(schema).idempotency (command_sequence)",
            ]),
            ("v3: cluster: the lease and its epoch, members, the fenced append", Self.clusterMigration(schema: schema)),
            ("v4: pipelined commits: append without a notification, trim", Self.pipelineMigration(schema: schema)),
        ]
    }

    func migrate(_ client: PostgresClient) async throws {
        try await client.withTransaction(logger: logger) { connection in
            try await Self.apply(migrations, in: schema, on: connection, logger: logger)
        }
    }

    /// Applies the named `migrations` of `schema` not yet recorded in `<schema>.migrations`, in
    /// the caller's transaction.
    static func apply(_ migrations: [(String, [String])], in schema: String, on connection: PostgresConnection, logger: Logger) async throws {
        // One migrator at a time, from before the schema exists: servers started together on a
        // new schema would otherwise race to create it (a unique violation for all but one).
        try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\("liquidus migrations " + schema), 0))", logger: logger)
        try await connection.query("CREATE SCHEMA IF NOT EXISTS \(unescaped: schema)", logger: logger)
        try await connection.query("CREATE TABLE IF NOT EXISTS \(unescaped: schema).migrations (name TEXT PRIMARY KEY NOT NULL)", logger: logger)
        try await connection.query("LOCK TABLE \(unescaped: schema).migrations IN EXCLUSIVE MODE", logger: logger)
        var applied = Set<String>()
        for try await name in try await connection.query("SELECT name FROM \(unescaped: schema).migrations", logger: logger).decode(String.self) {
            applied.insert(name)
        }
        for (name, statements) in migrations where !applied.contains(name) {
            for statement in statements { try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
            try await connection.query("INSERT INTO \(unescaped: schema).migrations (name) VALUES (\(name))", logger: logger)
        }
    }

    public func genesis() async throws(StoreError) -> String? {
        try await run(.readFailed, "genesis") { [self] client in
            for try await value in try await client.query("SELECT value FROM \(unescaped: schema).meta WHERE key = 'genesis'", logger: logger).decode(String.self) {
                return value
            }
            return nil
        }
    }

    public func initialize(genesis: String) async throws(StoreError) {
        try await run(.writeFailed, "genesis") { [self] client in
            _ = try await client.query(
                "INSERT INTO \(unescaped: schema).meta (key, value) VALUES ('genesis', \(genesis)) ON CONFLICT (key) DO NOTHING", logger: logger)
        }
        if let stored = try await self.genesis(), stored != genesis {
            throw StoreError(.conflict, "the store was created with another configuration: \(stored)")
        }
    }

    /// Appends the batch in one statement: a call of the schema's `append` function (migrations
    /// v3 and v4), which checks the writer's epoch against the lease (under a share lock on its
    /// row, so a member taking the lease waits for this commit), checks that the first command
    /// lies after the stored ones, and inserts the commands, events and responses each with one
    /// multi-row `INSERT … SELECT FROM unnest(…)` — one round trip and one transaction, whatever
    /// the batch's size. Then it notifies the log's listeners (``announce(_:)``).
    public func commit(_ batch: CommitBatch) async throws(StoreError) {
        guard !batch.isEmpty else { return }
        let rows = try AppendArguments(batch)
        let fund = fundColumn(batch)
        let exchange = try exchangeArguments(batch)
        do {
            let seen = try await run(.writeFailed, "commit") { [self] client -> Int64? in
                do {
                    // The function's refusals arrive with its (empty) result, so the result is read.
                    let result = try await client.query(rows.call(schema: schema, fundColumn: fund, exchange: exchange), logger: logger).collect()
                    guard fund != nil, let row = result.first else { return nil }
                    return try row.makeRandomAccess()[1].decode(Int64.self)
                } catch let error as PSQLError {
                    if let refusal = Self.refusal(error) { throw refusal }
                    throw error
                }
            }
            if let seen { fundSeen.withLock { $0 = (Money(units: seen), .now) } }
        } catch {
            if sharedFund != nil { fundSeen.withLock { $0 = nil } }
            throw error
        }
        if let last = batch.commands.last { announce(last.sequence) }
    }

    public func commands(after sequence: Int64, limit: Int) async throws(StoreError) -> [StoredCommand] {
        let rows: [(Int64, String)] = try await run(.readFailed, "commands") { [self] client in
            var rows: [(Int64, String)] = []
            for try await row in try await client.query(
                "SELECT sequence, input FROM \(unescaped: schema).command WHERE sequence > \(sequence) ORDER BY sequence LIMIT \(Int64(limit))",
                logger: logger
            ).decode((Int64, String).self) { rows.append(row) }
            return rows
        }
        var result: [StoredCommand] = []
        for (sequence, text) in rows {
            result.append(StoredCommand(sequence: sequence, input: try RecordCoding.decode(EngineInput.self, text, row: "command \(sequence)")))
        }
        return result
    }

    /// Only the unbroken run of events from `sequence + 1`: while commits are in flight
    /// together, a later one's events can be stored before an earlier one's.
    public func events(after sequence: UInt64, limit: Int) async throws(StoreError) -> [EngineEvent] {
        let after = Int64(clamping: sequence)
        let rows: [(Int64, String)] = try await run(.readFailed, "events") { [self] client in
            var rows: [(Int64, String)] = []
            for try await row in try await client.query(
                "SELECT sequence, body FROM \(unescaped: schema).event WHERE sequence > \(after) ORDER BY sequence LIMIT \(Int64(limit))",
                logger: logger
            ).decode((Int64, String).self) { rows.append(row) }
            return rows
        }
        var result: [EngineEvent] = []
        for (stored, text) in rows {
            guard stored == after + Int64(result.count) + 1 else { break }
            result.append(try RecordCoding.decode(EngineEvent.self, text, row: "event \(stored)"))
        }
        return result
    }

    public func head() async throws(StoreError) -> StoreHead {
        try await run(.readFailed, "head") { [self] client in
            var head = StoreHead(commandSequence: 0, eventSequence: 0)
            for try await (commands, events) in try await client.query(
                """
                SELECT (SELECT coalesce(max(sequence), 0) FROM \(unescaped: schema).command)::BIGINT,
                       (SELECT coalesce(max(sequence), 0) FROM \(unescaped: schema).event)::BIGINT
                """, logger: logger
            ).decode((Int64, Int64).self) { head = StoreHead(commandSequence: commands, eventSequence: UInt64(events)) }
            return head
        }
    }

    /// The longest a snapshot's write may take: a document of a million accounts is tens of
    /// megabytes, and its write holds no commit (it runs beside them, off the write path).
    static let snapshotTimeout: Duration = .seconds(300)

    public func saveSnapshot(_ snapshot: SnapshotMarker) async throws(StoreError) {
        try await run(.writeFailed, "snapshot", within: max(operationTimeout, Self.snapshotTimeout)) { [self] client in
            try await client.withTransaction(logger: logger) { connection in
                try await connection.query(
                    """
                    INSERT INTO \(unescaped: schema).snapshot (command_sequence, event_sequence, state_hash, state)
                    VALUES (\(snapshot.commandSequence), \(Int64(snapshot.eventSequence)), \(RecordCoding.hex(snapshot.stateHash)), \(snapshot.state))
                    ON CONFLICT (command_sequence) DO UPDATE SET event_sequence = EXCLUDED.event_sequence,
                        state_hash = EXCLUDED.state_hash, state = EXCLUDED.state
                    """, logger: logger)
                try await connection.query(
                    """
                    UPDATE \(unescaped: schema).snapshot SET state = NULL WHERE state IS NOT NULL AND command_sequence NOT IN (
                        SELECT command_sequence FROM \(unescaped: schema).snapshot WHERE state IS NOT NULL
                        ORDER BY command_sequence DESC LIMIT \(Int64(SnapshotMarker.retainedDocuments)))
                    """, logger: logger)
            }
        }
    }

    public func latestSnapshot() async throws(StoreError) -> SnapshotMarker? {
        try await snapshot(nil)
    }

    public func snapshot(at commandSequence: Int64) async throws(StoreError) -> SnapshotMarker? {
        try await snapshot(commandSequence)
    }

    public func snapshotMarkers() async throws(StoreError) -> [SnapshotMarker] {
        let rows: [(Int64, Int64, String)] = try await run(.readFailed, "snapshots") { [self] client in
            var rows: [(Int64, Int64, String)] = []
            for try await row in try await client.query(
                "SELECT command_sequence, event_sequence, state_hash FROM \(unescaped: schema).snapshot ORDER BY command_sequence", logger: logger
            ).decode((Int64, Int64, String).self) { rows.append(row) }
            return rows
        }
        var markers: [SnapshotMarker] = []
        for (command, event, hash) in rows { markers.append(try RecordCoding.marker(command, event, hash)) }
        return markers
    }

    /// The snapshot at `commandSequence` (the latest when `nil`), with its document.
    private func snapshot(_ commandSequence: Int64?) async throws(StoreError) -> SnapshotMarker? {
        let row: (Int64, Int64, String, String?)? = try await run(.readFailed, "snapshot") { [self] client in
            // -1 selects the latest: command sequences are ≥ 0.
            let wanted = commandSequence ?? -1
            for try await row in try await client.query(
                """
                SELECT command_sequence, event_sequence, state_hash, state FROM \(unescaped: schema).snapshot
                WHERE \(wanted) < 0 OR command_sequence = \(wanted) ORDER BY command_sequence DESC LIMIT 1
                """, logger: logger
            ).decode((Int64, Int64, String, String?).self) { return row }
            return nil
        }
        guard let (command, event, hash, state) = row else { return nil }
        return try RecordCoding.marker(command, event, hash, state)
    }

    public func response(forKey key: String) async throws(StoreError) -> StoredResponse? {
        try await run(.readFailed, "idempotency") { [self] client in
            for try await (digest, status, body) in try await client.query(
                "SELECT request_digest, status, body FROM \(unescaped: schema).idempotency WHERE key = \(key)", logger: logger
            ).decode((String, Int64, ByteBuffer).self) {
                return StoredResponse(key: key, requestDigest: digest, status: Int(status), body: Array(buffer: body))
            }
            return nil
        }
    }

    /// One statement for all the keys (`key = ANY(…)`).
    public func responses(forKeys keys: [String]) async throws(StoreError) -> [String: StoredResponse] {
        guard !keys.isEmpty else { return [:] }
        return try await run(.readFailed, "idempotency") { [self] client in
            var found: [String: StoredResponse] = [:]
            for try await (key, digest, status, body) in try await client.query(
                "SELECT key, request_digest, status, body FROM \(unescaped: schema).idempotency WHERE key = ANY(\(keys)::TEXT[])", logger: logger
            ).decode((String, String, Int64, ByteBuffer).self) {
                found[key] = StoredResponse(key: key, requestDigest: digest, status: Int(status), body: Array(buffer: body))
            }
            return found
        }
    }

    public func retention() async throws(StoreError) -> StoreRetention {
        try await run(.readFailed, "retention") { [self] client in
            var retention = StoreRetention()
            for try await (key, value) in try await client.query(
                "SELECT key, value FROM \(unescaped: schema).meta WHERE key IN (\(StoreRetention.commandKey), \(StoreRetention.eventKey))", logger: logger
            ).decode((String, String).self) {
                if key == StoreRetention.commandKey { retention.firstCommand = (Int64(value) ?? 0) + 1 }
                if key == StoreRetention.eventKey { retention.firstEvent = (UInt64(value) ?? 0) + 1 }
            }
            return retention
        }
    }

    public func prune(through snapshot: SnapshotMarker) async throws(StoreError) {
        let (command, event) = (snapshot.commandSequence, Int64(clamping: snapshot.eventSequence))
        try await run(.writeFailed, "prune") { [self] client in
            try await client.withTransaction(logger: logger) { connection in
                try await connection.query("DELETE FROM \(unescaped: schema).command WHERE sequence <= \(command)", logger: logger)
                try await connection.query("DELETE FROM \(unescaped: schema).event WHERE sequence <= \(event)", logger: logger)
                try await connection.query("DELETE FROM \(unescaped: schema).idempotency WHERE command_sequence <= \(command)", logger: logger)
                try await connection.query("DELETE FROM \(unescaped: schema).snapshot WHERE command_sequence < \(command)", logger: logger)
                for (key, value) in [(StoreRetention.commandKey, command), (StoreRetention.eventKey, event)] {
                    try await connection.query(
                        """
                        INSERT INTO \(unescaped: schema).meta (key, value) VALUES (\(key), \(String(value)))
                        ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
                        """, logger: logger)
                }
            }
        }
    }

    public func close() async throws(StoreError) {
        let runner = pool.withLock { pool in
            pool.isClosed = true
            return pool.runner
        }
        runner.cancel()
        await runner.value
    }

    /// Drops this store's schema and everything in it (tests).
    package func dropSchema() async throws(StoreError) {
        try await run(.writeFailed, "drop") { [self] client in
            _ = try await client.query("DROP SCHEMA IF EXISTS \(unescaped: schema) CASCADE", logger: logger)
        }
    }

    /// Runs `body` with the current client within `deadline` (``operationTimeout`` unless told
    /// otherwise); a failure that is not
    /// the server's answer to the statement (a lost or refused connection, the deadline) renews
    /// the pool.
    func run<T: Sendable>(
        _ code: StoreError.Code, _ what: String, within deadline: Duration? = nil, _ body: @escaping @Sendable (PostgresClient) async throws -> T
    ) async throws(StoreError) -> T {
        let (client, generation) = currentClient()
        do {
            return try await withDeadline(deadline ?? operationTimeout) { try await body(client) }
        } catch let error as StoreError {
            throw error
        } catch let error as DeadlineExceeded {
            renew(after: generation)
            throw StoreError(.unavailable, "\(what): PostgreSQL gave \(error)")
        } catch {
            if (error as? PSQLError)?.code != .server { renew(after: generation) }
            throw StoreError(code, "\(what): \(String(reflecting: error))")
        }
    }
}

extension PostgresQuery {
    /// A statement with no binds, from trusted text (the migrations).
    init(unsafeSQL sql: String) {
        var interpolation = StringInterpolation(literalCapacity: sql.count, interpolationCount: 0)
        interpolation.appendLiteral(sql)
        self.init(stringInterpolation: interpolation)
    }
}
