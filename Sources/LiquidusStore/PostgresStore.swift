import Foundation
public import LiquidusEngine
public import Logging
import NIOCore
import PostgresNIO

/// The PostgreSQL store, through PostgresNIO: the schema, semantics and durability of
/// ``SQLiteStore`` (a commit is one transaction, durable when it returns with PostgreSQL's
/// default `synchronous_commit = on`).
///
/// Its tables live in one schema (`liquidus` by default), built by the same named, append-only
/// migrations, recorded in `<schema>.migrations`. The client's connection pool runs in a task the
/// store owns; ``close()`` ends it.
public final class PostgresStore: EngineStore {
    let client: PostgresClient
    let schema: String
    let logger: Logger
    private let runner: Task<Void, Never>

    /// Connects to the server of `url` (`postgres://user:password@host:port/database`), and
    /// migrates the tables of `schema`, within `timeout`.
    public static func connect(
        url: String, schema: String = "liquidus", timeout: Duration = .seconds(10), logger: Logger = Logger(label: "liquidus.store.postgres")
    ) async throws(StoreError) -> PostgresStore {
        let configuration = try Self.configuration(url: url, timeout: timeout)
        guard schema.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }), !schema.isEmpty else {
            throw StoreError(.unavailable, "schema \"\(schema)\" must be lowercase letters, digits and underscores")
        }
        let store = PostgresStore(client: PostgresClient(configuration: configuration, backgroundLogger: logger), schema: schema, logger: logger)
        do {
            try await withDeadline(timeout) { try await store.migrate() }
        } catch {
            try? await store.close()
            throw StoreError(.unavailable, "cannot reach or migrate PostgreSQL at \(Self.redacted(url)): \(error)")
        }
        return store
    }

    private init(client: PostgresClient, schema: String, logger: Logger) {
        self.client = client
        self.schema = schema
        self.logger = logger
        self.runner = Task { await client.run() }
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
            ])
        ]
    }

    func migrate() async throws {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("CREATE SCHEMA IF NOT EXISTS \(unescaped: schema)", logger: logger)
            try await connection.query("CREATE TABLE IF NOT EXISTS \(unescaped: schema).migrations (name TEXT PRIMARY KEY NOT NULL)", logger: logger)
            // One migrator at a time.
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
    }

    public func genesis() async throws(StoreError) -> String? {
        try await run(.readFailed, "genesis") { [self] in
            for try await value in try await client.query("SELECT value FROM \(unescaped: schema).meta WHERE key = 'genesis'", logger: logger).decode(String.self) {
                return value
            }
            return nil
        }
    }

    public func initialize(genesis: String) async throws(StoreError) {
        try await run(.writeFailed, "genesis") { [self] in
            _ = try await client.query(
                "INSERT INTO \(unescaped: schema).meta (key, value) VALUES ('genesis', \(genesis)) ON CONFLICT (key) DO NOTHING", logger: logger)
        }
        if let stored = try await self.genesis(), stored != genesis {
            throw StoreError(.conflict, "the store was created with another configuration: \(stored)")
        }
    }

    public func commit(_ batch: CommitBatch) async throws(StoreError) {
        guard !batch.isEmpty else { return }
        let (commands, events) = try batch.encodedRows()
        let responses = batch.responses
        try await run(.writeFailed, "commit") { [self, commands, events] in
            try await client.withTransaction(logger: logger) { connection in
                if let first = commands.first {
                    var last: Int64 = 0
                    for try await value in try await connection.query(
                        "SELECT coalesce(max(sequence), 0)::BIGINT FROM \(unescaped: schema).command", logger: logger
                    ).decode(Int64.self) { last = value }
                    guard first.0 == last + 1 else { throw StoreError(.conflict, "command \(first.0) does not follow the stored \(last)") }
                }
                for (sequence, input) in commands {
                    try await connection.query("INSERT INTO \(unescaped: schema).command (sequence, input) VALUES (\(sequence), \(input))", logger: logger)
                }
                for (sequence, type, body) in events {
                    try await connection.query(
                        "INSERT INTO \(unescaped: schema).event (sequence, type, body) VALUES (\(sequence), \(type), \(body))", logger: logger)
                }
                for response in responses {
                    try await connection.query(
                        """
                        INSERT INTO \(unescaped: schema).idempotency (key, request_digest, status, body)
                        VALUES (\(response.key), \(response.requestDigest), \(Int64(response.status)), \(ByteBuffer(bytes: response.body)))
                        """, logger: logger)
                }
            }
        }
    }

    public func commands(after sequence: Int64, limit: Int) async throws(StoreError) -> [StoredCommand] {
        let rows: [(Int64, String)] = try await run(.readFailed, "commands") { [self] in
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

    public func events(after sequence: UInt64, limit: Int) async throws(StoreError) -> [EngineEvent] {
        let after = Int64(clamping: sequence)
        let rows: [(Int64, String)] = try await run(.readFailed, "events") { [self] in
            var rows: [(Int64, String)] = []
            for try await row in try await client.query(
                "SELECT sequence, body FROM \(unescaped: schema).event WHERE sequence > \(after) ORDER BY sequence LIMIT \(Int64(limit))",
                logger: logger
            ).decode((Int64, String).self) { rows.append(row) }
            return rows
        }
        var result: [EngineEvent] = []
        for (sequence, text) in rows { result.append(try RecordCoding.decode(EngineEvent.self, text, row: "event \(sequence)")) }
        return result
    }

    public func head() async throws(StoreError) -> StoreHead {
        try await run(.readFailed, "head") { [self] in
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

    public func saveSnapshot(_ snapshot: SnapshotMarker) async throws(StoreError) {
        try await run(.writeFailed, "snapshot") { [self] in
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
        let rows: [(Int64, Int64, String)] = try await run(.readFailed, "snapshots") { [self] in
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
        let row: (Int64, Int64, String, String?)? = try await run(.readFailed, "snapshot") { [self] in
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
        try await run(.readFailed, "idempotency") { [self] in
            for try await (digest, status, body) in try await client.query(
                "SELECT request_digest, status, body FROM \(unescaped: schema).idempotency WHERE key = \(key)", logger: logger
            ).decode((String, Int64, ByteBuffer).self) {
                return StoredResponse(key: key, requestDigest: digest, status: Int(status), body: Array(buffer: body))
            }
            return nil
        }
    }

    public func close() async throws(StoreError) {
        runner.cancel()
        await runner.value
    }

    /// Drops this store's schema and everything in it (tests).
    package func dropSchema() async throws(StoreError) {
        try await run(.writeFailed, "drop") { [self] in
            _ = try await client.query("DROP SCHEMA IF EXISTS \(unescaped: schema) CASCADE", logger: logger)
        }
    }

    private func run<T: Sendable>(_ code: StoreError.Code, _ what: String, _ body: @Sendable () async throws -> T) async throws(StoreError) -> T {
        do { return try await body() } catch let error as StoreError { throw error } catch {
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

/// Runs `body`, or throws when `limit` passes first.
func withDeadline<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw StoreError(.unavailable, "no answer within \(limit)")
        }
        return value
    }
}
