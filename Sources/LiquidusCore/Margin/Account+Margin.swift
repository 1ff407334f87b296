/// How much of an ``AccountMargin`` an evaluation fills in: each figure left out is a division
/// saved, for callers on a hot path that never read it.
package enum MarginDetail: Sendable {
    /// Every figure.
    case full
    /// Every figure but liquidation prices (``PositionMargin/liquidationPrice`` and
    /// ``PositionMargin/liquidationTier`` are `nil`).
    case withoutLiquidationPrices
    /// What a liquidation decides on — equity, notionals, PnL, tiers, maintenance margins,
    /// `liquidatable` and bankruptcy prices — and nothing else: initial margins are zero, margin
    /// ratios and liquidation prices `nil`.
    case liquidation
}

extension Account {
    /// The account's margin figures at `marks`, with every position's bankruptcy price and, unless
    /// `liquidationPrices` is `false` (a caller that needs only equity and requirements, such as
    /// the engine's cascade), its liquidation price.
    ///
    /// Throws ``ValidationError`` (`positions[i].market`) when a position's market has no mark,
    /// when a notional at the mark exceeds ``Limits/maxMoney``, and (`overflow`) when the wallet or
    /// an isolated margin is so large that equity does not fit in ``Money`` — only an engine's
    /// account can reach that, its collateral grown by realized profit (see `docs/robustness.md`).
    ///
    /// Why the rest fits: every position's notional at the mark is checked ≤ ``Limits/maxMoney``
    /// and, the account being valid, the notionals at entry (with the orders') sum to at most
    /// ``Limits/maxMoney``; so each PnL `|q·(mark − entry)| ≤ max(|q|·mark, |q|·entry)`, the sum
    /// of the PnLs is within 2 × ``Limits/maxMoney``, and maintenance and initial margins (each
    /// at most its notional: rates < 1, leverages ≥ 1) sum to at most the total notional.
    /// - Complexity: O(n·t) for n positions and t tiers.
    public func margin(markets: MarketCatalog, marks: [String: Price], liquidationPrices: Bool = true) throws(ValidationError) -> AccountMargin {
        try Self.margin(
            marginMode: marginMode, walletBalance: walletBalance, positions: positions, openOrders: openOrders, markets: markets, marks: marks,
            detail: liquidationPrices ? .full : .withoutLiquidationPrices)
    }

