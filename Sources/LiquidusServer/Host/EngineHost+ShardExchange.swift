import LiquidusCore
import LiquidusEngine
import LiquidusStore
import Logging

extension EngineHost {
    /// How often a shard reads the others' rankings and its inbox at most (sooner while orders
    /// wait beyond a page).
    static let exchangeInterval: Duration = .milliseconds(50)
    /// How often a shard publishes its rankings at most.
    static let publicationInterval: Duration = .seconds(1)
    /// The orders read from the inbox at once.
    static let inboxPage = 256
    /// The entries published per market and side.
    static let publishedEntries = 64

    /// Whether the next batch reads the exchange.
    var exchangeDue: Bool {
        guard let readAt = exchange.readAt else { return true }
        return exchange.backlog || ContinuousClock.now - readAt >= Self.exchangeInterval
    }

    /// The other shards' rankings and this shard's inbox (`nil` when the store shares nothing).
    func readExchange() async -> Result<ShardExchange?, StoreError> {
        do throws(StoreError) {
            let read = try await store.shardExchange(limit: Self.inboxPage)
            exchange.readAt = .now
            exchange.shard = read?.shard ?? exchange.shard
            exchange.backlog = (read?.orders.count ?? 0) >= Self.inboxPage
            return .success(read)
        } catch { return .failure(error) }
    }

    /// Starts the batch with what the other shards sent: each ranking of a version later than
    /// the one the engine keeps (a `shardRanking` input), then each order forwarded here not yet
    /// applied (a `forwardedDeleverage` input), in their logs' order. Every order read leaves the
    /// inbox with the batch's commit — an order the engine already applied or refuses too (the
    /// refusal is logged).
    func receive(_ received: ShardExchange, into batch: inout BatchInProgress) {
        for ranking in received.rankings where ranking.version > keptVersion(of: ranking) {
            applyAtHead(.shardRanking(ranking), of: &batch, what: "ranking of shard \(ranking.shard)")
        }
        for order in received.orders {
            batch.batch.consumedOrders.append(ConsumedOrder(shard: order.shard, sequence: order.sequence))
            guard order.sequence > engine.appliedForwardedOrders[order.shard] ?? 0 else { continue }
            applyAtHead(.forwardedDeleverage(order), of: &batch, what: "order \(order.sequence) of shard \(order.shard)")
        }
    }

    /// The version of the ranking the engine keeps for `ranking`'s shard, market and side (0: none).
    func keptVersion(of ranking: ShardRanking) -> UInt64 {
        engine.shardRankings.first { $0.shard == ranking.shard && $0.market == ranking.market && $0.side == ranking.side }?.version ?? 0
    }

    /// Applies an input the other shards' state gives (the fund's balance, a ranking, an order)
    /// at the engine's time, as a command at the head of the batch; a refusal is logged.
    func applyAtHead(_ action: EngineInput.Action, of batch: inout BatchInProgress, what: String) {
        let input = EngineInput(time: engine.time, action)
        do {
            let events = try engine.apply(input)
            batch.sequence += 1
            batch.batch.commands.append(StoredCommand(sequence: batch.sequence, input: input))
            batch.batch.events += events
        } catch {
            logger.error("an input from the other shards was refused", metadata: ["input": "\(what)", "error": "\(error)"])
        }
    }

    /// Publishes this shard's rankings of every market and side that changed since they were
    /// last published, at most every ``publicationInterval``, versioned by the log's last command;
    /// the write runs beside the writer.
    func publishRankingsIfDue() {
        guard leadership.writes, let shard = exchange.shard else { return }
        if let at = exchange.publishedAt, ContinuousClock.now - at < Self.publicationInterval { return }
        exchange.publishedAt = .now
        var changed: [ShardRanking] = []
        for market in engine.markets.symbols {
            for side in [Side.long, .short] {
                guard let ranking = engine.ranking(
                    of: market, side: side, shard: shard, version: UInt64(commandSequence), limit: Self.publishedEntries) else { continue }
                let key = "\(market) \(side.rawValue)"
                if let last = exchange.published[key], last.entries == ranking.entries, last.eligible == ranking.eligible { continue }
                exchange.published[key] = ranking
                changed.append(ranking)
            }
        }
        guard !changed.isEmpty else { return }
        let (store, logger) = (store, logger)
        Task {
            do throws(StoreError) { try await store.publish(changed) } catch {
                logger.warning("publishing the rankings failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
