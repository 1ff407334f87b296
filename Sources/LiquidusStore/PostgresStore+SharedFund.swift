public import LiquidusCore
import PostgresNIO
import Synchronization

extension PostgresStore {
    /// The shared fund's migrations, in their schema (append-only, like the shards' own):
    ///
    /// - `insurance_fund`: one row, the balance in units of 10⁻⁸ (`0 ≤ balance`);
    /// - `insurance_fund_change`: each commit that moved the fund — the shard, its epoch, the
    ///   commands it covered, `delta`, `drawdown` and the balance after — for audit and for the
    ///   cross-shard conservation check;
    /// - `change_fund(shard, epoch, first, last, delta, drawdown)`, called in the shard's commit
    ///   statement (so in its transaction): adds `delta` to the balance when the balance is at
    ///   least `drawdown` (the batch's deepest draw, see ``SharedFundChange``), records the
    ///   change and returns the balance after; raises `LQ004` otherwise, so the whole commit —
    ///   the shard's commands, events and responses with it — is refused.
    static func sharedFundMigrations(schema: String) -> [(String, [String])] {
        [
            ("v1: the shared insurance fund", [
                "CREATE TABLE \(schema).insurance_fund (id SMALLINT PRIMARY KEY NOT NULL CHECK (id = 1), balance BIGINT NOT NULL CHECK (balance >= 0))",
                """
                CREATE TABLE \(schema).insurance_fund_change (id BIGSERIAL PRIMARY KEY, shard INTEGER NOT NULL, epoch BIGINT,
                    first_command BIGINT NOT NULL, last_command BIGINT NOT NULL, delta BIGINT NOT NULL,
                    drawdown BIGINT NOT NULL CHECK (drawdown >= 0), balance_after BIGINT NOT NULL,
                    committed_at TIMESTAMPTZ NOT NULL DEFAULT now())
                """,
                """
                CREATE FUNCTION \(schema).change_fund(shard INTEGER, epoch BIGINT, first_command BIGINT, last_command BIGINT,
                    delta BIGINT, drawdown BIGINT) RETURNS BIGINT LANGUAGE plpgsql AS $change$
                DECLARE
                    after BIGINT;
                BEGIN
                    UPDATE \(schema).insurance_fund SET balance = balance + delta
                        WHERE id = 1 AND balance >= drawdown AND balance + delta >= 0 RETURNING balance INTO after;
                    IF NOT FOUND THEN
                        RAISE EXCEPTION 'the shared insurance fund holds less than the % this commit drew', drawdown USING ERRCODE = 'LQ004';
                    END IF;
                    INSERT INTO \(schema).insurance_fund_change (shard, epoch, first_command, last_command, delta, drawdown, balance_after)
                        VALUES (shard, epoch, first_command, last_command, delta, drawdown, after);
                    RETURN after;
                END
                $change$
                """,
            ]),
            ("v2: auto-deleveraging across shards: rankings and inboxes", shardExchangeMigration(schema: schema)),
        ]
    }

    /// Creates or updates the shared fund's schema (one migrator at a time across every shard)
    /// and its row, with `settings.initialBalance` when no shard has created it yet.
    func migrateSharedFund(_ client: PostgresClient, _ settings: SharedFundSettings) async throws {
        let schema = settings.schema
        try await client.withTransaction(logger: logger) { connection in
            try await Self.apply(Self.sharedFundMigrations(schema: schema), in: schema, on: connection, logger: logger)
            try await connection.query(
                "INSERT INTO \(unescaped: schema).insurance_fund (id, balance) VALUES (1, \(settings.initialBalance.units)) ON CONFLICT (id) DO NOTHING",
                logger: logger)
        }
    }

    /// How long the balance a commit saw stands for the fund's balance: within it, the next
    /// batch starts from that balance without a read of its own.
    static let fundSeenFor: Duration = .milliseconds(50)

