import LiquidusBook
import LiquidusCore

extension LiquidationEngine {
    /// Validates and applies one input's action (the cascade runs afterwards) and returns the
    /// accounts it may have put at or below maintenance; an action that emits events itself (a
    /// forwarded deleverage order) appends them to `payloads`. Errors name the input's field
    /// (`account`, `market`, `price`, `size`, `amount`, `margin`, `order`, `ranking`).
    mutating func perform(_ action: EngineInput.Action, into payloads: inout [EngineEvent.Payload]) throws(ValidationError) -> Set<String> {
        switch action {
        case .registerMarket(let market):
            return try register([market])
        case .registerMarkets(let list):
            return try register(list)
        case .openAccount(let id, let mode):
            guard accounts[id] == nil else { throw ValidationError(.duplicate, at: "id", "account \"\(id)\" already exists") }
            store(AccountState(try Account(id: id, marginMode: mode, walletBalance: .zero, positions: [], markets: markets)), for: id)
            return []
        case .setAccount(let id, let mode, let wallet, let positions, let orders):
            return try setAccount(id: id, marginMode: mode, walletBalance: wallet, positions: positions, openOrders: orders)
        case .markPrice(let symbol, let price):
            _ = try markets.market(symbol, at: "market")
            try Self.checkPrice(price, at: "price")
            return setMark(price, of: symbol)
        case .indexPrice(let symbol, let price):
            return try record(index: price, of: symbol)
        case .premiumIndex(let symbol, let rate), .fundingRate(let symbol, let rate):
            let market = try markets.market(symbol, at: "market")
            let field = if case .premiumIndex = action { "premium" } else { "rate" }
            guard rate.units.magnitude <= UInt64(Rate.one.units) else { throw ValidationError(.outOfRange, at: field, "must be within ±1") }
            guard let rules = market.funding else { throw ValidationError(.inconsistent, at: "market", "has no funding rules") }
            var data = marketData(of: market)
            if case .premiumIndex = action { data.premium.record(rate, rules.weighting) } else { data.fundingRate = rate }
            marketData[symbol] = data
            return []
        case .lastPrice(let symbol, let price), .externalPrice(let symbol, let price):
            let market = try markets.market(symbol, at: "market")
            try Self.checkPrice(price, at: "price")
            var data = marketData(of: market)
            if case .lastPrice = action { data.lastPrice = price } else { data.externalPrice = price }
            marketData[symbol] = data
            return []
        case .orderBook(let symbol, let bids, let asks):
            let market = try markets.market(symbol, at: "market")
            books[symbol] = bids.isEmpty && asks.isEmpty ? nil : try OrderBook(market: market, bids: bids, asks: asks)
            return []
        case .bookUpdate(let symbol, let updates):
            _ = try markets.market(symbol, at: "market")
            guard var book = books[symbol] else {
                throw ValidationError(.missingField, at: "market", "has no order book: send an orderBook snapshot first")
            }
            try book.apply(contentsOf: updates)
            books[symbol] = book
            return []
        case .expectedPrice(let symbol, let price):
            _ = try markets.market(symbol, at: "market")
            if let price { try Self.checkPrice(price, at: "price") }
            expectedPrices[symbol] = price
            return []
        case .deposit(let id, let amount):
            return try deposit(amount, to: id)
        case .withdraw(let id, let amount):
            return try withdraw(amount, from: id)
        case .fill(let id, let symbol, let size, let price, let margin):
            var state = try existing(id)
            try fill(&state, symbol: symbol, size: size, price: price, margin: margin)
            store(state, for: id)
            return [id]
        case .placeOrder(let id, let order):
            return try place(order, for: id)
        case .cancelOrder(let id, let order):
            var state = try existing(id)
            guard let index = state.openOrders.firstIndex(of: order) else {
                throw ValidationError(.unknownReference, at: "order", "no such open order in account \"\(id)\"")
            }
            state.openOrders.remove(at: index)
            store(state, for: id)
            return [id]
        case .shardRanking(let ranking):
            try keep(ranking)
            return []
        case .forwardedDeleverage(let order):
            return try receive(order, into: &payloads)
        case .advanceTime:
            return []
        case .insuranceFund(let balance):
            try synchronizeInsuranceFund(to: balance)
            return []
        }
    }

