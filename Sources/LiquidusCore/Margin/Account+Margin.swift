extension Account {
    /// The account's margin figures at `marks`, with every position's bankruptcy price and, unless
    /// `liquidationPrices` is `false` (a caller that needs only equity and requirements, such as
    /// the engine's cascade), its liquidation price.
    ///
    /// Throws ``ValidationError`` (`positions[i].market`) when a position's market has no mark, and
    /// when a notional at the mark exceeds ``Limits/maxMoney``; otherwise the arithmetic is exact
    /// and cannot overflow.
    /// - Complexity: O(n·t) for n positions and t tiers.
    public func margin(markets: MarketCatalog, marks: [String: Price], liquidationPrices: Bool = true) throws(ValidationError) -> AccountMargin {
        var figures: [PositionMargin] = []
        figures.reserveCapacity(positions.count)
        var totalNotional = Money.zero
        for (index, position) in positions.enumerated() {
            guard let market = markets[position.market] else { throw Self.unknownMarket(position.market, markets, at: "positions[\(index)].market") }
            guard let mark = marks[position.market] else {
                throw ValidationError(.missingField, at: "positions[\(index)].market", "has no mark price for \(position.market)")
            }
            let notional = try Self.checkedNotional(position.size, mark, at: "positions[\(index)].size")
            totalNotional = try Self.accumulate(totalNotional, notional, at: "positions[\(index)]")
            let (maintenance, tier) = market.riskTiers.maintenanceMargin(size: position.size, price: mark)
            let leverage = position.leverage ?? market.riskTiers.tiers[tier].maxLeverage
            figures.append(PositionMargin(
                position: position, markPrice: mark, notional: notional,
                unrealizedPnl: .pnl(of: position.size, from: position.entryPrice, to: mark, .credit),
                tier: tier, maintenanceMargin: maintenance,
                initialMargin: notional.divided(by: leverage, .requirement),
                equity: nil, marginRatio: nil, liquidatable: false,
                liquidationPrice: nil, liquidationTier: nil, bankruptcyPrice: nil))
        }
        let orderMargin = try orderMargin(markets: markets)
        let positionInitial = figures.reduce(Money.zero) { $0 + $1.initialMargin }
        let maintenance = figures.reduce(Money.zero) { $0 + $1.maintenanceMargin }
        switch marginMode {
        case .cross:
            let pnl = figures.reduce(Money.zero) { $0 + $1.unrealizedPnl }
            let equity = walletBalance + pnl
            let liquidatable = equity <= maintenance
            for index in figures.indices {
                let own = figures[index]
                let market = markets[own.position.market]!
                // Other marks fixed: what the rest of the account contributes.
                let bankruptcyBacking = walletBalance + pnl - own.unrealizedPnl
                let liquidationBacking = bankruptcyBacking - (maintenance - own.maintenanceMargin)
                figures[index].liquidatable = liquidatable
                Self.solvePrices(&figures[index], market: market, liquidationBacking: liquidationBacking, bankruptcyBacking: bankruptcyBacking, liquidation: liquidationPrices)
            }
            return AccountMargin(
                equity: equity, maintenanceMargin: maintenance, initialMargin: positionInitial + orderMargin,
                marginRatio: equity.isPositive ? maintenance.ratio(to: equity, .requirement) : nil,
                liquidatable: liquidatable, positions: figures)
        case .isolated:
            var equity = walletBalance
            var worstRatio: Rate? = .zero
            var anyLiquidatable = false
            for index in figures.indices {
                let own = figures[index]
                let market = markets[own.position.market]!
                let backing = own.position.isolatedMargin ?? .zero
                let positionEquity = backing + own.unrealizedPnl
                let ratio = positionEquity.isPositive ? own.maintenanceMargin.ratio(to: positionEquity, .requirement) : nil
                figures[index].equity = positionEquity
                figures[index].marginRatio = ratio
                figures[index].liquidatable = positionEquity <= own.maintenanceMargin
                anyLiquidatable = anyLiquidatable || figures[index].liquidatable
                if let current = worstRatio { worstRatio = ratio.map { Swift.max($0, current) } }
                equity += positionEquity
                Self.solvePrices(&figures[index], market: market, liquidationBacking: backing, bankruptcyBacking: backing, liquidation: liquidationPrices)
            }
            return AccountMargin(
                equity: equity, maintenanceMargin: maintenance, initialMargin: positionInitial + orderMargin,
                marginRatio: figures.isEmpty ? nil : worstRatio,
                liquidatable: anyLiquidatable, positions: figures)
        }
    }

    /// The initial margin held by the open orders: Σ `|size| × price ÷ leverage`, each rounded up,
    /// where leverage is the chosen leverage of the account's position in that market, else the
    /// max leverage of the tier that holds the order's own notional.
    public func orderMargin(markets: MarketCatalog) throws(ValidationError) -> Money {
        var total = Money.zero
        for (index, order) in openOrders.enumerated() {
            guard let market = markets[order.market] else { throw Self.unknownMarket(order.market, markets, at: "openOrders[\(index)].market") }
            let notional = Money.notional(of: order.size, at: order.price, .requirement)
            let chosen = positions.first(where: { $0.market == order.market })?.leverage
            let leverage = chosen ?? market.riskTiers.tiers[market.riskTiers.tierIndex(forNotional: notional)].maxLeverage
            total += notional.divided(by: leverage, .requirement)
        }
        return total
    }

    private static func solvePrices(_ figures: inout PositionMargin, market: Market, liquidationBacking: Money, bankruptcyBacking: Money, liquidation: Bool) {
        let position = figures.position
        if liquidation, let solved = LiquidationPriceSolver.liquidationPrice(
            size: position.size, entryPrice: position.entryPrice, backing: liquidationBacking,
            tiers: market.riskTiers, tickSize: market.tickSize)
        {
            figures.liquidationPrice = solved.price
            figures.liquidationTier = solved.tier
        }
        figures.bankruptcyPrice = LiquidationPriceSolver.bankruptcyPrice(
            size: position.size, entryPrice: position.entryPrice, backing: bankruptcyBacking, tickSize: market.tickSize)
    }
}
