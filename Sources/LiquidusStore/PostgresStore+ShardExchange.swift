import LiquidusCore
public import LiquidusEngine
import PostgresNIO

extension PostgresStore {
    /// The shared schema's tables for auto-deleveraging across shards:
    ///
    /// - `ranking`: each shard's latest published ranking per market and side (its JSON, the
    ///   ``LiquidusEngine/ShardRanking`` form), replaced only by a later version;
    /// - `inbox`: the orders forwarded to each shard, keyed by (target, source, sequence) — the
    ///   forwarding event's sequence in the source's log — each row the
    ///   ``LiquidusEngine/ForwardedDeleverage`` JSON;
    /// - `exchange(shard, targets, sequences, bodies, consumed_sources, consumed_sequences)`,
    ///   called in a shard's commit statement (so in its transaction): inserts the batch's
    ///   forwarded orders into their targets' inboxes and deletes the orders the batch consumed
    ///   from the shard's own. An order is thus delivered with the commit that forwarded it and
    ///   removed with the commit that applied it, exactly once across failover (a duplicate
    ///   delivery is a primary-key violation: the whole commit is refused).
    static func shardExchangeMigration(schema: String) -> [String] {
        [
            """
            CREATE TABLE \(schema).ranking (shard INTEGER NOT NULL, market TEXT NOT NULL, side TEXT NOT NULL,
                version BIGINT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (shard, market, side))
            """,
            """
            CREATE TABLE \(schema).inbox (target INTEGER NOT NULL, source INTEGER NOT NULL, sequence BIGINT NOT NULL,
                body TEXT NOT NULL, PRIMARY KEY (target, source, sequence))
            """,
            """
            CREATE FUNCTION \(schema).exchange(shard INTEGER, targets INTEGER[], sequences BIGINT[], bodies TEXT[],
                consumed_sources INTEGER[], consumed_sequences BIGINT[]) RETURNS VOID LANGUAGE plpgsql AS $exchange$
            BEGIN
                INSERT INTO \(schema).inbox (target, source, sequence, body)
                    SELECT delivered.target, shard, delivered.sequence, delivered.body
                    FROM unnest(targets, sequences, bodies) AS delivered (target, sequence, body);
                DELETE FROM \(schema).inbox AS box USING unnest(consumed_sources, consumed_sequences) AS consumed (source, sequence)
                    WHERE box.target = shard AND box.source = consumed.source AND box.sequence = consumed.sequence;
            END
            $exchange$
            """,
        ]
    }

    /// The arguments of the commit statement's call of `exchange` for `batch` — its forwarded
    /// orders (from its `deleveragingForwarded` events) and the orders it consumed — or `nil`
    /// when it has neither or the store shares nothing.
    func exchangeArguments(_ batch: CommitBatch) throws(StoreError) -> ExchangeArguments? {
        guard let settings = sharedFund else { return nil }
        var arguments = ExchangeArguments(schema: settings.schema, shard: Int32(settings.shard))
        for event in batch.events {
            guard case .deleveragingForwarded(let forwarded) = event.payload else { continue }
            arguments.targets.append(Int32(clamping: forwarded.shard))
            arguments.sequences.append(Int64(clamping: event.sequence))
            arguments.bodies.append(try RecordCoding.encode(ForwardedDeleverage(shard: settings.shard, sequence: event.sequence, event: forwarded)))
        }
        for consumed in batch.consumedOrders {
            arguments.consumedSources.append(Int32(clamping: consumed.shard))
            arguments.consumedSequences.append(Int64(clamping: consumed.sequence))
        }
        return arguments.targets.isEmpty && arguments.consumedSources.isEmpty ? nil : arguments
    }

    public func shardExchange(limit: Int) async throws(StoreError) -> ShardExchange? {
        guard let settings = sharedFund else { return nil }
        let shard = Int32(settings.shard)
        let (rankingRows, orderRows): ([String], [String]) = try await run(.readFailed, "shard exchange") { [self] client in
            var rankings: [String] = [], orders: [String] = []
            for try await body in try await client.query(
                "SELECT body FROM \(unescaped: settings.schema).ranking WHERE shard <> \(shard) ORDER BY shard, market, side", logger: logger
            ).decode(String.self) { rankings.append(body) }
            for try await body in try await client.query(
                "SELECT body FROM \(unescaped: settings.schema).inbox WHERE target = \(shard) ORDER BY source, sequence LIMIT \(Int64(limit))",
                logger: logger
            ).decode(String.self) { orders.append(body) }
            return (rankings, orders)
        }
        var exchange = ShardExchange(shard: settings.shard)
        for (index, row) in rankingRows.enumerated() { exchange.rankings.append(try RecordCoding.decode(ShardRanking.self, row, row: "ranking \(index)")) }
        for (index, row) in orderRows.enumerated() { exchange.orders.append(try RecordCoding.decode(ForwardedDeleverage.self, row, row: "inbox \(index)")) }
        return exchange
    }

    public func publish(_ rankings: [ShardRanking]) async throws(StoreError) {
        guard let settings = sharedFund, !rankings.isEmpty else { return }
        var rows: [(market: String, side: String, version: Int64, body: String)] = []
        for ranking in rankings {
            rows.append((ranking.market, ranking.side.rawValue, Int64(clamping: ranking.version), try RecordCoding.encode(ranking)))
        }
        let shard = Int32(settings.shard)
        let (markets, sides, versions, bodies) = (rows.map(\.market), rows.map(\.side), rows.map(\.version), rows.map(\.body))
        try await run(.writeFailed, "publish rankings") { [self] client in
            _ = try await client.query(
                """
                INSERT INTO \(unescaped: settings.schema).ranking (shard, market, side, version, body)
                SELECT \(shard), published.market, published.side, published.version, published.body
                FROM unnest(\(markets)::TEXT[], \(sides)::TEXT[], \(versions)::BIGINT[], \(bodies)::TEXT[])
                    AS published (market, side, version, body)
                ON CONFLICT (shard, market, side) DO UPDATE SET version = EXCLUDED.version, body = EXCLUDED.body
                    WHERE \(unescaped: settings.schema).ranking.version < EXCLUDED.version
                """, logger: logger)
        }
    }
}

/// The arrays of a commit's call of the shared schema's `exchange`.
struct ExchangeArguments: Sendable {
    var schema: String
    var shard: Int32
    var targets: [Int32] = []
    var sequences: [Int64] = []
    var bodies: [String] = []
    var consumedSources: [Int32] = []
    var consumedSequences: [Int64] = []
}
