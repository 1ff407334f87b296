public import LiquidusCore
public import LiquidusEngine

/// A book set up in the engine before the path starts: markets, marks at the path's start, the
/// insurance fund, and every account opened, funded and filled at time 0.
///
/// Built once and forked per policy with ``LiquidusEngine/LiquidationEngine/with(policy:)``.
public struct SimulationSetup: Sendable {
    /// The engine after set-up (under the first policy it was built with).
    public var engine: LiquidationEngine
    /// The inputs that built it, in order (for replay).
    public var inputs: [EngineInput]
    /// The markets the path drives, ascending by symbol, with their start marks.
    public var symbols: [String]
    /// The start mark of each symbol.
    public var startMarks: [Price]
    /// The population.
    public var population: Population
    /// Each account's equity at the start marks, by population index.
    public var startEquity: [Money]
    /// The fund at the start.
    public var insuranceFund: Money
    /// Events the set-up itself caused (should be none: generated accounts start healthy).
    public var setupEvents: Int

    /// Opens every account of `population` in an engine with `markets` and `insuranceFund`,
    /// marks each traded market at `marks` first. Throws the first input the engine refuses,
    /// prefixed with the account's id.
    /// - Complexity: O(accounts · engine input cost).
    public init(
        population: Population, markets: [Market], marks: [String: Price], insuranceFund: Money,
        openOrders: [String: [OpenOrder]] = [:], policy: any LiquidationPolicy, recordInputs: Bool = false
    ) throws(ValidationError) {
        var engine = LiquidationEngine(policy: policy, insuranceFund: insuranceFund, markets: markets, startTime: 0)
        var log: [EngineInput] = []
        var events = 0
        func apply(_ input: EngineInput) throws(ValidationError) {
            if recordInputs { log.append(input) }
            events += try engine.apply(input).count
        }
        let symbols = population.symbols
        var starts: [Price] = []
        for symbol in symbols {
            guard let mark = marks[symbol] else {
                throw ValidationError(.missingField, at: "markPrices.\(symbol)", "the population trades \(symbol) but no start mark is given")
            }
            starts.append(mark)
            try apply(EngineInput(time: 0, .markPrice(market: symbol, price: mark)))
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
        self.symbols = symbols
        self.startMarks = starts
        self.population = population
        self.startEquity = equity
        self.insuranceFund = insuranceFund
        self.setupEvents = events
    }
}
