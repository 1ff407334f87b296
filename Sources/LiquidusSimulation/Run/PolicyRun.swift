import LiquidusBook
import LiquidusCore
import LiquidusEngine

/// Runs one forked engine along the scenario with cascade feedback (see `docs/simulation.md`).
///
/// Each second `t`, every market's ``BookModel`` refills, the accounts due open, then:
/// 1. each market's book is published as an `orderBook` input around its exogenous price `P_t`
///    with the scenario's depth (children of closes under way go against it);
/// 2. each market's mark — the impact mid of its book — goes in as a `markPrice` input; the
///    engine liquidates, its child orders and the liquidator's unwinds filling against its copy
///    of the books;
///    With ``RunOptions/funding``, in round 0 a market with funding rules first gets a `premiumIndex` sample — the mark over
///    the exogenous price, less one — so the engine settles funding at the venue's boundaries;
/// 3. what they took is read back into the book models (``BookModel/absorb(_:)``), which moves
///    the impact mid; every market whose mark moved gets a new `markPrice` input (an *induced*
///    round: only liquidation flow moved it), and so on until no mark moves or
///    ``RunOptions/maxRoundsPerSecond`` rounds have run (the cascade then goes on next second).
///
/// Every money figure comes from the engine's events (see `PolicyRun+Events.swift`).
struct PolicyRun {
    var engine: LiquidationEngine
    let setup: SimulationSetup
    let scenario: ScenarioPath
    let options: RunOptions
    var result: PolicyResult
    var log: [EngineInput] = []
    var progress: SimulationProgress?
    var progressIndex = 0

    /// Per market (as ``SimulationSetup/feeds``): its book model and mark figures.
    var books: [BookModel]
    var lastMark: [Price]
    var markPeak: [Double]

    /// Accounting.
    let indexOf: [String: Int]
    var slippageWeighted = 0.0
    var slippageWeight = 0.0
    /// Whether the last takeover handed lots to auto-deleveraging whose first event is still to come.
    var orderOpen = false
    var roundSteps = 0
    /// Accounts that open during the path, by time: (second, population index).
    var arrivals: [(second: Int64, index: Int)]
    var nextArrival = 0

    init(engine: LiquidationEngine, setup: SimulationSetup, scenario: ScenarioPath, options: RunOptions, result: PolicyResult) {
        self.engine = engine
        self.setup = setup
        self.scenario = scenario
        self.options = options
        self.result = result
        books = setup.feeds.map { feed in
            BookModel(configuration: feed.book, market: feed.market, startPrice: scenario.assets[feed.asset].path.prices[0] * feed.scale)
        }
        lastMark = setup.feeds.map(\.startMark)
        markPeak = lastMark.map { Double($0.units) / 1e8 }
        var ids: [String: Int] = [:]
        ids.reserveCapacity(setup.population.members.count)
        for (index, member) in setup.population.members.enumerated() { ids[member.id] = index }
        indexOf = ids
        arrivals = setup.population.members.enumerated().filter { $0.element.openAt > 0 }.map { ($0.element.openAt, $0.offset) }
            .sorted { $0.second != $1.second ? $0.second < $1.second : $0.index < $1.index }
        self.result.accounts.startEquity = setup.startEquity
    }

    /// Applies `input` (its time the scenario's second, in engine time — milliseconds — from
    /// here on), records its events, and reads the books back into the models.
    mutating func apply(_ input: EngineInput, round: Int) throws(ValidationError) {
        var input = input
        input.time = engine.timeUnit.ticks(inSeconds: input.time)
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
        for event in events { record(event) }
        if !events.isEmpty {
            for index in books.indices { books[index].absorb(engine.books[setup.feeds[index].market.symbol]) }
        }
        let fund = engine.insuranceFund.clampedToMoney
        if fund < result.fundMin { result.fundMin = fund }
    }

    /// Runs the whole scenario.
    mutating func run() throws(ValidationError) {
        startSeries()
        for t in 1..<scenario.seconds {
            try runSecond(t)
            if let progress, t % 600 == 0 { progress.advance(progressIndex, to: t) }
        }
        finish()
        progress?.advance(progressIndex, to: scenario.seconds)
    }

    /// The premium of the simulated perpetual over its index (the exogenous price):
    /// `mark ÷ index − 1`, rounded toward zero to a rate and kept within ±1.
    static func premium(of mark: Price, over index: Double) -> Rate {
        let premium = (Double(mark.units) / (index * 1e8) - 1) * Double(Rate.one.units)
        guard premium.isFinite else { return .zero }
        return Rate(units: Int64(Swift.min(Swift.max(premium, -Double(Rate.one.units)), Double(Rate.one.units)).rounded(.towardZero)))
    }

    /// Second `t`: the books refill, the accounts due open, the books are published, then rounds
    /// of marks → engine → depth taken → marks until no mark moves (or the round cap).
    mutating func runSecond(_ t: Int) throws(ValidationError) {
        let time = Int64(t)
        for index in books.indices { books[index].refill() }
        try openArrivals(at: time)
        for (index, feed) in setup.feeds.enumerated() {
            let asset = scenario.assets[feed.asset]
            let levels = books[index].snapshot(price: asset.path.prices[t] * feed.scale, depth: asset.depth.factor(at: t))
            try apply(EngineInput(time: time, .orderBook(market: feed.market.symbol, bids: levels.bids, asks: levels.asks)), round: 0)
        }
        var induced = 0
        var round = 0
        while true {
            roundSteps = 0
            for index in books.indices {
                let mark = books[index].mark()
                guard round == 0 || mark != lastMark[index] else { continue }
                lastMark[index] = mark
                let feed = setup.feeds[index]
                if round == 0, options.funding, feed.market.funding != nil {
                    let index = scenario.assets[feed.asset].path.prices[t] * feed.scale
                    try apply(EngineInput(time: time, .premiumIndex(market: feed.market.symbol, premium: Self.premium(of: mark, over: index))), round: round)
                }
                try apply(EngineInput(time: time, .markPrice(market: feed.market.symbol, price: mark)), round: round)
            }
            if round > 0, roundSteps > 0 {
                induced += 1
                result.inducedSteps += roundSteps
            }
            // No liquidation this round: no depth was taken, so no mark can move.
            guard roundSteps > 0 else { break }
            round += 1
            if round >= options.maxRoundsPerSecond {
                result.roundCapHits += 1
                break
            }
        }
        if induced > 0 { result.cascadeSeconds += 1 }
        result.cascadeDepth = Swift.max(result.cascadeDepth, induced)
        recordMarks(second: t)
    }
}