    /// Sets the fund to a shared fund's `balance`; the difference joins the ledger's shared-fund
    /// transfers (so `Σ buckets = externalNet + transfers` still holds exactly). Refused below zero.
    mutating func synchronizeInsuranceFund(to balance: Money) throws(ValidationError) {
        guard !balance.isNegative else { throw ValidationError(.outOfRange, at: "balance", "must be ≥ 0") }
        let moved = WideMoney(balance) - ledger.insuranceFund
        ledger.sharedFundTransfers += moved
        ledger.insuranceFund = WideMoney(balance)
    }

    /// Credits `amount` to account `id`'s wallet: refused beyond ``LiquidusCore/Limits/maxMoney``
    /// per deposit or per wallet, or when the deposits' total (``externalNet``, a
    /// ``LiquidusCore/WideMoney``) would leave its range.
    mutating func deposit(_ amount: Money, to id: String) throws(ValidationError) -> Set<String> {
        var state = try existing(id)
        try Self.checkAmount(amount)
        // The wallet may already be beyond the limit (realized profit): the sum is checked wide.
        guard Int128(state.walletBalance.units) + Int128(amount.units) <= Int128(Limits.maxMoney.units) else {
            throw ValidationError(.outOfRange, at: "amount", "would bring the wallet above \(Limits.maxMoney)")
        }
        let net = try externalNet.adding(amount, checkedAt: "amount")
        state.walletBalance += amount
        store(state, for: id)
        externalNet = net
        return [id]
    }

    /// Pays `amount` out of account `id`'s wallet: refused beyond the wallet, and (cross, with
    /// positions or orders) when equity would fall below the initial margin.
    mutating func withdraw(_ amount: Money, from id: String) throws(ValidationError) -> Set<String> {
        var state = try existing(id)
        try Self.checkAmount(amount)
        guard amount <= state.walletBalance else {
            throw ValidationError(.outOfRange, at: "amount", "exceeds the wallet balance \(state.walletBalance)")
        }
        state.walletBalance -= amount  // 0 < amount ≤ wallet: no overflow
        let margin = try state.margin(markets, marks)
        // Isolated positions hold their own margin: only a cross account's positions and
        // orders limit what the wallet may pay out.
        guard state.marginMode == .isolated || state.positions.isEmpty || margin.equity >= margin.initialMargin else {
            throw ValidationError(.outOfRange, at: "amount", "would leave equity \(margin.equity) below the initial margin \(margin.initialMargin)")
        }
        store(state, for: id)
        externalNet -= amount
        return [id]
    }

    /// Adds `order` to account `id`'s resting orders: its market needs a mark, and the account
    /// with it must be valid (grids, limits, total notional).
    mutating func place(_ order: OpenOrder, for id: String) throws(ValidationError) -> Set<String> {
        var state = try existing(id)
        // An unknown market is reported by the account's validation below.
        if markets[order.market] != nil, marks[order.market] == nil {
            throw ValidationError(.missingField, at: "order.market", "has no mark price yet")
        }
        state.openOrders.append(order)
        do { _ = try state.validated(markets) } catch { throw error.prefixed(by: "account") }
        store(state, for: id)
        return [id]
    }

    func existing(_ id: String) throws(ValidationError) -> AccountState {
        guard let state = accounts[id] else { throw ValidationError(.unknownReference, at: "account", "unknown account \"\(id)\"") }
        return state
    }

    static func checkPrice(_ price: Price, at path: String) throws(ValidationError) {
        guard price.isPositive, price <= Limits.maxPrice else {
            throw ValidationError(.outOfRange, at: path, "must be > 0 and at most \(Limits.maxPrice)")
        }
    }

    static func checkAmount(_ amount: Money) throws(ValidationError) {
        guard amount.isPositive, amount <= Limits.maxMoney else {
            throw ValidationError(.outOfRange, at: "amount", "must be > 0 and at most \(Limits.maxMoney)")
        }
    }

