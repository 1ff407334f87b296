import LiquidusBook
import LiquidusCore
import LiquidusEngine

/// Runs one forked engine along the path with cascade feedback (see `docs/simulation.md`).
///
/// Each second `t`: every market's book refills, then rounds follow until one liquidates nothing
/// or moves no mark (at most ``RunOptions/maxRoundsPerSecond``):
/// 1. mark `= round_tick(P_t × (1 + D))`, `P_t` the exogenous price, `D` the book's displacement;
/// 2. expected price `=` the average price of walking the book for the forecast flow (the last
///    round's flow, or a moving average of past seconds' in round 0; at least a small clip) on the
///    side the flow is expected on (round 0: the side of the exogenous move), rounded onto the
///    tick in the liquidated trader's worse direction; sent as `.expectedPrice` when it changes;
/// 3. `.markPrice` at time `t` (every round 0, later rounds when the mark moved), after — in
///    round 0, in markets with funding rules — a `.premiumIndex` sample of the mark over the path
///    (so funding settles along the path at the venue's boundaries, paid by the engine);
/// 4. the engine's events give the flow: partial closes and the takeovers' market unwinds (and
///    ADL remainders unwound in the market) sell a long, buy a short; the flow walks the book.
/// Rounds after the first in a second are *induced*: only liquidation flow moved their mark.
struct PolicyRun {
    var engine: LiquidationEngine
    let setup: SimulationSetup
    let path: PricePath
    let options: RunOptions
    var result: PolicyResult
    var log: [EngineInput] = []
    var progress: SimulationProgress?
    var progressIndex = 0

    // Per market state, indexed like setup.symbols.
    var books: [SimulatedBook]
    var scales: [Double]
    var ticks: [Int64]
    var lastMark: [Price]
    var lastExpected: [Price?]
    var forecast: [(sell: Double, buy: Double)]
    var lastSide: [OrderSide]
    var minClip: [Double]

    // Accounting.
    var liquidated: [Bool]
    var takenOver: [Bool]
    var partial: [Bool]
    var deleveraged: [Bool]
    let indexOf: [String: Int]
    var slippageWeighted = 0.0
    var slippageWeight = 0.0
    var takeoverSides: [String: OrderSide] = [:]
    var roundFlow: [(sell: Double, buy: Double)]
    var roundSteps = 0
    /// Accounts that open during the path, by time: (second, population index).
    var arrivals: [(second: Int64, index: Int)]
    var nextArrival = 0
    /// Equity at opening, by population index.
    var startEquity: [Money]
    /// The first market's mark each second, and its lowest.
    var markSeries: [Double] = []
    var lowestMark = Price.zero

    init(engine: LiquidationEngine, setup: SimulationSetup, path: PricePath, options: RunOptions, label: String, description: String) {
        self.engine = engine
        self.setup = setup
        self.path = path
        self.options = options
        let symbols = setup.symbols
        result = PolicyResult(label: label, policyDescription: description, symbol: symbols.first ?? "")
        books = []
        scales = []
        ticks = []
        minClip = []
        for (index, symbol) in symbols.enumerated() {
            let start = Double(setup.startMarks[index].units) / 1e8
            var configuration = options.book
            configuration.depthWithinOnePercent = options.book.depthWithinOnePercent
            books.append(SimulatedBook(configuration: configuration, startPrice: start))
            scales.append(start / path.prices[0])
            ticks.append(engine.markets[symbol]!.tickSize.units)
            minClip.append(configuration.depthWithinOnePercent / start * 0.01)
        }
        lastMark = setup.startMarks
        lastExpected = Array(repeating: nil, count: symbols.count)
        forecast = Array(repeating: (0, 0), count: symbols.count)
        lastSide = Array(repeating: .sell, count: symbols.count)
        roundFlow = Array(repeating: (0, 0), count: symbols.count)
        let count = setup.population.members.count
        liquidated = Array(repeating: false, count: count)
        takenOver = Array(repeating: false, count: count)
        partial = Array(repeating: false, count: count)
        deleveraged = Array(repeating: false, count: count)
        var ids: [String: Int] = [:]
        ids.reserveCapacity(count)
        for (index, member) in setup.population.members.enumerated() { ids[member.id] = index }
        indexOf = ids
        arrivals = setup.population.members.enumerated().filter { $0.element.openAt > 0 }.map { ($0.element.openAt, $0.offset) }
            .sorted { $0.second != $1.second ? $0.second < $1.second : $0.index < $1.index }
        startEquity = setup.startEquity
    }