    /// ``margin(markets:marks:liquidationPrices:)`` of the account made of these fields, already
    /// validated, with the figures `detail` asks for (the engine evaluates its own account state
    /// this way, without building an `Account` for it).
    package static func margin(
        marginMode: MarginMode, walletBalance: Money, positions: [Position], openOrders: [OpenOrder],
        markets: MarketCatalog, marks: [String: Price], detail: MarginDetail
    ) throws(ValidationError) -> AccountMargin {
        let liquidationPrices = detail == .full, ratios = detail != .liquidation
        // Each position's market is looked up once; the second pass needs only its tick (kept
        // on the stack) unless liquidation prices, which need its tiers, are asked for.
        return try withUnsafeTemporaryAllocation(of: Price.self, capacity: positions.count) { (ticks) throws(ValidationError) -> AccountMargin in
            var figures: [PositionMargin] = []
            figures.reserveCapacity(positions.count)
            var totalNotional = Money.zero, positionInitial = Money.zero, maintenance = Money.zero, pnl = Money.zero
            for index in positions.indices {
                let (own, tickSize) = try Self.figures(of: positions, at: index, markets: markets, marks: marks, initialMargin: ratios)
                totalNotional = try Self.accumulate(totalNotional, own.notional, at: "positions[\(index)]")
                ticks.initializeElement(at: index, to: tickSize)
                positionInitial += own.initialMargin  // sums bounded by the total notional (see above)
                maintenance += own.maintenanceMargin
                pnl += own.unrealizedPnl
                figures.append(own)
            }
            let orderMargin = ratios ? try orderMargin(of: openOrders, positions: positions, markets: markets) : .zero
            switch marginMode {
            case .cross:
                let equity = try walletBalance.adding(pnl, checkedAt: "walletBalance")
                let liquidatable = equity <= maintenance
                for index in figures.indices {
                    // Other marks fixed: what the rest of the account contributes — the wallet
                    // and the other positions' PnL, and (liquidation) less their maintenance.
                    let others = pnl - figures[index].unrealizedPnl
                    let bankruptcyBacking = try walletBalance.adding(others, checkedAt: "walletBalance")
                    let liquidationBacking = try bankruptcyBacking.subtracting(
                        maintenance - figures[index].maintenanceMargin, checkedAt: "walletBalance")
                    figures[index].liquidatable = liquidatable
                    Self.solvePrices(
                        &figures[index], tickSize: ticks[index], tiers: liquidationPrices ? markets[figures[index].position.market]?.riskTiers : nil,
                        liquidationBacking: liquidationBacking, bankruptcyBacking: bankruptcyBacking)
                }
                return AccountMargin(
                    equity: equity, maintenanceMargin: maintenance, initialMargin: positionInitial + orderMargin,
                    marginRatio: ratios && equity.isPositive ? maintenance.ratio(to: equity, .requirement) : nil,
                    liquidatable: liquidatable, positions: figures)
            case .isolated:
                var equity = walletBalance
                var worstRatio: Rate? = .zero
                var anyLiquidatable = false
                for index in figures.indices {
                    let backing = figures[index].position.isolatedMargin ?? .zero
                    let positionEquity = try backing.adding(figures[index].unrealizedPnl, checkedAt: "positions[\(index)].isolatedMargin")
                    let ownMaintenance = figures[index].maintenanceMargin
                    let ratio = ratios && positionEquity.isPositive ? ownMaintenance.ratio(to: positionEquity, .requirement) : nil
                    figures[index].equity = positionEquity
                    figures[index].marginRatio = ratio
                    figures[index].liquidatable = positionEquity <= ownMaintenance
                    anyLiquidatable = anyLiquidatable || figures[index].liquidatable
                    if let current = worstRatio { worstRatio = ratio.map { Swift.max($0, current) } }
                    equity = try equity.adding(positionEquity, checkedAt: "positions[\(index)].isolatedMargin")
                    Self.solvePrices(
                        &figures[index], tickSize: ticks[index], tiers: liquidationPrices ? markets[figures[index].position.market]?.riskTiers : nil,
                        liquidationBacking: backing, bankruptcyBacking: backing)
                }
                return AccountMargin(
                    equity: equity, maintenanceMargin: maintenance, initialMargin: positionInitial + orderMargin,
                    marginRatio: figures.isEmpty || !ratios ? nil : worstRatio,
                    liquidatable: anyLiquidatable, positions: figures)
            }
        }
    }

    /// The figures of `positions[index]` that need no other position (notional, PnL, tier,
    /// maintenance and, when `initialMargin`, initial margin; the scope's figures unset), and its
    /// market's tick. Throws as ``margin(markets:marks:liquidationPrices:)`` does for it.
    @inline(__always)
    static func figures(
        of positions: [Position], at index: Int, markets: MarketCatalog, marks: [String: Price], initialMargin: Bool
    ) throws(ValidationError) -> (figures: PositionMargin, tickSize: Price) {
        let symbol = positions[index].market, size = positions[index].size
        guard let market = markets[symbol] else { throw Self.unknownMarket(symbol, markets, at: "positions[\(index)].market") }
        guard let mark = marks[symbol] else {
            throw ValidationError(.missingField, at: "positions[\(index)].market", "has no mark price for \(symbol)")
        }
        let notional = try Self.checkedNotional(size, mark, at: "positions[\(index)].size")
        let (ownMaintenance, tier) = market.riskTiers.maintenanceMargin(size: size, price: mark)
        let leverage = positions[index].leverage ?? market.riskTiers.tiers[tier].maxLeverage
        // |q·(mark − entry)| ≤ max(|q|·mark, |q|·entry) ≤ Limits.maxMoney: the notional at the mark
        // is checked above, the one at entry when the account was validated.
        let ownPnl = Money.pnl(of: size, from: positions[index].entryPrice, to: mark, .credit)
        let initial = initialMargin ? notional.divided(by: leverage, .requirement) : .zero
        let figures = PositionMargin(
            position: positions[index], markPrice: mark, notional: notional, unrealizedPnl: ownPnl,
            tier: tier, maintenanceMargin: ownMaintenance, initialMargin: initial,
            equity: nil, marginRatio: nil, liquidatable: false,
            liquidationPrice: nil, liquidationTier: nil, bankruptcyPrice: nil)
        return (figures, market.tickSize)
    }

