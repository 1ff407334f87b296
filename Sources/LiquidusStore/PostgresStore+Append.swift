import PostgresNIO

extension PostgresStore {
    /// The channel on which the schema's commits and lease changes are announced
    /// (`liquidus_<schema>`; the payload is the last command's sequence, or `lease`).
    var channel: String { "liquidus_\(schema)" }

    /// Migration v3: the lease (one row: the cluster's name, the epoch, the holder and its address,
    /// the expiry by the database's clock), the epoch each command was written under (`NULL`
    /// outside a cluster: along the log the epochs never decrease, which the failover tests
    /// check), the members' heartbeats, and `append`, the one function every commit calls.
    ///
    /// `append(fence, …)` runs in the caller's statement, so in one transaction: with a fence, it
    /// reads the lease's epoch `FOR SHARE` (a member taking the lease updates that row, so it
    /// waits for this commit, and a commit that starts after it sees the new epoch) and raises
    /// `LQ001` unless it equals the fence; without one (a server outside any cluster) it takes a
    /// share lock on the lease table and raises `LQ003` when a cluster owns the log. Then `LQ002`
    /// unless the first command follows the stored ones, the three multi-row inserts, and
    /// `pg_notify` with the last command's sequence (delivered when the transaction commits).
    static func clusterMigration(schema: String) -> [String] {
        [
            """
            CREATE TABLE \(schema).lease (id SMALLINT PRIMARY KEY NOT NULL CHECK (id = 1),
                cluster TEXT NOT NULL CHECK (length(cluster) BETWEEN 1 AND 64), epoch BIGINT NOT NULL CHECK (epoch > 0),
                holder TEXT NOT NULL, address TEXT NOT NULL, expires_at TIMESTAMPTZ NOT NULL)
            """,
            "ALTER TABLE \(schema).command ADD COLUMN epoch BIGINT",
            """
            CREATE TABLE \(schema).member (id TEXT PRIMARY KEY NOT NULL, address TEXT NOT NULL,
                role TEXT NOT NULL CHECK (role IN ('leader', 'standby')), epoch BIGINT NOT NULL,
                applied_sequence BIGINT NOT NULL, seen_at TIMESTAMPTZ NOT NULL)
            """,
            """
            CREATE FUNCTION \(schema).append(fence BIGINT, command_sequences BIGINT[], command_inputs TEXT[],
                event_sequences BIGINT[], event_types TEXT[], event_bodies TEXT[], response_keys TEXT[],
                response_digests TEXT[], response_statuses BIGINT[], response_bodies BYTEA[], response_commands BIGINT[])
            RETURNS VOID LANGUAGE plpgsql AS $append$
            DECLARE
                current_epoch BIGINT;
                stored BIGINT;
            BEGIN
                \(fenceCheck(schema: schema))
                IF cardinality(command_sequences) > 0 THEN
                    SELECT coalesce(max(sequence), 0) INTO stored FROM \(schema).command;
                    IF command_sequences[1] <> stored + 1 THEN
                        RAISE EXCEPTION 'command % does not follow the stored %', command_sequences[1], stored USING ERRCODE = 'LQ002';
                    END IF;
                    INSERT INTO \(schema).command (sequence, input, epoch)
                        SELECT appended.sequence, appended.input, fence FROM unnest(command_sequences, command_inputs) AS appended (sequence, input);
                END IF;
                INSERT INTO \(schema).event (sequence, type, body) SELECT * FROM unnest(event_sequences, event_types, event_bodies);
                INSERT INTO \(schema).idempotency (key, request_digest, status, body, command_sequence)
                    SELECT * FROM unnest(response_keys, response_digests, response_statuses, response_bodies, response_commands);
                IF cardinality(command_sequences) > 0 THEN
                    PERFORM pg_notify('liquidus_\(schema)', command_sequences[cardinality(command_sequences)]::TEXT);
                END IF;
            END
            $append$
            """,
        ]
    }

    /// The PL/pgSQL that checks the caller's `fence` (declared `current_epoch BIGINT`): `LQ001`
    /// unless it is the lease's epoch (read `FOR SHARE`), `LQ003` when it is `NULL` (a server
    /// outside any cluster) and a cluster owns the log.
    static func fenceCheck(schema: String) -> String {
        """
        IF fence IS NULL THEN
                            LOCK TABLE \(schema).lease IN SHARE MODE;
                            IF EXISTS (SELECT FROM \(schema).lease) THEN
                                RAISE EXCEPTION 'this log belongs to cluster %: only its leader writes', (SELECT cluster FROM \(schema).lease)
                                    USING ERRCODE = 'LQ003';
                            END IF;
                        ELSE
                            SELECT epoch INTO current_epoch FROM \(schema).lease WHERE id = 1 FOR SHARE;
                            IF current_epoch IS DISTINCT FROM fence THEN
                                RAISE EXCEPTION 'epoch % is no longer the current one (%)', fence, current_epoch USING ERRCODE = 'LQ001';
                            END IF;
                        END IF;
        """
    }

