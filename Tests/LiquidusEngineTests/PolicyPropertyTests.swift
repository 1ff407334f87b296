import LiquidusCore
@testable import LiquidusEngine
import LiquidusRandom
import PropertyBased
import Testing

/// Minimality and soundness of every policy on random accounts near liquidation.
@Suite struct PolicyPropertyTests {
    /// A random cross account with one or two positions whose equity is at or below maintenance
    /// by a random shortfall (so it is liquidatable), at a random mark, on one of the three
    /// fixture markets (the 1.25 % fee of BTCUSDT often makes a partial close useless).
    static func nearLiquidation(seed: Int) -> (account: Account, marks: [String: Price]) {
        var random = SeededGenerator(seed: UInt64(bitPattern: Int64(seed)))
        let choice = Int.random(in: 0..<3, using: &random)
        let useTest = choice == 0
        let market = [Fixtures.test, Fixtures.btcLowFee, Fixtures.btc][choice]
        let lots = Int64.random(in: 1...(useTest ? 400 : 40_000), using: &random)
        let long = Bool.random(using: &random)
        let size = Quantity(units: (long ? 1 : -1) * lots * market.lotSize.units)
        let entry: Price = useTest ? Price(Int.random(in: 500...1500, using: &random)) : Price(Int.random(in: 20_000...40_000, using: &random))
        let markTicks = Int64(Double(entry.units / market.tickSize.units) * Double.random(in: 0.9...1.1, using: &random))
        let mark = Price(units: max(1, markTicks) * market.tickSize.units)
        var positions = [Position(market: market.symbol, size: size, entryPrice: entry)]
        var marks = [market.symbol: mark]
        if Bool.random(using: &random) {
            // A second, smaller position in the other market.
            let other = useTest ? Fixtures.btcLowFee : Fixtures.test
            let otherLots = Int64.random(in: 1...(useTest ? 2000 : 20), using: &random)
            let otherMark: Price = useTest ? 30000 : 1000
            positions.append(Position(
                market: other.symbol, size: Quantity(units: (Bool.random(using: &random) ? 1 : -1) * otherLots * other.lotSize.units),
                entryPrice: otherMark))
            marks[other.symbol] = otherMark
        }
        // Wallet such that equity = MM − shortfall.
        let probe = Fixtures.cross("probe", wallet: 0, positions)
        let margin = try! probe.margin(markets: Fixtures.catalog, marks: marks)
        let pnl = margin.equity  // wallet 0: equity is Σ uPnL
        // Mostly a little under maintenance (partial closes), sometimes far under or bankrupt.
        let depth = Bool.random(using: &random) ? margin.maintenanceMargin.units / 3 : margin.maintenanceMargin.units * 6 / 5
        let shortfall = Money(units: Int64.random(in: 0...max(1, depth), using: &random))
        let wallet = margin.maintenanceMargin - pnl - shortfall
        return (Fixtures.cross("acct", wallet: wallet, positions), marks)
    }