    /// Opens the accounts due at `time` at the current marks: collateral `notional ÷ leverage`
    /// (rounded up), and for an isolated account the same free-wallet share as its placeholder.
    mutating func openArrivals(at time: Int64) throws(ValidationError) {
        while nextArrival < arrivals.count, arrivals[nextArrival].second <= time {
            let index = arrivals[nextArrival].index
            nextArrival += 1
            let member = setup.population.members[index]
            var deposit = Money.zero
            var fills: [EngineInput] = []
            for holding in member.holdings {
                guard let mark = engine.marks[holding.market] else { continue }
                let notional = Money.notional(of: holding.size, at: mark, .up)
                let leverage = Rate(units: Swift.max(Rate.one.units, Int64((holding.leverage * 1e8).rounded(.down))))
                let collateral = notional.divided(by: leverage, .up)
                var free = Money.zero
                if member.marginMode == .isolated, holding.isolatedMargin.isPositive {
                    let share = Double((member.deposit - holding.isolatedMargin).units) / Double(holding.isolatedMargin.units)
                    free = Money(units: Int64(Double(collateral.units) * Swift.max(0, share)))
                }
                deposit += collateral + free
                fills.append(EngineInput(time: time, .fill(
                    account: member.id, market: holding.market, size: holding.size, price: mark,
                    margin: member.marginMode == .isolated ? collateral : .zero)))
            }
            do {
                try apply(EngineInput(time: time, .openAccount(id: member.id, marginMode: member.marginMode)), round: 0)
                if deposit.isPositive { try apply(EngineInput(time: time, .deposit(account: member.id, amount: deposit)), round: 0) }
                for fill in fills { try apply(fill, round: 0) }
            } catch {
                throw error.prefixed(by: "accounts[\"\(member.id)\"]")
            }
            startEquity[index] = deposit
        }
    }

    /// The mark for exogenous price `exo` and displacement `d`, on the tick (nearest), ≥ one tick.
    func onTick(_ value: Double, _ tick: Int64, _ rounding: FloatingPointRoundingRule) -> Price {
        let ticks = (value * 1e8 / Double(tick)).rounded(rounding)
        let clamped = Swift.min(Swift.max(ticks, 1), Double(Limits.maxPrice.units / tick))
        return Price(units: Int64(clamped) * tick)
    }

    /// The premium of the simulated perpetual over its index (the exogenous path):
    /// `mark ÷ index − 1`, rounded toward zero to a rate and kept within ±1. One sample a second
    /// in markets with funding rules, so funding settles along the path at the venue's boundaries.
    static func premium(of mark: Price, over index: Double) -> Rate {
        let premium = (Double(mark.units) / (index * 1e8) - 1) * Double(Rate.one.units)
        guard premium.isFinite else { return .zero }
        return Rate(units: Int64(Swift.min(Swift.max(premium, -Double(Rate.one.units)), Double(Rate.one.units)).rounded(.towardZero)))
    }

    mutating func apply(_ input: EngineInput, round: Int) throws(ValidationError) {
        if options.recordInputs { log.append(input) }
        let events = try engine.apply(input)
        result.inputs += 1
        result.events += events.count
        if options.checkInvariants {
            let broken = engine.checkInvariants()
            if !broken.isEmpty, result.invariantViolations.count < 20 {
                result.invariantViolations.append("t=\(input.time): " + broken.joined(separator: "; "))
            }
        }
        for event in events { record(event, round: round) }
        let fund = engine.insuranceFund.clampedToMoney
        if fund < result.fundMin { result.fundMin = fund }
    }

    mutating func record(_ event: EngineEvent, round: Int) {
        let minute = Int(event.time / 60)
        switch event.payload {
        case .liquidationTriggered(let e):
            if let index = indexOf[e.account] { liquidated[index] = true }
        case .partialLiquidation(let e):
            let notional = Money.notional(of: e.quantity, at: e.price, .up)
            result.partialSteps += 1
            result.liquidatedNotional += notional
            result.partialNotional += notional
            result.liquidationFees += e.fee
            result.minuteLiquidated[minute] += Double(notional.units) / 1e8
            if let index = indexOf[e.account] { partial[index] = true }
            let market = marketIndex(e.market)
            let qty = Double(e.quantity.units) / 1e8
            if e.side == "long" { roundFlow[market].sell += qty } else { roundFlow[market].buy += qty }
            slippage(price: e.price, market: e.market, long: e.side == "long", notional: notional)
            roundSteps += 1
        case .positionTakenOver(let e):
            let notional = Money.notional(of: e.size, at: e.bankruptcyPrice, .up)
            result.takeovers += 1
            result.liquidatedNotional += notional
            result.minuteLiquidated[minute] += Double(notional.units) / 1e8
            if let index = indexOf[e.account] { takenOver[index] = true }
            let market = marketIndex(e.market)
            let qty = Double(e.closedInMarket.units) / 1e8
            let long = e.size.isPositive
            if long { roundFlow[market].sell += qty } else { roundFlow[market].buy += qty }
            takeoverSides[e.account + "/" + e.market] = long ? .sell : .buy
            if e.closedInMarket.isPositive {
                slippage(price: e.expectedPrice, market: e.market, long: long, notional: Money.notional(of: e.closedInMarket, at: e.expectedPrice, .up))
            }
            roundSteps += 1
        case .insuranceFundPaid(let e):
            result.fundPaid += e.amount
            result.badDebt += e.amount + e.uncovered
        case .autoDeleveraged(let e):
            if let counterparty = e.counterparty {
                result.adlEvents += 1
                result.adlNotional += Money.notional(of: e.quantity, at: e.price, .up)
                if let index = indexOf[counterparty] { deleveraged[index] = true }
            } else {
                let market = marketIndex(e.market)
                let qty = Double(e.quantity.units) / 1e8
                if takeoverSides[e.liquidatedAccount + "/" + e.market] == .buy { roundFlow[market].buy += qty } else { roundFlow[market].sell += qty }
            }
        case .ordersCancelled, .liquidationResolved, .accountHeld, .accountReleased, .liquidationsHeld, .liquidationsResumed, .fundingPaid, .fundingSettled:
            break
        }
    }

