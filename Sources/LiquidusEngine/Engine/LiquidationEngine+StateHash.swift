import LiquidusBook
import LiquidusCore

extension LiquidationEngine {
    /// A deterministic 64-bit FNV-1a hash of the whole state: time, sequence, the ledger, markets
    /// (grids, fees, tiers), marks and expected prices (by symbol), the books, the statistics the
    /// executor learns (each market's impact model and volatility estimate, to the bit), every
    /// account (by id) with its wallet, positions (by symbol), orders (in order) and liquidation
    /// history, the held accounts with their reasons, and — once a market has any — the market
    /// data (index, last and external prices, the averages) and the markets held by their guards,
    /// and — once there are any — the other shards' rankings and forwarded orders applied. Identical on any machine for the same
    /// inputs (the statistics are formed with IEEE-754 basic operations only, see
    /// ``LiquidusBook/DeterministicMath``). The policy is configuration, not state: a replay uses
    /// the same policy (and initial fund) as the original run.
    /// - Complexity: O(size of the state · log).
    public var stateHash: UInt64 {
        var hasher = StateHasher()
        hasher.add("liquidus-engine-state-v3")
        hasher.add(time)
        hasher.add(Int64(bitPattern: sequence))
        for amount in [externalNet, ledger.insuranceFund, ledger.counterpartyCash, ledger.liquidatorCash] { hasher.add(amount.units) }
        // Only a shard of a shared fund has transfers: every other engine keeps its hashes.
        if !ledger.sharedFundTransfers.isZero { hasher.add(ledger.sharedFundTransfers.units) }
        hashMarkets(into: &hasher)
        for prices in [marks, expectedPrices] {
            hasher.add(Int64(prices.count))
            for (symbol, price) in prices.sorted(by: { $0.key < $1.key }) {
                hasher.add(symbol)
                hasher.add(price.units)
            }
        }
        hashBooks(into: &hasher)
        hashStatistics(into: &hasher)
        hasher.add(Int64(accounts.count))
        for (id, state) in accounts.sorted(by: { $0.key < $1.key }) { Self.hash(id, state, into: &hasher) }
        hasher.add(Int64(held.count))
        for (id, hold) in held.sorted(by: { $0.key < $1.key }) {
            hasher.add(id)
            hasher.add(hold.since)
            for text in [hold.code, hold.path, hold.reason] { hasher.add(text) }
        }
        if !marketData.isEmpty || !liquidationHolds.isEmpty { hashMarketData(into: &hasher) }
        if !shardDeleveraging.isEmpty { hashShards(into: &hasher) }
        return hasher.value
    }

    /// The other shards' rankings (by market, side and shard, entries in order) and the last
    /// forwarded order applied from each shard.
    private func hashShards(into hasher: inout StateHasher) {
        hasher.add("shards")
        let record = shardDeleveraging.record
        hasher.add(Int64(record.rankings.count))
        for ranking in record.rankings {
            hasher.add(Int64(ranking.shard))
            hasher.add(Int64(bitPattern: ranking.version))
            hasher.add(ranking.market)
            hasher.add(ranking.side.rawValue)
            hasher.add(ranking.eligible.units)
            hasher.add(Int64(ranking.entries.count))
            for entry in ranking.entries {
                hasher.add(entry.account)
                hasher.add(entry.rank.units)
                hasher.add(entry.quantity.units)
            }
        }
        hasher.add(Int64(record.applied.count))
        for applied in record.applied {
            hasher.add(Int64(applied.shard))
            hasher.add(Int64(bitPattern: applied.sequence))
        }
    }

    /// The markets by symbol: grids, fees and every tier.
    private func hashMarkets(into hasher: inout StateHasher) {
        hasher.add(Int64(markets.markets.count))
        for (symbol, market) in markets.markets.sorted(by: { $0.key < $1.key }) {
            hasher.add(symbol)
            for units in [market.tickSize.units, market.lotSize.units, market.minOrderSize.units, market.liquidationFeeRate.units, market.takerFeeRate.units] {
                hasher.add(units)
            }
            if market.markMethod != .given || market.priceGuard != nil || market.funding != nil {
                hasher.add(market.markMethod.rawValue)
                hasher.add(market.priceGuard?.maxDeviation?.units ?? -1)
                hasher.add(market.priceGuard?.maxIndexAge ?? -1)
                if let rules = market.funding {
                    for number in [rules.interval, rules.interestRate.units, rules.premiumClamp.units, rules.cap?.units ?? -1, rules.periodsPerRate] {
                        hasher.add(number)
                    }
                    hasher.add(rules.weighting.rawValue)
                    hasher.add(rules.price.rawValue)
                }
            }
            hasher.add(Int64(market.riskTiers.tiers.count))
            for tier in market.riskTiers.tiers {
                hasher.add(tier.notionalCap?.units ?? -1)
                hasher.add(tier.maintenanceMarginRate.units)
                hasher.add(tier.maintenanceAmount.units)
                hasher.add(tier.maxLeverage.units)
            }
        }
    }

