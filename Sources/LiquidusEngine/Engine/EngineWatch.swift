import LiquidusCore
import LiquidusMonitor

/// Which accounts the engine must look at after an input: the breach monitors of
/// `LiquidusMonitor` over every account's positions, plus the accounts left pending.
///
/// A mark tick asks the monitors — an ``IsolatedMonitor`` indexing isolated positions by
/// liquidation price and a ``CrossMonitor`` keeping each cross account's safe band (and every
/// account's band within the notional limits, past which the engine holds it) — so its cost
/// is set by the accounts that crossed maintenance, not by the number of accounts. Every other
/// input names the account it changes. Accounts that stayed at or below maintenance after their
/// cascade (waiting for a cooldown or an interval) are *pending* and looked at on every input
/// until they recover or are resolved. The monitors are exact (they never miss a breach the
/// full computation would find), and the engine re-checks every candidate with the full
/// computation, so the watch changes what the engine spends, never what it decides.
struct EngineWatch: Sendable {
    private var symbols: [String] = []
    private var marketIndex: [String: Int] = [:]
    private var isolated: IsolatedMonitor
    private var cross: CrossMonitor
    private var accountHandles: [String: Int32] = [:]
    private var accountIDs: [String] = []
    /// Isolated positions: account → market → handle; handle → account.
    private var positionHandles: [String: [String: Int32]] = [:]
    private var positionOwners: [String] = []
    private var freePositionHandles: [Int32] = []
    private var breachBuffer: [Int32] = []
    /// Accounts at or below maintenance after their last cascade.
    var pending: Set<String> = []

    /// A watch over `markets` with the current `marks` and no accounts.
    init(markets: MarketCatalog, marks: [String: Price]) {
        symbols = markets.symbols
        for (index, symbol) in symbols.enumerated() { marketIndex[symbol] = index }
        let catalog = symbols.compactMap { markets[$0] }  // every symbol is the catalog's own
        isolated = IsolatedMonitor(markets: catalog)
        // A market without a mark holds no position yet; its placeholder is replaced by its first tick.
        cross = CrossMonitor(markets: catalog, marks: symbols.map { marks[$0] ?? Price(units: 1) })
    }

    /// A watch over the engine's current state: every account indexed.
    init(rebuildingFor accounts: [String: AccountState], markets: MarketCatalog, marks: [String: Price]) {
        self.init(markets: markets, marks: marks)
        for id in accounts.keys.sorted() { update(id, accounts[id]) }
    }

    /// Re-indexes account `id` after a change (`nil`: it no longer exists).
    ///
    /// Every position's market is in the catalog the watch was built from: the engine validates
    /// each account against its catalog before keeping it, and rebuilds the watch when the
    /// catalog changes (the market lookups below rely on that).
    /// - Complexity: O(p·(t + log n)) for its p positions.
    mutating func update(_ id: String, _ state: AccountState?) {
        // Isolated positions: index the current ones, drop the ones that are gone.
        var current: [String: Int32] = [:]
        if let state, state.marginMode == .isolated {
            for position in state.positions {
                let handle = positionHandles[id]?[position.market] ?? allocatePositionHandle(for: id)
                isolated.upsert(
                    handle, market: marketIndex[position.market]!, size: position.size, entry: position.entryPrice,
                    isolatedMargin: position.isolatedMargin ?? .zero)
                current[position.market] = handle
            }
        }
        for (market, handle) in positionHandles[id] ?? [:] where current[market] == nil {
            isolated.remove(handle)
            freePositionHandles.append(handle)
        }
        positionHandles[id] = current.isEmpty ? nil : current
        // The cross monitor: a cross account's margin and notional limit, re-armed with the
        // current wallet and positions; an isolated account's notional limit alone.
        if let state, !state.positions.isEmpty {
            let wallet = state.marginMode == .cross ? state.walletBalance : nil
            let positions = state.positions.map { (market: marketIndex[$0.market]!, size: $0.size, entry: $0.entryPrice) }
            if let handle = accountHandles[id] {
                cross.replace(handle, wallet: wallet, positions: positions)
            } else {
                accountHandles[id] = cross.add(wallet: wallet, positions: positions)
                accountIDs.append(id)
            }
        } else if let handle = accountHandles[id] {
            cross.replace(handle, wallet: .zero, positions: [])
        }
    }

    /// Moves `symbol`'s mark and returns the accounts with a position in it that may now be at or
    /// below maintenance (exactly those, per the monitors).
    /// - Complexity: O(k) for the k breaches (plus the cross accounts whose band the move crossed).
    mutating func markMoved(_ symbol: String, to price: Price) -> Set<String> {
        guard let market = marketIndex[symbol] else { return [] }
        var candidates: Set<String> = []
        breachBuffer.removeAll(keepingCapacity: true)
        isolated.breaches(market: market, mark: price, into: &breachBuffer)
        for handle in breachBuffer { candidates.insert(positionOwners[Int(handle)]) }
        breachBuffer.removeAll(keepingCapacity: true)
        cross.tick(market: market, mark: price, into: &breachBuffer)
        for handle in breachBuffer { candidates.insert(accountIDs[Int(handle)]) }
        return candidates
    }

    private mutating func allocatePositionHandle(for id: String) -> Int32 {
        if let handle = freePositionHandles.popLast() {
            positionOwners[Int(handle)] = id
            return handle
        }
        positionOwners.append(id)
        return Int32(positionOwners.count - 1)
    }
}
