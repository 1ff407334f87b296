import Foundation
public import GRDB
public import LiquidusEngine

/// The embedded store: SQLite through GRDB.
///
/// Production opens a `DatabasePool` (WAL journal, `synchronous=FULL`, so a commit survives a
/// crash or power loss once ``commit(_:)`` returns); tests use ``inMemory()``, a
/// `DatabaseQueue` with the same schema and the same code path. The schema is built only by the
/// named, append-only migrations of ``migrator``; money never appears in it except inside the
/// JSON of inputs, events and snapshot documents, where every amount is a decimal string.
public final class SQLiteStore: EngineStore {
    /// The database: a pool in production, a queue in memory for tests.
    public let writer: any DatabaseWriter

    /// Opens (creating if needed) the store at `path` and migrates it.
    public static func open(path: String) throws(StoreError) -> SQLiteStore {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        configuration.busyMode = .timeout(5)
        do {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let pool = try DatabasePool(path: path, configuration: configuration)
            // The pool sets its writer to `synchronous = NORMAL` when it turns WAL on, after
            // `prepareDatabase` ran: a commit would then be synced only at checkpoints (it would
            // survive the process's crash, not the machine's). Set FULL again on the writer.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            return try SQLiteStore(pool)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.unavailable, "cannot open the SQLite store at \(path): \(error)")
        }
    }

    /// A new, empty store in memory (tests).
    public static func inMemory() throws(StoreError) -> SQLiteStore {
        do { return try SQLiteStore(DatabaseQueue()) } catch let error as StoreError { throw error } catch {
            throw StoreError(.unavailable, "cannot open an in-memory store: \(error)")
        }
    }

    /// Wraps `writer` and runs the migrations.
    public init(_ writer: any DatabaseWriter) throws(StoreError) {
        self.writer = writer
        do { try Self.migrator.migrate(writer) } catch {
            throw StoreError(.unavailable, "cannot migrate the SQLite store: \(error)")
        }
    }