    /// A fill against the outside market.
    ///
    /// Reducing: realizes `closed·(price − entry)` (signed by the position's side, rounded down)
    /// into the collateral, paid by the outside market. Increasing: the entry becomes the
    /// size-weighted average `(|q|·e + |s|·x) ÷ (|q| + |s|)`, rounded toward solvency (a long's up,
    /// a short's down, so unrealized PnL is never overstated). A fill through zero closes the
    /// position and opens the rest at `price`.
    mutating func fill(_ state: inout AccountState, symbol: String, size: Quantity, price: Price, margin: Money) throws(ValidationError) {
        let market = try markets.market(symbol, at: "market")
        guard marks[symbol] != nil else { throw ValidationError(.missingField, at: "market", "has no mark price yet") }
        guard (-Limits.maxSize.units...Limits.maxSize.units).contains(size.units) else {
            throw ValidationError(.outOfRange, at: "size", "must be within ±\(Limits.maxSize)")
        }
        guard !size.isZero, size.isMultiple(of: market.lotSize) else {
            throw ValidationError(.notOnGrid, at: "size", "must be a non-zero multiple of the lot size \(market.lotSize)")
        }
        try Self.checkPrice(price, at: "price")
        guard price.isMultiple(of: market.tickSize) else {
            throw ValidationError(.notOnGrid, at: "price", "must be a multiple of the tick size \(market.tickSize)")
        }
        guard !margin.isNegative, margin <= state.walletBalance || margin.isZero else {
            throw ValidationError(.outOfRange, at: "margin", "must be ≥ 0 and at most the wallet balance \(state.walletBalance)")
        }
        guard state.marginMode == .isolated || margin.isZero else {
            throw ValidationError(.inconsistent, at: "margin", "is only for isolated accounts")
        }
        var remaining = size
        if let index = state.index(of: symbol) {
            let held = state.positions[index]
            if (held.size.units > 0) == (size.units > 0) {
                let total = held.size.magnitude + size.magnitude  // each ≤ Limits.maxSize; the sum is validated below
                let weighted = Int128(held.size.magnitude.units) * Int128(held.entryPrice.units) + Int128(size.magnitude.units) * Int128(price.units)
                let entry = WideDivision.divide(weighted, by: Int128(total.units), held.side.solvencyRounding)
                state.positions[index].size = held.size + size
                state.positions[index].entryPrice = Price(units: Int64(entry))
                remaining = .zero
            } else {
                let closed = Swift.min(size.magnitude, held.size.magnitude)
                let signedClosed = held.side == .long ? closed : -closed
                // A price far from the entry on a large size: refused rather than trapped.
                let realized = try Money.pnl(of: signedClosed, from: held.entryPrice, to: price, .down, checkedAt: "price")
                try state.credit(realized, at: index)
                ledger.counterpartyCash -= realized
                guard !state.backing(at: index).isNegative || state.marginMode == .cross else {
                    throw ValidationError(.outOfRange, at: "size", "realizes a loss beyond the isolated margin")
                }
                remaining = size + signedClosed
                if closed == held.size.magnitude { try state.removePosition(at: index) } else { state.positions[index].size = held.size - signedClosed }
            }
        }
        if !remaining.isZero {
            state.positions.append(Position(
                market: symbol, size: remaining, entryPrice: price, isolatedMargin: state.marginMode == .isolated ? .zero : nil))
        }
        if !margin.isZero {
            guard let index = state.index(of: symbol) else {
                throw ValidationError(.inconsistent, at: "margin", "the fill leaves no position to hold it")
            }
            state.walletBalance -= margin  // 0 ≤ margin ≤ wallet
            try state.credit(margin, at: index)
        }
        guard !state.positions.isEmpty || !state.walletBalance.isNegative else {
            throw ValidationError(.outOfRange, at: "size", "realizes a loss beyond the wallet balance")
        }
        do { _ = try state.validated(markets) } catch { throw error.prefixed(by: "account") }
    }

    /// Adds or replaces `list`'s markets: every account must stay valid under the new catalog;
    /// a replaced market loses its book (books follow their market's grids); the monitors are
    /// rebuilt once. Auto-deleveraging's rankings are dropped at once, before this input's
    /// cascades: a ranking kept at an unchanged mark was built under the old tiers and lot, and
    /// whether one was kept depends on the engine's past (a replay or a restored snapshot has
    /// none), so the same input would rank counterparties otherwise.
    /// - Complexity: O(m + list + a·p) for m markets and a accounts of p positions.
    mutating func register(_ list: [Market]) throws(ValidationError) -> Set<String> {
        var catalog = markets
        for market in list { catalog.insert(market) }
        for (id, state) in accounts.sorted(by: { $0.key < $1.key }) {
            do { _ = try state.validated(catalog) } catch { throw error.prefixed(by: "accounts[\"\(id)\"]") }
        }
        markets = catalog
        for market in list {
            books[market.symbol] = nil
            marketData[market.symbol]?.adopt(market.markMethod)
        }
        watchIsStale = true
        deleveragingIndex.dropRankings()
        shardDeleveraging.dropRankings(of: Set(list.map(\.symbol)))
        return Set(accounts.keys)
    }
}