    /// The one position a liquidation of the account reduces, with exactly the figures
    /// ``margin(marginMode:walletBalance:positions:openOrders:markets:marks:detail:)`` gives it
    /// at ``MarginDetail/liquidation`` detail, and the scope's totals — its equity and
    /// maintenance margin, and whether it is liquidatable — handed to `body` where they are made,
    /// rather than returned (some 200 bytes of figures are read in place instead of being copied
    /// out: on W3, several copies a quote), and evaluated in one pass without the array of every
    /// position's figures (a risk loop's quote needs only this one).
    ///
    /// The position is, among the candidates, the first by `comesFirst`: cross, every position
    /// (the scope is the account); isolated, the liquidatable ones (the scope is the position).
    /// `otherwise`, without calling `body`, when there is none: no position, or (isolated) none
    /// liquidatable (a result rather than an optional one, so that a large result is not copied
    /// out of an optional). Throws as the margin does, in the same order (open orders are not
    /// read: at this detail they change no figure). An account of one position takes a path of
    /// its own: nothing to choose, so its figures are never copied aside as the best so far.
    /// - Complexity: O(n·t) for n positions and t tiers.
    package static func withLiquidationFocus<Result>(
        marginMode: MarginMode, walletBalance: Money, positions: [Position], markets: MarketCatalog, marks: [String: Price],
        comesFirst: (PositionMargin, PositionMargin) -> Bool, otherwise: @autoclosure () -> Result,
        _ body: (_ figures: borrowing PositionMargin, _ equity: Money, _ maintenanceMargin: Money, _ liquidatable: Bool) throws(ValidationError) -> Result
    ) throws(ValidationError) -> Result {
        if positions.count == 1 {
            // One notional never exceeds the total's limit: `checkedNotional` bounds it by the same.
            var (figures, tickSize) = try Self.figures(of: positions, at: 0, markets: markets, marks: marks, initialMargin: false)
            if marginMode == .isolated, try !Self.isLiquidatableAlone(&figures, at: 0) { return otherwise() }
            let scope = try Self.focus(
                on: &figures, tickSize: tickSize, marginMode: marginMode, walletBalance: walletBalance,
                maintenance: figures.maintenanceMargin, pnl: figures.unrealizedPnl)
            return try body(figures, scope.equity, scope.maintenanceMargin, scope.liquidatable)
        }
        var chosen: (figures: PositionMargin, tickSize: Price)?
        var totalNotional = Money.zero, maintenance = Money.zero, pnl = Money.zero
        for index in positions.indices {
            var (own, tickSize) = try Self.figures(of: positions, at: index, markets: markets, marks: marks, initialMargin: false)
            totalNotional = try Self.accumulate(totalNotional, own.notional, at: "positions[\(index)]")
            maintenance += own.maintenanceMargin
            pnl += own.unrealizedPnl
            if marginMode == .isolated, try !Self.isLiquidatableAlone(&own, at: index) { continue }
            if let current = chosen, !comesFirst(own, current.figures) { continue }
            chosen = (own, tickSize)
        }
        guard case (var figures, let tickSize)? = chosen else { return otherwise() }
        let scope = try Self.focus(
            on: &figures, tickSize: tickSize, marginMode: marginMode, walletBalance: walletBalance, maintenance: maintenance, pnl: pnl)
        return try body(figures, scope.equity, scope.maintenanceMargin, scope.liquidatable)
    }