    /// The schema's history: named migrations, never edited once released, only appended to.
    public static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: command log, events, snapshots, idempotency") { db in
            try db.execute(sql: """
                CREATE TABLE meta (
                    key TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                );
                CREATE TABLE command (
                    sequence INTEGER PRIMARY KEY NOT NULL CHECK (sequence > 0),
                    input TEXT NOT NULL CHECK (json_valid(input))
                );
                CREATE TABLE event (
                    sequence INTEGER PRIMARY KEY NOT NULL CHECK (sequence > 0),
                    type TEXT NOT NULL,
                    body TEXT NOT NULL CHECK (json_valid(body))
                );
                CREATE TABLE snapshot (
                    command_sequence INTEGER PRIMARY KEY NOT NULL CHECK (command_sequence >= 0),
                    event_sequence INTEGER NOT NULL CHECK (event_sequence >= 0),
                    state_hash TEXT NOT NULL CHECK (length(state_hash) = 16),
                    state TEXT
                );
                CREATE TABLE idempotency (
                    key TEXT PRIMARY KEY NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
                    request_digest TEXT NOT NULL,
                    status INTEGER NOT NULL CHECK (status BETWEEN 100 AND 599),
                    body BLOB NOT NULL
                );
                """)
        }
        migrator.registerMigration("v2: idempotent responses record their command, for pruning") { db in
            try db.execute(sql: """
                ALTER TABLE idempotency ADD COLUMN command_sequence INTEGER NOT NULL DEFAULT 0;
                CREATE INDEX idempotency_by_command ON idempotency (command_sequence);
                """)
        }
        return migrator
    }

    public func genesis() async throws(StoreError) -> String? {
        try await read("genesis") { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'genesis'") }
    }

    public func initialize(genesis: String) async throws(StoreError) {
        let stored: String? = try await write("genesis") { db in
            if let stored = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'genesis'") { return stored }
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('genesis', ?)", arguments: [genesis])
            return nil
        }
        if let stored, stored != genesis {
            throw StoreError(.conflict, "the store was created with another configuration: \(stored)")
        }
    }

    public func commit(_ batch: CommitBatch) async throws(StoreError) {
        guard !batch.isEmpty else { return }
        guard batch.epoch == nil else { throw StoreError(.fenced, "SQLite has no cluster: a batch with a leader's epoch cannot be committed") }
        // Encode outside the write lock.
        let (commands, events) = try batch.encodedRows()
        let responses = batch.responses
        try await write("commit") { [commands, events] db in
            if let first = commands.first {
                let last = try Int64.fetchOne(db, sql: "SELECT coalesce(max(sequence), 0) FROM command") ?? 0
                guard first.0 == last + 1 else {
                    throw StoreError(.conflict, "command \(first.0) does not follow the stored \(last)")
                }
            }
            let insertCommand = try db.cachedStatement(sql: "INSERT INTO command (sequence, input) VALUES (?, ?)")
            for (sequence, input) in commands { try insertCommand.execute(arguments: [sequence, input]) }
            let insertEvent = try db.cachedStatement(sql: "INSERT INTO event (sequence, type, body) VALUES (?, ?, ?)")
            for (sequence, type, body) in events { try insertEvent.execute(arguments: [sequence, type, body]) }
            let insertResponse = try db.cachedStatement(
                sql: "INSERT INTO idempotency (key, request_digest, status, body, command_sequence) VALUES (?, ?, ?, ?, ?)")
            for response in responses {
                try insertResponse.execute(
                    arguments: [response.key, response.requestDigest, response.status, Data(response.body), response.commandSequence])
            }
        }
    }

    public func commands(after sequence: Int64, limit: Int) async throws(StoreError) -> [StoredCommand] {
        let rows: [(Int64, String)] = try await read("commands") { db in
            try Row.fetchAll(db, sql: "SELECT sequence, input FROM command WHERE sequence > ? ORDER BY sequence LIMIT ?", arguments: [sequence, limit])
                .map { ($0[0], $0[1]) }
        }
        var result: [StoredCommand] = []
        result.reserveCapacity(rows.count)
        for (sequence, text) in rows {
            result.append(StoredCommand(sequence: sequence, input: try RecordCoding.decode(EngineInput.self, text, row: "command \(sequence)")))
        }
        return result
    }

    public func events(after sequence: UInt64, limit: Int) async throws(StoreError) -> [EngineEvent] {
        let after = Int64(clamping: sequence)
        let rows: [(Int64, String)] = try await read("events") { db in
            try Row.fetchAll(db, sql: "SELECT sequence, body FROM event WHERE sequence > ? ORDER BY sequence LIMIT ?", arguments: [after, limit])
                .map { ($0[0], $0[1]) }
        }
        var result: [EngineEvent] = []
        result.reserveCapacity(rows.count)
        for (sequence, text) in rows { result.append(try RecordCoding.decode(EngineEvent.self, text, row: "event \(sequence)")) }
        return result
    }

    public func head() async throws(StoreError) -> StoreHead {
        try await read("head") { db in
            let commands = try Int64.fetchOne(db, sql: "SELECT coalesce(max(sequence), 0) FROM command") ?? 0
            let events = try Int64.fetchOne(db, sql: "SELECT coalesce(max(sequence), 0) FROM event") ?? 0
            return StoreHead(commandSequence: commands, eventSequence: UInt64(events))
        }
    }

    public func saveSnapshot(_ snapshot: SnapshotMarker) async throws(StoreError) {
        try await write("snapshot") { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO snapshot (command_sequence, event_sequence, state_hash, state) VALUES (?, ?, ?, ?)",
                arguments: [snapshot.commandSequence, Int64(snapshot.eventSequence), RecordCoding.hex(snapshot.stateHash), snapshot.state])
            try db.execute(
                sql: """
                    UPDATE snapshot SET state = NULL WHERE state IS NOT NULL AND command_sequence NOT IN (
                        SELECT command_sequence FROM snapshot WHERE state IS NOT NULL ORDER BY command_sequence DESC LIMIT ?)
                    """,
                arguments: [SnapshotMarker.retainedDocuments])
        }
    }

    public func latestSnapshot() async throws(StoreError) -> SnapshotMarker? {
        try await snapshot(where: "ORDER BY command_sequence DESC LIMIT 1", [])
    }

    public func snapshot(at commandSequence: Int64) async throws(StoreError) -> SnapshotMarker? {
        try await snapshot(where: "WHERE command_sequence = ?", [commandSequence])
    }

    public func snapshotMarkers() async throws(StoreError) -> [SnapshotMarker] {
        let rows: [(Int64, Int64, String)] = try await read("snapshots") { db in
            try Row.fetchAll(db, sql: "SELECT command_sequence, event_sequence, state_hash FROM snapshot ORDER BY command_sequence").map { ($0[0], $0[1], $0[2]) }
        }
        var markers: [SnapshotMarker] = []
        for (command, event, hash) in rows { markers.append(try RecordCoding.marker(command, event, hash)) }
        return markers
    }

    /// The one snapshot row that `clause` selects, with its document.
    private func snapshot(where clause: String, _ arguments: [Int64]) async throws(StoreError) -> SnapshotMarker? {
        let row: (Int64, Int64, String, String?)? = try await read("snapshot") { db in
            try Row.fetchOne(db, sql: "SELECT command_sequence, event_sequence, state_hash, state FROM snapshot \(clause)", arguments: StatementArguments(arguments))
                .map { ($0[0], $0[1], $0[2], $0[3]) }
        }
        guard let (command, event, hash, state) = row else { return nil }
        return try RecordCoding.marker(command, event, hash, state)
    }

    public func response(forKey key: String) async throws(StoreError) -> StoredResponse? {
        try await read("idempotency") { db in
            try Row.fetchOne(db, sql: "SELECT request_digest, status, body FROM idempotency WHERE key = ?", arguments: [key]).map {
                StoredResponse(key: key, requestDigest: $0[0], status: $0[1], body: [UInt8]($0[2] as Data))
            }
        }
    }

    public func retention() async throws(StoreError) -> StoreRetention {
        try await read("retention") { db in
            var retention = StoreRetention()
            let rows = try Row.fetchAll(
                db, sql: "SELECT key, value FROM meta WHERE key IN (?, ?)", arguments: [StoreRetention.commandKey, StoreRetention.eventKey])
            for row in rows {
                let (key, value): (String, String) = (row[0], row[1])
                if key == StoreRetention.commandKey { retention.firstCommand = (Int64(value) ?? 0) + 1 }
                if key == StoreRetention.eventKey { retention.firstEvent = (UInt64(value) ?? 0) + 1 }
            }
            return retention
        }
    }

    public func prune(through snapshot: SnapshotMarker) async throws(StoreError) {
        let (command, event) = (snapshot.commandSequence, Int64(clamping: snapshot.eventSequence))
        try await write("prune") { db in
            try db.execute(sql: "DELETE FROM command WHERE sequence <= ?", arguments: [command])
            try db.execute(sql: "DELETE FROM event WHERE sequence <= ?", arguments: [event])
            try db.execute(sql: "DELETE FROM idempotency WHERE command_sequence <= ?", arguments: [command])
            try db.execute(sql: "DELETE FROM snapshot WHERE command_sequence < ?", arguments: [command])
            for (key, value) in [(StoreRetention.commandKey, command), (StoreRetention.eventKey, event)] {
                try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", arguments: [key, String(value)])
            }
        }
    }

    public func close() async throws(StoreError) {
        guard let pool = writer as? DatabasePool else { return }
        do {
            try await pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
            try pool.close()
        } catch {
            throw StoreError(.writeFailed, "cannot close the SQLite store: \(error)")
        }
    }

    private func read<T: Sendable>(_ what: String, _ body: @Sendable @escaping (Database) throws -> T) async throws(StoreError) -> T {
        do { return try await writer.read(body) } catch let error as StoreError { throw error } catch {
            throw StoreError(.readFailed, "\(what): \(error)")
        }
    }

    private func write<T: Sendable>(_ what: String, _ body: @Sendable @escaping (Database) throws -> T) async throws(StoreError) -> T {
        do { return try await writer.write(body) } catch let error as StoreError { throw error } catch {
            throw StoreError(.writeFailed, "\(what): \(error)")
        }
    }
}
