import LiquidusBook
import LiquidusCore

extension LiquidationEngine {
    /// A deterministic 64-bit FNV-1a hash of the whole state: time, sequence, the ledger, markets
    /// (grids, fees, tiers), marks and expected prices (by symbol), and every account (by id) with
    /// its wallet, positions (by symbol), orders (in order) and liquidation history. Identical
    /// on any machine for the same inputs. The policy is configuration, not state: a replay
    /// uses the same policy (and initial fund) as the original run.
    /// - Complexity: O(size of the state · log).
    public var stateHash: UInt64 {
        var hasher = StateHasher()
        hasher.add("liquidus-engine-state-v2")
        hasher.add(time)
        hasher.add(Int64(bitPattern: sequence))
        for amount in [externalNet, ledger.insuranceFund, ledger.counterpartyCash, ledger.liquidatorCash] { hasher.add(amount.units) }
        hasher.add(Int64(markets.symbols.count))
        for symbol in markets.symbols {
            let market = markets[symbol]!
            hasher.add(symbol)
            for units in [market.tickSize.units, market.lotSize.units, market.minOrderSize.units, market.liquidationFeeRate.units, market.takerFeeRate.units] {
                hasher.add(units)
            }
            hasher.add(Int64(market.riskTiers.tiers.count))
            for tier in market.riskTiers.tiers {
                hasher.add(tier.notionalCap?.units ?? -1)
                hasher.add(tier.maintenanceMarginRate.units)
                hasher.add(tier.maintenanceAmount.units)
                hasher.add(tier.maxLeverage.units)
            }
        }
        for prices in [marks, expectedPrices] {
            hasher.add(Int64(prices.count))
            for symbol in prices.keys.sorted() {
                hasher.add(symbol)
                hasher.add(prices[symbol]!.units)
            }
        }
        hasher.add(Int64(books.count))
        for symbol in books.keys.sorted() {
            let book = books[symbol]!
            hasher.add(symbol)
            for levels in [book.bids, book.asks] {
                hasher.add(Int64(levels.count))
                for level in levels {
                    hasher.add(level.price.units)
                    hasher.add(level.quantity.units)
                }
            }
        }
        hasher.add(Int64(impactModels.count))
        for symbol in impactModels.keys.sorted() {
            hasher.add(symbol)
            hasher.add(Int64(impactModels[symbol]!.observations))
        }
        hasher.add(Int64(accounts.count))
        for id in accounts.keys.sorted() {
            let state = accounts[id]!
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
        return hasher.value
    }
}