    /// Sets an isolated position's own equity (its margin plus its PnL) and `liquidatable`
    /// (equity at or below its maintenance), and returns the latter; throws as the margin does
    /// when that equity does not fit.
    @inline(__always)
    private static func isLiquidatableAlone(_ figures: inout PositionMargin, at index: Int) throws(ValidationError) -> Bool {
        let equity = try (figures.position.isolatedMargin ?? .zero).adding(figures.unrealizedPnl, checkedAt: "positions[\(index)].isolatedMargin")
        figures.equity = equity
        figures.liquidatable = equity <= figures.maintenanceMargin
        return figures.liquidatable
    }

    /// Completes the chosen position's `figures` given the scope's totals over all positions —
    /// its bankruptcy price, and cross `liquidatable` (isolated, ``isLiquidatableAlone(_:)`` has
    /// set it) — and gives the scope's equity, maintenance margin and whether it is liquidatable.
    @inline(__always)
    private static func focus(
        on figures: inout PositionMargin, tickSize: Price, marginMode: MarginMode, walletBalance: Money, maintenance: Money, pnl: Money
    ) throws(ValidationError) -> (equity: Money, maintenanceMargin: Money, liquidatable: Bool) {
        switch marginMode {
        case .cross:
            let equity = try walletBalance.adding(pnl, checkedAt: "walletBalance")
            figures.liquidatable = equity <= maintenance
            let backing = try walletBalance.adding(pnl - figures.unrealizedPnl, checkedAt: "walletBalance")
            Self.solvePrices(&figures, tickSize: tickSize, tiers: nil, liquidationBacking: backing, bankruptcyBacking: backing)
            return (equity, maintenance, figures.liquidatable)
        case .isolated:
            let backing = figures.position.isolatedMargin ?? .zero
            Self.solvePrices(&figures, tickSize: tickSize, tiers: nil, liquidationBacking: backing, bankruptcyBacking: backing)
            return (figures.equity ?? .zero, figures.maintenanceMargin, figures.liquidatable)
        }
    }

    /// The initial margin held by the open orders: Σ `|size| × price ÷ leverage`, each rounded up,
    /// where leverage is the chosen leverage of the account's position in that market, else the
    /// max leverage of the tier that holds the order's own notional.
    public func orderMargin(markets: MarketCatalog) throws(ValidationError) -> Money {
        try Self.orderMargin(of: openOrders, positions: positions, markets: markets)
    }

    /// ``orderMargin(markets:)`` of these orders, for an account holding `positions`.
    package static func orderMargin(of openOrders: [OpenOrder], positions: [Position], markets: MarketCatalog) throws(ValidationError) -> Money {
        var total = Money.zero
        for (index, order) in openOrders.enumerated() {
            guard let market = markets[order.market] else { throw Self.unknownMarket(order.market, markets, at: "openOrders[\(index)].market") }
            // Within the account's total notional, checked when it was validated.
            let notional = Money.notional(of: order.size, at: order.price, .requirement)
            let chosen = positions.first(where: { $0.market == order.market })?.leverage
            let leverage = chosen ?? market.riskTiers.tiers[market.riskTiers.tierIndex(forNotional: notional)].maxLeverage
            total += notional.divided(by: leverage, .requirement)
        }
        return total
    }

    private static func solvePrices(
        _ figures: inout PositionMargin, tickSize: Price, tiers: RiskTierTable?, liquidationBacking: Money, bankruptcyBacking: Money
    ) {
        let position = figures.position
        if let tiers, let solved = LiquidationPriceSolver.liquidationPrice(
            size: position.size, entryPrice: position.entryPrice, backing: liquidationBacking, tiers: tiers, tickSize: tickSize)
        {
            figures.liquidationPrice = solved.price
            figures.liquidationTier = solved.tier
        }
        figures.bankruptcyPrice = LiquidationPriceSolver.bankruptcyPrice(
            size: position.size, entryPrice: position.entryPrice, backing: bankruptcyBacking, tickSize: tickSize)
    }
}