    /// The epoch each command after `sequence` was written under (`nil` outside a cluster), at
    /// most `limit`, ascending (tests and tools: the epochs along the log never decrease).
    package func commandEpochs(after sequence: Int64, limit: Int) async throws(StoreError) -> [(sequence: Int64, epoch: Int64?)] {
        try await run(.readFailed, "commands") { [self] client in
            var rows: [(sequence: Int64, epoch: Int64?)] = []
            for try await (sequence, epoch) in try await client.query(
                "SELECT sequence, epoch FROM \(unescaped: schema).command WHERE sequence > \(sequence) ORDER BY sequence LIMIT \(Int64(limit))",
                logger: logger
            ).decode((Int64, Int64?).self) { rows.append((sequence, epoch)) }
            return rows
        }
    }

    /// The store's error for a refusal raised by `append` (or a key that is already stored), or
    /// `nil` for any other failure.
    static func refusal(_ error: PSQLError) -> StoreError? {
        guard error.code == .server, let state = error.serverInfo?[.sqlState] else { return nil }
        let message = error.serverInfo?[.message] ?? "\(state)"
        switch state {
        case "LQ001", "LQ003": return StoreError(.fenced, message)
        case "LQ002": return StoreError(.conflict, message)
        case "LQ004": return StoreError(.fundShort, message)
        case "23505": return StoreError(.conflict, "a command, event or idempotency key is already stored: \(message)")
        default: return nil
        }
    }
}

/// A ``CommitBatch`` as the arguments of `append`: one array per column.
struct AppendArguments: Sendable {
    var epoch: Int64?
    var commandSequences: [Int64] = []
    var commandInputs: [String] = []
    var eventSequences: [Int64] = []
    var eventTypes: [String] = []
    var eventBodies: [String] = []
    var responseKeys: [String] = []
    var responseDigests: [String] = []
    var responseStatuses: [Int64] = []
    var responseBodies: [ByteBuffer] = []
    var responseCommands: [Int64] = []

    /// Encodes `batch`'s rows (before any connection is taken).
    init(_ batch: CommitBatch) throws(StoreError) {
        epoch = batch.epoch
        let (commands, events) = try batch.encodedRows()
        for (sequence, input) in commands {
            commandSequences.append(sequence)
            commandInputs.append(input)
        }
        for (sequence, type, body) in events {
            eventSequences.append(sequence)
            eventTypes.append(type)
            eventBodies.append(body)
        }
        for response in batch.responses {
            responseKeys.append(response.key)
            responseDigests.append(response.requestDigest)
            responseStatuses.append(Int64(response.status))
            responseBodies.append(ByteBuffer(bytes: response.body))
            responseCommands.append(response.commandSequence)
        }
    }

    /// `SELECT <schema>.append(…)` with the arrays bound, then — in the same statement, so in the
    /// same transaction — `fundColumn` (the shared fund's balance: a call of its `change_fund`,
    /// or a read of its row) and the call of the shared schema's `exchange` (orders forwarded and
    /// consumed).
    func call(schema: String, fundColumn: String? = nil, exchange: ExchangeArguments? = nil) -> PostgresQuery {
        let fund = fundColumn.map { ", " + $0 } ?? ""
        guard let exchange else {
            return """
            SELECT \(unescaped: schema).append(\(epoch)::BIGINT, \(commandSequences)::BIGINT[], \(commandInputs)::TEXT[],
                \(eventSequences)::BIGINT[], \(eventTypes)::TEXT[], \(eventBodies)::TEXT[], \(responseKeys)::TEXT[],
                \(responseDigests)::TEXT[], \(responseStatuses)::BIGINT[], \(responseBodies)::BYTEA[], \(responseCommands)::BIGINT[])\(unescaped: fund)
            """
        }
        return """
        SELECT \(unescaped: schema).append(\(epoch)::BIGINT, \(commandSequences)::BIGINT[], \(commandInputs)::TEXT[],
            \(eventSequences)::BIGINT[], \(eventTypes)::TEXT[], \(eventBodies)::TEXT[], \(responseKeys)::TEXT[],
            \(responseDigests)::TEXT[], \(responseStatuses)::BIGINT[], \(responseBodies)::BYTEA[], \(responseCommands)::BIGINT[])\(unescaped: fund),
            \(unescaped: exchange.schema).exchange(\(exchange.shard)::INTEGER, \(exchange.targets)::INTEGER[], \(exchange.sequences)::BIGINT[],
            \(exchange.bodies)::TEXT[], \(exchange.consumedSources)::INTEGER[], \(exchange.consumedSequences)::BIGINT[])
        """
    }
}