    /// Each market's data by symbol, then the held markets with their holds.
    private func hashMarketData(into hasher: inout StateHasher) {
        hasher.add(Int64(marketData.count))
        for (symbol, data) in marketData.sorted(by: { $0.key < $1.key }) {
            hasher.add(symbol)
            for price in [data.index, data.lastPrice, data.externalPrice] { hasher.add(price?.units ?? -1) }
            hasher.add(data.indexTime)
            hasher.add(Int64(data.basis?.samples.count ?? -1))
            for sample in data.basis?.samples ?? [] { hasher.add(sample) }
            hasher.add(data.basis?.lastSecond ?? -1)
            for average in [data.basisEMA, data.bookEMA] {
                for part in [average?.numerator ?? -1, average?.denominator ?? -1] { hasher.add(part) }
                hasher.add(average?.lastTime ?? -1)
            }
            for part in [data.premium.weightedSum, data.premium.totalWeight, Int128(data.premium.count)] { hasher.add(part) }
            hasher.add(data.fundingRate?.units ?? Int64.min)
            hasher.add(data.fundingPeriod ?? Int64.min)
            hasher.add(data.lastFundingRate?.units ?? Int64.min)
        }
        hasher.add(Int64(liquidationHolds.count))
        for (symbol, hold) in liquidationHolds.sorted(by: { $0.key < $1.key }) {
            hasher.add(symbol)
            hasher.add(hold.since)
            hasher.add(hold.reason)
            hasher.add(hold.index.units)
            hasher.add(hold.mark?.units ?? -1)
            hasher.add(hold.indexTime)
        }
    }

    /// The books by symbol, each side's levels best first.
    private func hashBooks(into hasher: inout StateHasher) {
        hasher.add(Int64(books.count))
        for (symbol, book) in books.sorted(by: { $0.key < $1.key }) {
            hasher.add(symbol)
            for levels in [book.bids, book.asks] {
                hasher.add(Int64(levels.count))
                for level in levels {
                    hasher.add(level.price.units)
                    hasher.add(level.quantity.units)
                }
            }
        }
    }

    /// Each market's impact model (its whole state) and volatility estimate, the `Double`s by
    /// their bit patterns.
    private func hashStatistics(into hasher: inout StateHasher) {
        hasher.add(Int64(impactModels.count))
        for (symbol, model) in impactModels.sorted(by: { $0.key < $1.key }) {
            hasher.add(symbol)
            let state = model.state
            hasher.add(Int64(state.observations))
            for number in state.coefficients + state.variance + [state.forgetting, state.floor, state.maxVarianceTrace] { hasher.add(number) }
        }
        hasher.add(Int64(volatility.count))
        for (symbol, estimate) in volatility.sorted(by: { $0.key < $1.key }) {
            hasher.add(symbol)
            hasher.add(estimate.variance)
            hasher.add(estimate.lastMark ?? -1)
            hasher.add(Int64(estimate.count))
        }
    }

    /// One account: its id, mode, wallet, positions by symbol, orders in order, history.
    private static func hash(_ id: String, _ state: AccountState, into hasher: inout StateHasher) {
        hasher.add(id)
        hasher.add(state.marginMode.rawValue)
        hasher.add(state.walletBalance.units)
        hasher.add(Int64(state.positions.count))
        for position in state.positions.sorted(by: { $0.market < $1.market }) {
            hasher.add(position.market)
            hasher.add(position.size.units)
            hasher.add(position.entryPrice.units)
            hasher.add(position.isolatedMargin != nil)
            hasher.add(position.isolatedMargin?.units ?? 0)
            hasher.add(position.leverage != nil)
            hasher.add(position.leverage?.units ?? 0)
        }
        hasher.add(Int64(state.openOrders.count))
        for order in state.openOrders {
            hasher.add(order.market)
            hasher.add(order.size.units)
            hasher.add(order.price.units)
        }
        hasher.add(state.history.lastPartialAt != nil)
        hasher.add(state.history.lastPartialAt ?? 0)
        hasher.add(state.history.window)
        hasher.add(state.history.closedNotionalInWindow.units)
        if let close = state.history.pendingClose {
            hasher.add(close.market)
            for units in [close.plannedQuantity.units, close.remaining.units, Int64(close.childrenSent), close.nextChildAt] { hasher.add(units) }
            hasher.add(close.targetMarginRatio?.units ?? -1)
            hasher.add(close.reason)
        } else {
            hasher.add(Int64(-1))
        }
    }
}
