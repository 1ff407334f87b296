public import LiquidusCore
public import LiquidusEngine

/// A venue set up in the engine before the scenario starts: its markets, marks and books at the
/// scenario's start, the insurance fund, and every account opened, funded and filled at time 0.
///
/// Built once and forked per run with ``LiquidusEngine/LiquidationEngine/with(policy:)``.
public struct SimulationSetup: Sendable {
    /// One traded market: which asset path drives it and how its book is modelled.
    public struct Feed: Sendable, Hashable {
        /// The market.
        public var market: Market
        /// The index of the scenario asset whose path drives it.
        public var asset: Int
        /// The start mark ÷ the asset path's first price (1 for a generated population).
        public var scale: Double
        /// Its start mark, on the tick.
        public var startMark: Price
        /// The book model's parameters.
        public var book: BookModel.Configuration
        /// Whether the market was derived from the venue's others (see ``SimulatedMarkets``).
        public var derived: Bool
    }

    /// The engine after set-up (under the first policy it was built with).
    public var engine: LiquidationEngine
    /// The inputs that built it, in order (for replay).
    public var inputs: [EngineInput]
    /// The traded markets, in the scenario's order.
    public var feeds: [Feed]
    /// The population.
    public var population: Population
    /// Each account's equity at the start marks, by population index.
    public var startEquity: [Money]
    /// The fund at the start.
    public var insuranceFund: Money
    /// Events the set-up itself caused (should be none: generated accounts start healthy).
    public var setupEvents: Int

    /// The markets' symbols, in order.
    public var symbols: [String] { feeds.map(\.market.symbol) }

    /// Opens every account of `population` in an engine with the feeds' markets, each marked at
    /// its start mark and given its start book first, and `insuranceFund`. Throws the first
    /// input the engine refuses, prefixed with the account's id.
    /// - Complexity: O(accounts · engine input cost).
    public init(
        population: Population, feeds: [Feed], scenario: ScenarioPath, insuranceFund: Money, openOrders: [String: [OpenOrder]] = [:],
        policy: any LiquidationPolicy, recordInputs: Bool = false
    ) throws(ValidationError) {
        var engine = LiquidationEngine(policy: policy, insuranceFund: insuranceFund, markets: feeds.map(\.market), startTime: 0)
        var log: [EngineInput] = []
        var events = 0
        func apply(_ input: EngineInput) throws(ValidationError) {
            if recordInputs { log.append(input) }
            events += try engine.apply(input).count
        }
        for feed in feeds {
            let price = scenario.assets[feed.asset].path.prices[0] * feed.scale
            var book = BookModel(configuration: feed.book, market: feed.market, startPrice: price)
            let levels = book.snapshot(price: price, depth: scenario.assets[feed.asset].depth.factor(at: 0))
            try apply(EngineInput(time: 0, .markPrice(market: feed.market.symbol, price: feed.startMark)))
            try apply(EngineInput(time: 0, .orderBook(market: feed.market.symbol, bids: levels.bids, asks: levels.asks)))
        }
        for member in population.members where member.openAt == 0 {
            do {
                try apply(EngineInput(time: 0, .openAccount(id: member.id, marginMode: member.marginMode)))
                if member.deposit.isPositive { try apply(EngineInput(time: 0, .deposit(account: member.id, amount: member.deposit))) }
                for holding in member.holdings {
                    try apply(EngineInput(time: 0, .fill(
                        account: member.id, market: holding.market, size: holding.size, price: holding.entryPrice,
                        margin: member.marginMode == .isolated ? holding.isolatedMargin : .zero)))
                }
                for order in openOrders[member.id] ?? [] {
                    try apply(EngineInput(time: 0, .placeOrder(account: member.id, order: order)))
                }
            } catch {
                throw error.prefixed(by: "accounts[\"\(member.id)\"]")
            }
        }
        var equity: [Money] = []
        equity.reserveCapacity(population.members.count)
        for member in population.members {
            equity.append(member.openAt == 0 ? (try? engine.account(member.id)?.margin(markets: engine.markets, marks: engine.marks).equity) ?? .zero : .zero)
        }
        self.engine = engine
        self.inputs = log
        self.feeds = feeds
        self.population = population
        self.startEquity = equity
        self.insuranceFund = insuranceFund
        self.setupEvents = events
    }
}