    /// restoreMarginRatio: the quantity reaches the aim, one lot less does not, the limit is
    /// the bankruptcy price and the fill is no worse; for small positions a linear scan confirms
    /// it is the least, and that a takeover means no partial reaches the aim.
    @Test func restoreMarginRatioIsMinimal() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int.max), Gen.int(in: 50...99), Gen.int(in: 0...5)) { seed, targetPercent, bufferPercent in
            let (account, marks) = Self.nearLiquidation(seed: seed)
            let target = Rate(units: Int64(targetPercent) * 1_000_000)
            let buffer = Rate(units: Int64(bufferPercent) * 1_000_000)
            let aim = target - buffer
            let policy = RestoreMarginRatio(target: target, buffer: buffer)
            let steps = try LiquidationPlanner.plan(account: account, markets: Fixtures.catalog, marks: marks, policy: policy, insuranceFund: 1_000_000)
            let margin = try account.margin(markets: Fixtures.catalog, marks: marks)
            #expect(margin.liquidatable)
            let context = Fixtures.context(account, marks: marks, policy: policy)
            let total = context.totalLots
            if let step = steps.first(where: { $0.kind == .partialClose }) {
                let lots = context.market.lots(in: step.quantity!)
                #expect(lots >= 1 && lots < total)
                #expect(context.project(closing: lots).reaches(aim))
                #expect(lots == 1 || !context.project(closing: lots - 1).reaches(aim))
                #expect(step.marginRatioAfter! <= aim)
                #expect(step.limitPrice == context.position.bankruptcyPrice)
                #expect(step.expectedPrice!.isNoWorse(than: step.limitPrice!, closing: context.position.position.side))
                if total <= 400 {
                    #expect(!(1..<lots).contains { context.project(closing: $0).reaches(aim) })
                }
            } else if total <= 400, context.equity.isPositive {
                #expect(steps.first?.kind == .fullTakeover)
                #expect(!(1..<total).contains { context.project(closing: $0).reaches(aim) })
            }
        }
    }

    /// The bounded segment search against a linear scan: at expected prices up to 3 % worse
    /// than the mark (as a depth walk gives), for any aim and any search floor at or below the
    /// answer, `leastLots` is the least `n` whose projection reaches the aim, or `nil` when no
    /// `n` short of the whole position does. Positions of up to 40,000 lots cross every tier of
    /// the preset's table; above 3,000 lots the scan checks the 2,000 lots below the answer.
    @Test func restoreMarginRatioSearchIsTheLeastAtAnyPrice() async {
        await propertyCheck(count: 400, input: Gen.int(in: 0...Int.max), Gen.int(in: 30...100), Gen.int(in: 0...300), Gen.int(in: 0...100)) {
            seed, aimPercent, worseBasisPoints, floorPercent in
            let (account, marks) = Self.nearLiquidation(seed: seed)
            let probe = Fixtures.context(account, marks: marks, policy: Full())
            let symbol = probe.market.symbol, mark = probe.position.markPrice
            let move = Int64(worseBasisPoints) * mark.units / 10_000
            let tick = probe.market.tickSize.units
            let worse = probe.position.position.side == .long ? mark.units - move : mark.units + move
            let expected = Price(units: max(tick, worse / tick * tick))
            let context = Fixtures.context(account, marks: marks, expected: [symbol: expected], policy: Full())
            let aim = Rate(units: Int64(aimPercent) * 1_000_000)
            let total = context.totalLots
            guard total > 1 else { return }
            let reaches = { (lots: Int64) in context.project(closing: lots).reaches(aim) }
            let found = RestoreMarginRatio.leastLots(in: context, below: total, reaching: aim)
            if total <= 3_000 {
                let least = (1..<total).first(where: reaches)
                #expect(found == least, "aim \(aim) at \(expected): \(String(describing: found)) vs \(String(describing: least))")
                if let least {
                    var floored = context
                    floored.searchFloor = max(1, least * Int64(floorPercent) / 100)
                    #expect(RestoreMarginRatio.leastLots(in: floored, below: total, reaching: aim) == least)
                }
            } else if let found {
                #expect(reaches(found))
                #expect(found == 1 || !reaches(found - 1))
                #expect(!(max(1, found - 2_000)..<found).contains(where: reaches))
            }
        }
    }

    /// What the search relies on: on every tier segment, no lot count that `TargetBound` leaves
    /// out reaches the aim (its bounds are never below the projection's figures), and the counts
    /// it leaves are one range. Every segment of positions up to 3,000 lots, at expected prices up
    /// to 3 % worse than the mark, for any aim.
    @Test func targetBoundRulesOutOnlyMisses() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int.max), Gen.int(in: 30...100), Gen.int(in: 0...300)) {
            seed, aimPercent, worseBasisPoints in
            let (account, marks) = Self.nearLiquidation(seed: seed)
            let probe = Fixtures.context(account, marks: marks, policy: Full())
            let mark = probe.position.markPrice, tick = probe.market.tickSize.units
            let move = Int64(worseBasisPoints) * mark.units / 10_000
            let worse = probe.position.position.side == .long ? mark.units - move : mark.units + move
            let context = Fixtures.context(
                account, marks: marks, expected: [probe.market.symbol: Price(units: max(tick, worse / tick * tick))], policy: Full())
            let total = context.totalLots
            guard total > 1, total <= 3_000 else { return }
            let aim = Rate(units: Int64(aimPercent) * 1_000_000)
            let bound = TargetBound(context, aim: aim)
            let tiers = context.market.riskTiers
            var start: Int64 = 1
            while start < total {
                let tier = tiers.tierIndex(forWideNotional: bound.reducedNotional(closing: start))
                var end = start
                while end + 1 < total, tiers.tierIndex(forWideNotional: bound.reducedNotional(closing: end + 1)) == tier { end += 1 }
                let candidates = bound.candidates(in: start...end, tier: tiers.tiers[tier])
                for n in start...end where !(candidates?.contains(n) ?? false) {
                    #expect(!context.project(closing: n).reaches(aim), "n \(n) of \(start)...\(end) ruled out but reaches \(aim)")
                }
                start = end + 1
            }
        }
    }

    /// stepDownTier, fixedFraction, incremental, portionPerInterval: each quantity is the least
    /// whole lots reaching the policy's own target.
    @Test func otherPoliciesAreMinimal() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...Int.max), Gen.int(in: 1...50)) { seed, percent in
            let (account, marks) = Self.nearLiquidation(seed: seed)
            let fraction = Rate(units: Int64(percent) * 1_000_000)
            let probe = Fixtures.context(account, marks: marks, policy: Full())
            let market = probe.market
            let held = probe.position.position
            let mark = probe.position.markPrice
            func lots(_ policy: any LiquidationPolicy) -> Int64? {
                if case .partial(let lots, _, _) = policy.decide(Fixtures.context(account, marks: marks, policy: policy)) { return lots }
                return nil
            }
            func notional(_ lots: Int64) -> Int128 {
                Int128(Int64(held.size.units.magnitude) - lots * market.lotSize.units) * Int128(mark.units)
            }
            if let n = lots(StepDownTier()) {
                // The step reaches the cap of some lower tier j with the least lots, restores
                // maintenance, and every tier between j and the position's restores nothing.
                let caps = market.riskTiers.tiers.prefix(probe.position.tier).map { Int128($0.notionalCap!.units) * FixedPoint.wideScale }
                let j = caps.lastIndex { notional(n) <= $0 && notional(n - 1) > $0 }
                #expect(j != nil, "\(n) lots stop at no lower cap")
                #expect(!probe.project(closing: n).liquidatableAfter)
                for higher in ((j ?? caps.count) + 1)..<caps.count {
                    let lots = market.lotsToReduce(held.size, at: mark, toNotionalAtMost: market.riskTiers.tiers[higher].notionalCap!)
                    #expect(probe.project(closing: lots).liquidatableAfter, "tier \(higher + 1) would have restored maintenance")
                }
            }
            // ⌈|q| × fraction⌉ in lots: n lots reach the fraction, n − 1 do not.
            let wanted = Int128(held.size.units.magnitude) * Int128(fraction.units)  // at 10⁻¹⁶
            let lotWide = Int128(market.lotSize.units) * FixedPoint.wideScale
            for policy: any LiquidationPolicy in [
                FixedFraction(fraction: fraction, cooldown: 30, fullBelow: 0, backstopFloor: .zero), Incremental(chunk: fraction, interval: 1),
            ] {
                if let n = lots(policy) {
                    #expect(Int128(n) * lotWide >= wanted)
                    #expect(Int128(n - 1) * lotWide < wanted)
                }
            }
            let portion = PortionPerInterval(portion: fraction, minNotional: 1000, accountCapPerInterval: 100_000)
            if let n = lots(portion) {
                let closed = { (lots: Int64) in Int128(lots) * Int128(market.lotSize.units) * Int128(mark.units) }
                let target = max(min(Int128(1000) * FixedPoint.wideScale * FixedPoint.wideScale, Int128(probe.position.notional.units) * FixedPoint.wideScale),
                                 Int128(probe.position.notional.multiplied(by: fraction, .up).units) * FixedPoint.wideScale)
                let cap = Int128(100_000) * FixedPoint.wideScale * FixedPoint.wideScale
                #expect(closed(n) <= cap)
                #expect(closed(n) >= target || closed(n + 1) > cap)
                #expect(closed(n - 1) < target)
            }
        }
    }
}
