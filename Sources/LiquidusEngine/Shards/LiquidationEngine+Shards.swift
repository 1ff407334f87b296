public import LiquidusCore

extension LiquidationEngine {
    /// The other shards' rankings kept, by market, side and shard (see ``ShardRanking``; lots
    /// forwarded since a ranking was published are already taken off it).
    public var shardRankings: [ShardRanking] { shardDeleveraging.record.rankings }

    /// The sequence of the last order applied from each forwarding shard (see
    /// ``ForwardedDeleverage``), by shard.
    public var appliedForwardedOrders: [Int: UInt64] { shardDeleveraging.applied }

    /// This engine's ranking of the positions on `side` of `market` at its mark, to publish to
    /// the other shards as shard `shard`'s at `version` (see ``ShardRanking``): its first `limit` candidates in
    /// queue order and the quantity all of them hold — the candidates an order here would take,
    /// held accounts left out. `nil` without the market or its mark.
    ///
    /// Mutating only to build the kept ranking of that market and side when the mark has moved
    /// since it was last built (derived state, as an order would).
    /// - Complexity: O(n) for n candidates, plus O(n·t + n log n) to build the ranking.
    public mutating func ranking(of market: String, side: Side, shard: Int, version: UInt64, limit: Int) -> ShardRanking? {
        guard let lotSize = markets[market]?.lotSize,
              let ranking = deleveragingIndex.ranking(market: market, side: side, accounts: accounts, markets: markets, marks: marks)
        else { return nil }
        var entries: [ShardRanking.Entry] = []
        var eligible: Int128 = 0
        try? ranking.forEachInOrder { (candidate) throws(ValidationError) -> Bool in
            guard held[candidate.id] == nil, candidate.lots > 0 else { return true }
            eligible += Int128(candidate.lots)
            if entries.count < Swift.min(limit, ShardRanking.maxEntries) {
                entries.append(ShardRanking.Entry(account: candidate.id, rank: candidate.rank, quantity: Quantity(units: candidate.lots * lotSize.units)))
            }
            return true
        }
        // At most Int64.max in units, on the lot grid (a sum over accounts may pass it).
        let lots = Int64(Swift.min(eligible, Int128(Int64.max / lotSize.units)))
        return ShardRanking(shard: shard, version: version, market: market, side: side, entries: entries, eligible: Quantity(units: lots * lotSize.units))
    }

    /// Keeps `ranking` in place of its shard's earlier one for its market and side, after
    /// checking it (``ShardRanking/validate(against:)``), that its version is above the one kept
    /// (`duplicate` otherwise) and that none of its entries names an account of this engine (each
    /// account is on one shard). Errors are under `ranking`.
    /// - Complexity: O(n) for n entries.
    mutating func keep(_ ranking: ShardRanking) throws(ValidationError) {
        do throws(ValidationError) {
            try ranking.validate(against: try markets.market(ranking.market, at: "market"))
            if let kept = shardDeleveraging.version(market: ranking.market, side: ranking.side, shard: ranking.shard), ranking.version <= kept {
                throw ValidationError(
                    .duplicate, at: "version", "shard \(ranking.shard)'s \(ranking.side.rawValue) ranking of \(ranking.market) is at version \(kept) already")
            }
            if let index = ranking.entries.firstIndex(where: { accounts[$0.account] != nil }) {
                throw ValidationError(.inconsistent, at: "entries[\(index)].account", "\"\(ranking.entries[index].account)\" is an account of this shard")
            }
        } catch {
            throw error.prefixed(by: "ranking")
        }
        shardDeleveraging.replace(with: ranking)
    }

    /// Applies `order`, forwarded by another shard: checked (a shard index, a sequence above the
    /// last applied from that shard, a known market, a positive quantity on its lot grid, valid
    /// prices, a liquidated account that is not one of this engine's), then deleveraged against
    /// this engine's queue at the order's bankruptcy price without forwarding again, the rest
    /// unwound at its expected price (see ``ForwardedDeleverage``). Appends the events to
    /// `payloads` and returns the counterparties (they are re-checked, as after any ADL).
    ///
    /// Like a cascade, the order runs on copies and is kept whole; a figure that cannot be formed
    /// (the unwind's PnL) refuses the input, changing nothing. Errors are under `order`.
    /// - Complexity: that of ``LiquidationTrial/deleverage(_:in:)``.
    mutating func receive(_ order: ForwardedDeleverage, into payloads: inout [EngineEvent.Payload]) throws(ValidationError) -> Set<String> {
        let trial: LiquidationTrial
        do throws(ValidationError) {
            try check(order)
            trial = try deleverageForwarded(order)
        } catch {
            throw error.prefixed(by: "order")
        }
        ledger = trial.ledger
        for counterparty in trial.counterparties.keys.sorted() { store(trial.counterparties[counterparty], for: counterparty) }
        shardDeleveraging.applied[order.shard] = order.sequence
        payloads += trial.payloads
        return Set(trial.deleveraged)
    }

    /// The checks of ``receive(_:into:)``.
    private func check(_ order: ForwardedDeleverage) throws(ValidationError) {
        guard (0..<ShardRanking.maxShards).contains(order.shard) else {
            throw ValidationError(.outOfRange, at: "shard", "must be within 0..<\(ShardRanking.maxShards)")
        }
        if let last = shardDeleveraging.applied[order.shard], order.sequence <= last {
            throw ValidationError(.duplicate, at: "sequence", "shard \(order.shard)'s orders up to \(last) are applied already")
        }
        let event = order.event
        let market = try markets.market(event.market, at: "event.market")
        try ShardRanking.checkQuantity(event.quantity, of: market, at: "event.quantity", positive: true)
        try Self.checkPrice(event.bankruptcyPrice, at: "event.bankruptcyPrice")
        try Self.checkPrice(event.expectedPrice, at: "event.expectedPrice")
        guard accounts[event.liquidatedAccount] == nil else {
            throw ValidationError(.inconsistent, at: "event.liquidatedAccount", "\"\(event.liquidatedAccount)\" is an account of this shard")
        }
    }

    /// The trial of `order` against this engine's queue (see ``receive(_:into:)``).
    private mutating func deleverageForwarded(_ order: ForwardedDeleverage) throws(ValidationError) -> LiquidationTrial {
        let event = order.event
        let placeholder = AccountState(try Account(id: event.liquidatedAccount, marginMode: .cross, walletBalance: .zero, positions: [], markets: markets))
        let cascade = LiquidationCascade(
            markets: markets, marks: marks, expectedPrices: expectedPrices, policy: policy, now: time, booksCarryCatalogMarkets: true)
        var trial = LiquidationTrial(cascade: cascade, ledger: ledger, state: placeholder)
        trial.shards = shardDeleveraging
        let deleverage = DeleverageOrder(
            account: event.liquidatedAccount, market: event.market, side: event.side, quantity: event.quantity,
            bankruptcyPrice: event.bankruptcyPrice, expectedPrice: event.expectedPrice, priceSource: "forwarded",
            reason: "forwarded by shard \(order.shard) (order \(order.sequence))", mayForward: false)
        swap(&trial.deleveragingIndex, &deleveragingIndex)  // moved, not copied
        let outcome = Result { () throws(ValidationError) in try trial.deleverage(deleverage, in: self) }
        swap(&trial.deleveragingIndex, &deleveragingIndex)
        try outcome.get()
        return trial
    }
}
