import LiquidusBook
import LiquidusCore
import LiquidusEngine

extension PolicyRun {
    /// Folds one engine event into the result: every money figure is the event's; its time is
    /// read back in the scenario's seconds.
    mutating func record(_ event: EngineEvent) {
        let second = engine.timeUnit.second(of: event.time)
        let minute = Int(second / 60)
        switch event.payload {
        case .liquidationTriggered(let e):
            flag(e.account, AccountOutcomes.Flags.liquidated, at: second)
        case .partialLiquidation(let e):
            recordPartial(e, minute: minute, time: second)
        case .positionTakenOver(let e):
            recordTakeover(e, minute: minute, time: second)
        case .insuranceFundPaid(let e):
            result.fundPaid += e.amount
            result.badDebt += e.amount + e.uncovered
        case .autoDeleveraged(let e):
            recordDeleveraging(e, minute: minute, time: second)
        case .ordersCancelled, .liquidationResolved, .accountHeld, .accountReleased, .liquidationsHeld, .liquidationsResumed, .fundingPaid, .fundingSettled,
             .insuranceFundSynchronized, .deleveragingForwarded:
            break
        }
    }

    mutating func flag(_ account: String, _ flag: UInt8, at time: Int64) {
        guard let index = indexOf[account] else { return }
        result.accounts.mark(index, flag, at: time)
    }

    mutating func recordPartial(_ e: PartialLiquidation, minute: Int, time: Int64) {
        let notional = Money.notional(of: e.quantity, at: e.price, .up)
        result.breakdown.partial.add(notional)
        result.breakdown.partialByMarket[e.market, default: .init()].add(notional)
        result.liquidationFees += e.fee
        result.minuteLiquidated[minute] += Double(notional.units) / 1e8
        result.seconds.addPartial(notional, at: time)
        flag(e.account, AccountOutcomes.Flags.partial, at: time)
        slippage(price: e.price, market: e.market, long: e.side == "long", notional: notional)
        roundSteps += 1
        guard let execution = e.execution else { return }
        let touch = Double(execution.touchPrice.units)
        let average = Double(e.price.units)
        let bps = touch > 0 ? (e.side == "long" ? touch - average : average - touch) / touch * 10_000 : 0
        let sigma = engine.volatility[e.market]?.volatility ?? 0
        let input = ImpactInput(size: Double(e.quantity.units), visibleDepth: Double(execution.visibleDepth.units), volatility: sigma, volume: 0)
        result.execution.add(
            child: execution.child, levels: execution.levelsConsumed, slippageBps: bps, notional: Double(notional.units) / 1e8,
            realised: Double(execution.realizedImpact.units) / 1e8, adaptive: Double(execution.estimatedImpact.units) / 1e8,
            static: Self.staticImpact.expectedImpact(input))
    }

    /// The static reference of the impact errors: the square-root law against the visible depth,
    /// never re-fitted (the adaptive model's prior).
    static let staticImpact = AdaptiveImpact()

    mutating func recordTakeover(_ e: PositionTakenOver, minute: Int, time: Int64) {
        let notional = Money.notional(of: e.size, at: e.bankruptcyPrice, .up)
        result.breakdown.takeover.add(notional)
        result.breakdown.takeoverByMarket[e.market, default: .init()].add(notional)
        if let market = engine.markets[e.market] {
            result.breakdown.causes[TakeoverCause.classify(e.reason, notional: notional, market: market), default: .init()].add(notional)
        }
        result.minuteLiquidated[minute] += Double(notional.units) / 1e8
        result.seconds.addTakeover(notional, at: time)
        flag(e.account, AccountOutcomes.Flags.takenOver, at: time)
        if e.closedInMarket.isPositive {
            slippage(price: e.expectedPrice, market: e.market, long: e.size.isPositive, notional: Money.notional(of: e.closedInMarket, at: e.expectedPrice, .up))
        }
        // A new takeover: the ADL events that follow belong to its order.
        orderOpen = e.toDeleverage.isPositive
        roundSteps += 1
    }

    /// An ADL fill (or unmatched remainder): the engine's figures — the order's shortfall (once
    /// per order, on its first event), the counterparty's haircut and its profit before.
    mutating func recordDeleveraging(_ e: AutoDeleveraged, minute: Int, time: Int64) {
        if orderOpen {
            result.deleveraging.add(orderShortfall: e.shortfall ?? .zero)
            orderOpen = false
        }
        guard let counterparty = e.counterparty else {
            result.deleveraging.uncovered += e.unrecoveredLoss
            return
        }
        let notional = Money.notional(of: e.quantity, at: e.price, .up)
        result.minuteDeleveraged[minute] += Double(notional.units) / 1e8
        result.seconds.addDeleveraging(notional, at: time)
        flag(counterparty, AccountOutcomes.Flags.deleveraged, at: time)
        result.deleveraging.add(fill: counterparty, notional: notional, haircut: e.haircut ?? .zero, profitBefore: e.profitBefore ?? .zero)
    }

    /// Slippage of a close at `price` against the current mark, in bps, worse for the trader > 0.
    mutating func slippage(price: Price, market: String, long: Bool, notional: Money) {
        guard let mark = engine.marks[market], mark.isPositive else { return }
        let difference = Double(mark.units - price.units) / Double(mark.units) * 10_000
        let bps = long ? difference : -difference
        let weight = Double(notional.units) / 1e8
        slippageWeighted += bps * weight
        slippageWeight += weight
        if bps > result.worstSlippageBps { result.worstSlippageBps = bps }
    }
}