    func marketIndex(_ symbol: String) -> Int {
        setup.symbols.count == 1 ? 0 : (setup.symbols.firstIndex(of: symbol) ?? 0)
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

    /// Runs the whole path.
    mutating func run() throws(ValidationError) {
        startSeries()
        for t in 1..<path.seconds {
            try runSecond(t)
            if let progress, t % 600 == 0 { progress.advance(progressIndex, to: t) }
        }
        closeSeries()
        finish()
        progress?.advance(progressIndex, to: path.seconds)
    }

    /// Second `t`: the books refill, the accounts due open, then rounds of prices → engine →
    /// liquidation flow → books until a round liquidates nothing (or the round cap is hit).
    mutating func runSecond(_ t: Int) throws(ValidationError) {
        let markets = setup.symbols.count
        for m in 0..<markets { books[m].refill() }
        try openArrivals(at: Int64(t))
        var secondFlow = Array(repeating: (sell: 0.0, buy: 0.0), count: markets)
        var induced = 0
        var round = 0
        while true {
            for m in 0..<markets { roundFlow[m] = (0, 0) }
            roundSteps = 0
            for m in 0..<markets { try sendPrices(market: m, second: t, round: round, flowSoFar: secondFlow[m]) }
            if round > 0, roundSteps > 0 {
                induced += 1
                result.inducedSteps += roundSteps
            }
            guard consumeRoundFlow(into: &secondFlow) else { break }
            round += 1
            if round >= options.maxRoundsPerSecond {
                result.roundCapHits += 1
                break
            }
        }
        for m in 0..<markets {
            forecast[m].sell = 0.5 * forecast[m].sell + 0.5 * secondFlow[m].sell
            forecast[m].buy = 0.5 * forecast[m].buy + 0.5 * secondFlow[m].buy
        }
        if induced > 0 { result.cascadeSeconds += 1 }
        result.cascadeDepth = Swift.max(result.cascadeDepth, induced)
        result.minuteFund[t / 60] = Double(engine.insuranceFund.units) / 1e8
    }

    /// Round `round` of second `t` on market `m`: the mark (the path displaced by the book) and
    /// the expected price (a walk of the book for the expected flow), each sent when it changes —
    /// the mark always in round 0.
    mutating func sendPrices(market m: Int, second t: Int, round: Int, flowSoFar: (sell: Double, buy: Double)) throws(ValidationError) {
        let time = Int64(t)
        let exo = path.prices[t] * scales[m]
        let mark = onTick(exo * (1 + books[m].displacement), ticks[m], .toNearestOrAwayFromZero)
        let flow = expectedFlow(market: m, second: t, round: round, flowSoFar: flowSoFar)
        let factor = books[m].averagePriceFactor(flow.side, quantity: flow.quantity)
        let expected = onTick(exo * factor, ticks[m], flow.side == .sell ? .down : .up)
        let symbol = setup.symbols[m]
        if expected != lastExpected[m] {
            try apply(EngineInput(time: time, .expectedPrice(market: symbol, price: expected)), round: round)
            lastExpected[m] = expected
        }
        if round == 0, engine.markets[symbol]?.funding != nil {
            try apply(EngineInput(time: time, .premiumIndex(market: symbol, premium: Self.premium(of: mark, over: exo))), round: round)
        }
        if round == 0 || mark != lastMark[m] {
            try apply(EngineInput(time: time, .markPrice(market: symbol, price: mark)), round: round)
            lastMark[m] = mark
        }
        if m == 0 { recordMark(mark, second: t, exogenous: exo) }
    }

    /// The side and quantity the book is walked for: in round 0 the forecast on the side of the
    /// path's move, in later rounds this second's flow so far; at least the market's clip.
    func expectedFlow(market m: Int, second t: Int, round: Int, flowSoFar: (sell: Double, buy: Double)) -> (side: OrderSide, quantity: Double) {
        if round == 0 {
            let previous = path.prices[t - 1]
            let side: OrderSide = path.prices[t] < previous ? .sell : (path.prices[t] > previous ? .buy : lastSide[m])
            return (side, Swift.max(side == .sell ? forecast[m].sell : forecast[m].buy, minClip[m]))
        }
        let side = lastSide[m]
        return (side, Swift.max(minClip[m], side == .sell ? flowSoFar.sell : flowSoFar.buy))
    }

    /// Walks each market's book with this round's liquidation flow and adds it to the second's.
    /// Returns whether there was any.
    mutating func consumeRoundFlow(into secondFlow: inout [(sell: Double, buy: Double)]) -> Bool {
        var any = false
        for m in roundFlow.indices {
            let flow = roundFlow[m]
            if flow.sell > 0 { books[m].consume(.sell, quantity: flow.sell); any = true }
            if flow.buy > 0 { books[m].consume(.buy, quantity: flow.buy); any = true }
            if flow.sell > 0 || flow.buy > 0 { lastSide[m] = flow.sell >= flow.buy ? .sell : .buy }
            secondFlow[m].sell += flow.sell
            secondFlow[m].buy += flow.buy
        }
        return any
    }

    /// The first market's mark at second `t`: its series, the lowest mark, the minute's low and
    /// the largest gap below the path.
    mutating func recordMark(_ mark: Price, second t: Int, exogenous exo: Double) {
        markSeries[t] = Double(mark.units) / 1e8
        if mark < lowestMark { lowestMark = mark }
        let minute = t / 60
        result.minuteMarkLow[minute] = Swift.min(result.minuteMarkLow[minute], markSeries[t])
        let displacement = 1 - Double(mark.units) / 1e8 / exo
        if displacement > result.maxLiquidationDisplacement { result.maxLiquidationDisplacement = displacement }
    }

    /// The per-minute series, the fund's start and the first mark, before the first second.
    mutating func startSeries() {
        let minutes = (path.seconds + 59) / 60
        result.minuteLiquidated = Array(repeating: 0, count: minutes)
        result.minuteFund = Array(repeating: 0, count: minutes)
        result.minuteMarkLow = Array(repeating: .infinity, count: minutes)
        result.fundStart = engine.insuranceFund.clampedToMoney
        result.fundMin = engine.insuranceFund.clampedToMoney
        markSeries = Array(repeating: 0, count: path.seconds)
        markSeries[0] = Double(setup.startMarks[0].units) / 1e8
        result.minuteMarkLow[0] = markSeries[0]
        result.minuteFund[0] = Double(engine.insuranceFund.units) / 1e8
        lowestMark = setup.startMarks[0]
    }

    /// The mark's figures once the path is run: minutes without a mark carry the last low over.
    mutating func closeSeries() {
        for minute in result.minuteMarkLow.indices where !result.minuteMarkLow[minute].isFinite {
            result.minuteMarkLow[minute] = minute > 0 ? result.minuteMarkLow[minute - 1] : markSeries[0]
        }
        result.markLow = lowestMark
        result.markPeakToTrough = PricePath.peakToTrough(markSeries).fraction
        result.averageSlippageBps = slippageWeight > 0 ? slippageWeighted / slippageWeight : 0
    }

    /// End-of-run figures: equity of every account at the final marks.
    mutating func finish() {
        result.fundEnd = engine.insuranceFund.clampedToMoney
        result.unrecoveredLoss = (-engine.unrecoveredLoss).clampedToMoney
        result.stateHash = engine.stateHash
        let markets = engine.markets
        let marks = engine.marks
        for (index, member) in setup.population.members.enumerated() {
            let start = startEquity[index]
            let end = (try? engine.account(member.id)?.margin(markets: markets, marks: marks).equity) ?? .zero
            result.traderEquityStart += start
            result.traderEquityEnd += end
            if deleveraged[index] { result.accountsDeleveraged += 1 }
            guard liquidated[index] || partial[index] || takenOver[index] else { continue }
            result.accountsLiquidated += 1
            if takenOver[index] { result.accountsTakenOver += 1 } else { result.accountsPartiallyOnly += 1 }
            result.liquidatedEquityStart += start
            result.liquidatedEquityEnd += end
            let share = start.isPositive ? Double(end.units) / Double(start.units) : 0
            let bin = share >= 1 ? 10 : Swift.max(0, Swift.min(9, Int(share * 10)))
            result.retainedHistogram[bin] += 1
        }
    }
}
