import PostgresNIO
import Synchronization

extension PostgresStore {
    /// Migration v4, for commits in flight together on separate connections (PostgreSQL shares
    /// one WAL flush among the commits that arrive while another flushes — but a transaction that
    /// calls `NOTIFY` holds a database-wide lock until it has committed, so notifying commits
    /// are flushed one after another):
    ///
    /// - `fence(fence)`: the epoch check `append` made (`LQ001` for a superseded epoch, `LQ003`
    ///   for a server outside the cluster that owns the log), shared with `trim`;
    /// - `append` no longer notifies (the writer notifies after its commit, outside the
    ///   transaction: ``announce(_:)``), nor checks that the batch follows the last stored
    ///   command: the batch ahead of it may still be in flight on another connection (and may
    ///   even be stored after it), so the log can show a gap while commits are in flight, and
    ///   after a failed one (``discardUnacknowledged(after:epoch:)``). A batch whose commands
    ///   are already stored is still refused whole (the primary key: `23505`);
    /// - `trim(fence, after_command, after_event)`: when no command follows `after_command`,
    ///   deletes the commands, events and responses beyond it (those of commits that were never
    ///   acknowledged: they lie past a gap) and returns true; returns false, deleting nothing,
    ///   when the log continues after `after_command`.
    static func pipelineMigration(schema: String) -> [String] {
        [
            """
            CREATE FUNCTION \(schema).fence(fence BIGINT) RETURNS VOID LANGUAGE plpgsql AS $fence$
            DECLARE
                current_epoch BIGINT;
            BEGIN
                \(fenceCheck(schema: schema))
            END
            $fence$
            """,
            """
            CREATE OR REPLACE FUNCTION \(schema).append(fence BIGINT, command_sequences BIGINT[], command_inputs TEXT[],
                event_sequences BIGINT[], event_types TEXT[], event_bodies TEXT[], response_keys TEXT[],
                response_digests TEXT[], response_statuses BIGINT[], response_bodies BYTEA[], response_commands BIGINT[])
            RETURNS VOID LANGUAGE plpgsql AS $append$
            BEGIN
                PERFORM \(schema).fence(fence);
                INSERT INTO \(schema).command (sequence, input, epoch)
                    SELECT appended.sequence, appended.input, fence FROM unnest(command_sequences, command_inputs) AS appended (sequence, input);
                INSERT INTO \(schema).event (sequence, type, body) SELECT * FROM unnest(event_sequences, event_types, event_bodies);
                INSERT INTO \(schema).idempotency (key, request_digest, status, body, command_sequence)
                    SELECT * FROM unnest(response_keys, response_digests, response_statuses, response_bodies, response_commands);
            END
            $append$
            """,
            """
            CREATE FUNCTION \(schema).trim(fence BIGINT, after_command BIGINT, after_event BIGINT) RETURNS BOOLEAN LANGUAGE plpgsql AS $trim$
            BEGIN
                PERFORM \(schema).fence(fence);
                IF EXISTS (SELECT FROM \(schema).command WHERE sequence = after_command + 1) THEN
                    RETURN FALSE;
                END IF;
                DELETE FROM \(schema).command WHERE sequence > after_command;
                DELETE FROM \(schema).event WHERE sequence > after_event;
                DELETE FROM \(schema).idempotency WHERE command_sequence > after_command;
                RETURN TRUE;
            END
            $trim$
            """,
        ]
    }

    /// Deletes what commits that were never acknowledged left beyond `head` (see
    /// ``EngineStore/discardUnacknowledged(after:epoch:)``), fenced by `epoch` like a commit.
    public func discardUnacknowledged(after head: StoreHead, epoch: Int64?) async throws(StoreError) -> Bool {
        let event = Int64(clamping: head.eventSequence)
        return try await run(.writeFailed, "trim") { [self] client in
            do {
                for try await trimmed in try await client.query(
                    "SELECT \(unescaped: schema).trim(\(epoch)::BIGINT, \(head.commandSequence)::BIGINT, \(event)::BIGINT)", logger: logger
                ).decode(Bool.self) { return trimmed }
                throw StoreError(.corrupt, "trim returned no row")
            } catch let error as PSQLError {
                if let refusal = Self.refusal(error) { throw refusal }
                throw error
            }
        }
    }

    /// Tells the log's listeners that it holds commands through `sequence`: `NOTIFY` in a
    /// statement of its own after the commit, so commits never wait for each other on its lock,
    /// and with `synchronous_commit` off for that statement's transaction only, so it costs no
    /// WAL flush.
    /// At most one notification is in flight; those asked for meanwhile are sent as one (the
    /// latest sequence). A lost one costs a standby a poll interval.
    func announce(_ sequence: Int64) {
        let start = announcements.withLock { state -> Bool in
            state.latest = max(state.latest, sequence)
            guard !state.sending else { return false }
            state.sending = true
            return true
        }
        guard start else { return }
        Task { [self] in
            while true {
                let next: Int64? = announcements.withLock { state in
                    guard state.latest > state.sent else {
                        state.sending = false
                        return nil
                    }
                    state.sent = state.latest
                    return state.latest
                }
                guard let next else { return }
                do {
                    _ = try await run(.writeFailed, "notify") { [self] client in
                        // A notification needs no durability: its transaction is not flushed (a
                        // notifying transaction takes a transaction id, so it would be).
                        try await client.query(
                            "SELECT set_config('synchronous_commit', 'off', true), pg_notify(\(channel), \(String(next)))", logger: logger
                        ).collect()
                    }
                } catch {
                    logger.debug("a notification failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}

extension PostgresStore {
    /// One statement on the `snapshot_claim` row of `meta`: it moves to `sequence` only when
    /// it is at least `interval` commands behind it (PostgreSQL serialises the claims on the row).
    public func claimSnapshot(at sequence: Int64, interval: Int64) async throws(StoreError) -> (granted: Bool, latest: Int64) {
        let key = "snapshot_claim"
        return try await run(.writeFailed, "snapshot claim") { [self] client in
            for try await claimed in try await client.query(
                """
                INSERT INTO \(unescaped: schema).meta AS meta (key, value) VALUES (\(key), \(String(sequence)))
                ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
                WHERE meta.value::BIGINT <= \(sequence) - \(interval) RETURNING value
                """, logger: logger
            ).decode(String.self) { return (true, Int64(claimed) ?? sequence) }
            for try await latest in try await client.query(
                "SELECT value FROM \(unescaped: schema).meta WHERE key = \(key)", logger: logger
            ).decode(String.self) { return (false, Int64(latest) ?? 0) }
            return (false, 0)
        }
    }
}

/// The notifications of ``PostgresStore/announce(_:)``: the latest sequence asked for and sent,
/// and whether a notification is being sent.
struct Announcements: Sendable {
    var latest: Int64 = 0
    var sent: Int64 = 0
    var sending = false
}
