import PostgresNIO

/// The cluster's lease, heartbeats and notifications on PostgreSQL: the lease is one row of
/// `<schema>.lease` whose expiry is the database's `clock_timestamp()` plus the duration, so the
/// members' own clocks never enter into it; taking it is one `INSERT … ON CONFLICT DO UPDATE …
/// WHERE expired`, which PostgreSQL serialises on the row (one taker wins; the others read the
/// winner).
extension PostgresStore: ClusterStore {
    /// The lease's columns with the time left in milliseconds.
    private var leaseColumns: String {
        "cluster, epoch, holder, address, (extract(epoch FROM expires_at - clock_timestamp()) * 1000)::BIGINT"
    }

    public func acquireLease(_ request: LeaseRequest) async throws(StoreError) -> (lease: Lease, held: Bool) {
        let milliseconds = Self.milliseconds(request.duration)
        let taken: Lease? = try await run(.writeFailed, "lease") { [self] client in
            try await client.withTransaction(logger: logger) { connection in
                let rows = try await connection.query(
                    """
                    INSERT INTO \(unescaped: schema).lease AS lease (id, cluster, epoch, holder, address, expires_at)
                    VALUES (1, \(request.cluster), 1, \(request.member), \(request.address), clock_timestamp() + \(milliseconds) * INTERVAL '1 millisecond')
                    ON CONFLICT (id) DO UPDATE SET
                        epoch = CASE WHEN lease.holder = EXCLUDED.holder AND lease.expires_at >= clock_timestamp() THEN lease.epoch ELSE lease.epoch + 1 END,
                        holder = EXCLUDED.holder, address = EXCLUDED.address, expires_at = EXCLUDED.expires_at
                    WHERE lease.cluster = EXCLUDED.cluster AND (lease.expires_at < clock_timestamp() OR lease.holder = EXCLUDED.holder)
                    RETURNING \(unescaped: leaseColumns)
                    """, logger: logger)
                var taken: Lease?
                for try await row in rows.decode((String, Int64, String, String, Int64).self) { taken = Self.lease(row) }
                if taken != nil { _ = try await connection.query("SELECT pg_notify(\(channel), 'lease')", logger: logger).collect() }
                return taken
            }
        }
        if let taken { return (taken, true) }
        guard let lease = try await lease() else { throw StoreError(.corrupt, "the lease row vanished") }
        guard lease.cluster == request.cluster else {
            throw StoreError(.conflict, "this log belongs to cluster \"\(lease.cluster)\", not \"\(request.cluster)\"")
        }
        return (lease, false)
    }

    public func renewLease(epoch: Int64, member: String, duration: Duration) async throws(StoreError) -> Lease? {
        let milliseconds = Self.milliseconds(duration)
        return try await run(.writeFailed, "lease") { [self] client in
            let rows = try await client.query(
                """
                UPDATE \(unescaped: schema).lease SET expires_at = clock_timestamp() + \(milliseconds) * INTERVAL '1 millisecond'
                WHERE epoch = \(epoch) AND holder = \(member) RETURNING \(unescaped: leaseColumns)
                """, logger: logger)
            for try await row in rows.decode((String, Int64, String, String, Int64).self) { return Self.lease(row) }
            return nil
        }
    }

    public func releaseLease(epoch: Int64, member: String) async throws(StoreError) {
        try await run(.writeFailed, "lease") { [self] client in
            try await client.withTransaction(logger: logger) { connection in
                try await connection.query(
                    """
                    UPDATE \(unescaped: schema).lease SET expires_at = clock_timestamp() - INTERVAL '1 millisecond'
                    WHERE epoch = \(epoch) AND holder = \(member)
                    """, logger: logger)
                _ = try await connection.query("SELECT pg_notify(\(channel), 'lease')", logger: logger).collect()
            }
        }
    }

    public func lease() async throws(StoreError) -> Lease? {
        try await run(.readFailed, "lease") { [self] client in
            let rows = try await client.query("SELECT \(unescaped: leaseColumns) FROM \(unescaped: schema).lease", logger: logger)
            for try await row in rows.decode((String, Int64, String, String, Int64).self) { return Self.lease(row) }
            return nil
        }
    }

    public func heartbeat(_ member: MemberRecord) async throws(StoreError) {
        try await run(.writeFailed, "heartbeat") { [self] client in
            try await client.query(
                """
                INSERT INTO \(unescaped: schema).member (id, address, role, epoch, applied_sequence, seen_at)
                VALUES (\(member.id), \(member.address), \(member.role), \(member.epoch), \(member.appliedSequence), clock_timestamp())
                ON CONFLICT (id) DO UPDATE SET address = EXCLUDED.address, role = EXCLUDED.role, epoch = EXCLUDED.epoch,
                    applied_sequence = EXCLUDED.applied_sequence, seen_at = EXCLUDED.seen_at
                """, logger: logger)
            // Members gone for a day are forgotten.
            try await client.query(
                "DELETE FROM \(unescaped: schema).member WHERE seen_at < clock_timestamp() - INTERVAL '1 day'", logger: logger)
        }
    }

    public func members(seenWithin window: Duration) async throws(StoreError) -> [MemberRecord] {
        let milliseconds = Self.milliseconds(window)
        return try await run(.readFailed, "members") { [self] client in
            let rows = try await client.query(
                """
                SELECT id, address, role, epoch, applied_sequence, (extract(epoch FROM clock_timestamp() - seen_at) * 1000)::BIGINT
                FROM \(unescaped: schema).member WHERE seen_at >= clock_timestamp() - \(milliseconds) * INTERVAL '1 millisecond'
                ORDER BY address, id
                """, logger: logger)
            var members: [MemberRecord] = []
            for try await (id, address, role, epoch, applied, age) in rows.decode((String, String, String, Int64, Int64, Int64).self) {
                members.append(MemberRecord(id: id, address: address, role: role, epoch: epoch, appliedSequence: applied, age: .milliseconds(age)))
            }
            return members
        }
    }

    /// `LISTEN` on ``channel`` over a connection of its own, for as long as the stream is
    /// consumed; after a lost connection it listens again (after 0.2 s) and yields `.listening`.
    public func notifications() -> AsyncStream<LogNotification> {
        let (stream, continuation) = AsyncStream<LogNotification>.makeStream(bufferingPolicy: .bufferingNewest(256))
        let task = Task { [self] in
            while !Task.isCancelled {
                do {
                    try await currentClient().client.withConnection { connection in
                        try await connection.listen(on: channel) { notifications in
                            continuation.yield(.listening)
                            for try await notification in notifications {
                                if let sequence = Int64(notification.payload) {
                                    continuation.yield(.appended(through: sequence))
                                } else {
                                    continuation.yield(.leaseChanged)
                                }
                            }
                        }
                    }
                } catch {
                    logger.debug("listening for the log's notifications failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    static func lease(_ row: (String, Int64, String, String, Int64)) -> Lease {
        Lease(cluster: row.0, epoch: row.1, holder: row.2, address: row.3, remaining: .milliseconds(row.4))
    }

    /// A duration in whole milliseconds (at least 1).
    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return max(1, seconds.multipliedReportingOverflow(by: 1_000).partialValue + attoseconds / 1_000_000_000_000_000)
    }
}