    /// The shared fund's balance, as the latest commit saw it when that was less than
    /// ``fundSeenFor`` ago (a batch right after another starts without a round trip), read now
    /// otherwise and after a refused commit; `nil` without a shared fund.
    ///
    /// What the other shards did since is caught at the commit: a batch whose draw the fund no
    /// longer covers is refused (``StoreError/Code/fundShort``), and what they paid in is seen
    /// by the next batch.
    public func sharedInsuranceFund() async throws(StoreError) -> Money? {
        guard let settings = sharedFund else { return nil }
        if let seen = fundSeen.withLock({ $0 }), ContinuousClock.now - seen.at < Self.fundSeenFor { return seen.balance }
        let balance: Money = try await run(.readFailed, "shared fund") { [self] client in
            for try await units in try await client.query(
                "SELECT balance FROM \(unescaped: settings.schema).insurance_fund WHERE id = 1", logger: logger
            ).decode(Int64.self) { return Money(units: units) }
            throw StoreError(.corrupt, "the shared insurance fund has no row")
        }
        fundSeen.withLock { $0 = (balance, .now) }
        return balance
    }

    /// The commit statement's second column for a shard with a shared fund: a call of the fund's
    /// `change_fund` (the balance after) when the batch moves the fund, a read of its balance
    /// otherwise (as of the statement's start); `nil` without a shared fund.
    func fundColumn(_ batch: CommitBatch) -> String? {
        guard let settings = sharedFund else { return nil }
        guard let change = batch.fundChange else { return "(SELECT balance FROM \(settings.schema).insurance_fund WHERE id = 1)" }
        let first = batch.commands.first?.sequence ?? 0
        let last = batch.commands.last?.sequence ?? 0
        let epoch = batch.epoch.map(String.init) ?? "NULL"
        return "\(settings.schema).change_fund(\(settings.shard), \(epoch)::BIGINT, \(first), \(last), \(change.delta.units), \(change.drawdown.units))"
    }

    /// The shared fund's balance now and the balance it started with — the balance less every
    /// recorded change, so an audit of the changes' rows — read in one statement; `nil` without
    /// a shared fund.
    public func sharedFundAccount() async throws(StoreError) -> (balance: Money, initialBalance: Money)? {
        guard let settings = sharedFund else { return nil }
        return try await run(.readFailed, "shared fund") { [self] client in
            for try await (balance, initial) in try await client.query(
                """
                SELECT fund.balance, fund.balance - coalesce((SELECT sum(delta) FROM \(unescaped: settings.schema).insurance_fund_change), 0)::BIGINT
                FROM \(unescaped: settings.schema).insurance_fund AS fund WHERE fund.id = 1
                """, logger: logger
            ).decode((Int64, Int64).self) { return (Money(units: balance), Money(units: initial)) }
            throw StoreError(.corrupt, "the shared insurance fund has no row")
        }
    }

    /// Drops the shared fund's schema (tests).
    package func dropSharedFund() async throws(StoreError) {
        guard let settings = sharedFund else { return }
        try await run(.writeFailed, "drop") { [self] client in
            _ = try await client.query("DROP SCHEMA IF EXISTS \(unescaped: settings.schema) CASCADE", logger: logger)
        }
    }

    /// The shared fund's recorded changes, oldest first (tests and audits): shard, delta, drawdown
    /// and balance after, in units of 10⁻⁸.
    package func sharedFundChanges() async throws(StoreError) -> [(shard: Int, delta: Int64, drawdown: Int64, balanceAfter: Int64)] {
        guard let settings = sharedFund else { return [] }
        return try await run(.readFailed, "shared fund changes") { [self] client in
            var rows: [(shard: Int, delta: Int64, drawdown: Int64, balanceAfter: Int64)] = []
            for try await (shard, delta, drawdown, after) in try await client.query(
                "SELECT shard, delta, drawdown, balance_after FROM \(unescaped: settings.schema).insurance_fund_change ORDER BY id", logger: logger
            ).decode((Int32, Int64, Int64, Int64).self) { rows.append((Int(shard), delta, drawdown, after)) }
            return rows
        }
    }
}
