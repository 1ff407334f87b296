import LiquidusCore
import LiquidusEngine

extension PolicyRun {
    /// Opens the accounts due at `time` at the current marks: collateral `notional ÷ leverage`
    /// (rounded up), and for an isolated account the same free-wallet share as its placeholder.
    mutating func openArrivals(at time: Int64) throws(ValidationError) {
        while nextArrival < arrivals.count, arrivals[nextArrival].second <= time {
            let index = arrivals[nextArrival].index
            nextArrival += 1
            let member = setup.population.members[index]
            var deposit = Money.zero
            var margins = Money.zero
            var fills: [EngineInput] = []
            for holding in member.holdings {
                guard let mark = engine.marks[holding.market] else { continue }
                let notional = Money.notional(of: holding.size, at: mark, .up)
                let leverage = Rate(units: Swift.max(Rate.one.units, Int64((holding.leverage * 1e8).rounded(.down))))
                let collateral = notional.divided(by: leverage, .up)
                deposit += collateral
                margins += holding.isolatedMargin
                fills.append(EngineInput(time: time, .fill(
                    account: member.id, market: holding.market, size: holding.size, price: mark,
                    margin: member.marginMode == .isolated ? collateral : .zero)))
            }
            if member.marginMode == .isolated, margins.isPositive {
                let share = Double((member.deposit - margins).units) / Double(margins.units)
                deposit += Money(units: Int64(Double(deposit.units) * Swift.max(0, share)))
            }
            do {
                try apply(EngineInput(time: time, .openAccount(id: member.id, marginMode: member.marginMode)), round: 0)
                if deposit.isPositive { try apply(EngineInput(time: time, .deposit(account: member.id, amount: deposit)), round: 0) }
                for fill in fills { try apply(fill, round: 0) }
            } catch {
                throw error.prefixed(by: "accounts[\"\(member.id)\"]")
            }
            result.accounts.startEquity[index] = deposit
        }
    }

    /// The per-minute series and the fund's start, before the first second.
    mutating func startSeries() {
        let minutes = (scenario.seconds + 59) / 60
        result.minuteLiquidated = Array(repeating: 0, count: minutes)
        result.minuteDeleveraged = Array(repeating: 0, count: minutes)
        result.minuteFund = Array(repeating: 0, count: minutes)
        result.minuteMarkLow = setup.feeds.map { feed in
            var lows = Array(repeating: Double.infinity, count: minutes)
            lows[0] = Double(feed.startMark.units) / 1e8
            return lows
        }
        result.fundStart = engine.insuranceFund.clampedToMoney
        result.fundMin = engine.insuranceFund.clampedToMoney
        result.minuteFund[0] = Double(engine.insuranceFund.units) / 1e8
        result.markLow = setup.feeds.map(\.startMark)
        result.markGapBelowPath = Array(repeating: 0, count: setup.feeds.count)
        result.markPeakToTrough = Array(repeating: 0, count: setup.feeds.count)
    }

    /// Second `t`'s marks: each market's low, peak to trough and gap below its exogenous price.
    mutating func recordMarks(second t: Int) {
        let minute = t / 60
        for (index, feed) in setup.feeds.enumerated() {
            let mark = lastMark[index]
            let value = Double(mark.units) / 1e8
            if mark < result.markLow[index] { result.markLow[index] = mark }
            result.minuteMarkLow[index][minute] = Swift.min(result.minuteMarkLow[index][minute], value)
            markPeak[index] = Swift.max(markPeak[index], value)
            result.markPeakToTrough[index] = Swift.max(result.markPeakToTrough[index], 1 - value / markPeak[index])
            let exogenous = scenario.assets[feed.asset].path.prices[t] * feed.scale
            result.markGapBelowPath[index] = Swift.max(result.markGapBelowPath[index], 1 - value / exogenous)
        }
        result.minuteFund[minute] = Double(engine.insuranceFund.units) / 1e8
    }

    /// End-of-run figures: equity of every account at the final marks, the series closed.
    mutating func finish() {
        for index in result.minuteMarkLow.indices {
            for minute in result.minuteMarkLow[index].indices where !result.minuteMarkLow[index][minute].isFinite {
                result.minuteMarkLow[index][minute] = minute > 0 ? result.minuteMarkLow[index][minute - 1] : Double(setup.feeds[index].startMark.units) / 1e8
            }
        }
        result.averageSlippageBps = slippageWeight > 0 ? slippageWeighted / slippageWeight : 0
        result.fundEnd = engine.insuranceFund.clampedToMoney
        result.unrecoveredLoss = (-engine.unrecoveredLoss).clampedToMoney
        result.stateHash = engine.stateHash
        result.deleveraging.finish()
        let markets = engine.markets
        let marks = engine.marks
        for (index, member) in setup.population.members.enumerated() {
            let start = result.accounts.startEquity[index]
            let end = (try? engine.account(member.id)?.margin(markets: markets, marks: marks).equity) ?? .zero
            result.accounts.endEquity[index] = end
            result.traderEquityStart += start
            result.traderEquityEnd += end
            if result.accounts.has(index, AccountOutcomes.Flags.deleveraged) { result.accountsDeleveraged += 1 }
            let flags = result.accounts.flags[index]
            guard flags & (AccountOutcomes.Flags.liquidated | AccountOutcomes.Flags.partial | AccountOutcomes.Flags.takenOver) != 0 else { continue }
            result.accountsLiquidated += 1
            if flags & AccountOutcomes.Flags.takenOver != 0 {
                result.accountsTakenOver += 1
                if flags & AccountOutcomes.Flags.partial != 0 { result.accountsPartialThenTakenOver += 1 }
            } else if flags & AccountOutcomes.Flags.partial != 0 {
                result.accountsPartiallyOnly += 1
            }
            result.liquidatedEquityStart += start
            result.liquidatedEquityEnd += end
            let share = start.isPositive ? Double(end.units) / Double(start.units) : 0
            let bin = share >= 1 ? 10 : Swift.max(0, Swift.min(9, Int(share * 10)))
            result.retainedHistogram[bin] += 1
        }
    }
}
