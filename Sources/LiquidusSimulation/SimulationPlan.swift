public import LiquidusCore
import LiquidusEngine

/// A whole `liquidus simulate` run as data: the path, who trades, which policies, the book model.
/// ``prepare()`` sets the books up; ``run(progress:)`` runs every policy and assembles the report.
/// The command and the tests go through this one type.
public struct SimulationPlan: Sendable {
    /// The exogenous path (already cut to length).
    public var path: PricePath
    /// Generated accounts (ignored when ``loaded`` is set).
    public var accounts: Int
    /// The seed of the generated population (and of the generated path, set by the caller).
    public var seed: UInt64
    /// Policies by name (``PolicyChoice/names``), compared on the markets of ``marketsVenue``.
    public var policies: [String]
    /// Venue presets to compare instead, each with its own markets and policy (empty: use ``policies``).
    public var venues: [String]
    /// The venue whose markets a `policies` comparison runs on.
    public var marketsVenue: String
    /// A population read from a file (with its markets and marks), instead of a generated one.
    public var loaded: LoadedPopulation?
    /// The fund at the start; nil: 1 % of the open notional.
    public var insuranceFund: Money?
    /// Money resting within 1 % on each side; nil: 1 % of the open notional.
    public var bookDepth: Double?
    /// The book's refill rate per second.
    public var refillRate: Double
    /// The cap on rounds per second.
    public var maxRoundsPerSecond: Int
    /// Check invariants after every input, keep input logs (tests).
    public var checkInvariants = false
    /// See ``checkInvariants``.
    public var recordInputs = false
    /// The distributions of a generated population.
    public var distribution = Population.Distribution()

    /// Creates a plan with the command's defaults.
    public init(path: PricePath, accounts: Int = 100_000, seed: UInt64 = 1, policies: [String] = ["restore", "step-down", "fixed-fraction", "full"],
                venues: [String] = [], marketsVenue: String = "bybit", refillRate: Double = 0.05, maxRoundsPerSecond: Int = 50) {
        self.path = path
        self.accounts = accounts
        self.seed = seed
        self.policies = policies
        self.venues = venues
        self.marketsVenue = marketsVenue
        self.refillRate = refillRate
        self.maxRoundsPerSecond = maxRoundsPerSecond
    }

    /// The prepared books, cases and options.
    public struct Prepared: Sendable {
        /// One set-up book per market table (one, or one per venue).
        public var setups: [SimulationSetup]
        /// The runs to make.
        public var cases: [Simulation.Case]
        /// The run options.
        public var options: RunOptions
        /// Description of the markets.
        public var marketDescription: String
        /// The fund at the start.
        public var insuranceFund: Money
    }

    /// Why a plan cannot run: an unknown name, a population that does not fit.
    public struct PlanError: Error, CustomStringConvertible, Sendable {
        /// What is wrong.
        public var description: String
        /// Creates an error.
        public init(_ description: String) { self.description = description }
    }

    /// The BTC market of a preset: the first whose symbol starts with `BTC`.
    static func btcMarket(of preset: VenuePreset) -> Market {
        preset.markets.first { $0.symbol.hasPrefix("BTC") } ?? preset.markets[0]
    }

    /// Sets up the books: one per venue (`venues`) or one on ``marketsVenue``'s markets.
    /// - Complexity: O(accounts) engine inputs per book.
    public func prepare() throws -> Prepared {
        let tables = try self.tables()
        guard let first = tables.first else { throw PlanError("nothing to run") }
        let notional = first.population.totalNotional
        let fund = insuranceFund ?? first.fund ?? notional.multiplied(by: Rate(units: 1_000_000), .down)
        let depth = bookDepth ?? Double(notional.units) / 1e8 * 0.01
        var setups: [SimulationSetup] = []
        var cases: [Simulation.Case] = []
        for table in tables {
            let setup = try SimulationSetup(
                population: table.population, markets: table.markets, marks: table.marks, insuranceFund: fund,
                openOrders: table.orders, policy: table.choices[0].specification.makePolicy(), recordInputs: recordInputs)
            for choice in table.choices { cases.append(Simulation.Case(choice: choice, setup: setups.count)) }
            setups.append(setup)
        }
        let options = RunOptions(
            book: SimulatedBook.Configuration(depthWithinOnePercent: Swift.max(depth, 1), refillRate: refillRate),
            maxRoundsPerSecond: maxRoundsPerSecond, checkInvariants: checkInvariants, recordInputs: recordInputs)
        return Prepared(setups: setups, cases: cases, options: options, marketDescription: tables.map(\.description).joined(separator: "; "), insuranceFund: fund)
    }

    /// One book to set up: its markets, population, marks, orders and fund, and the policies
    /// that run on it.
    struct Table {
        var markets: [Market]
        var population: Population
        var marks: [String: Price]
        var orders: [String: [OpenOrder]]
        var fund: Money?
        var choices: [PolicyChoice]
        var description: String
    }

    /// The loaded population under `policies`; or one generated book per venue preset under its
    /// own policy; or one generated book on `marketsVenue`'s BTC market under `policies`.
    func tables() throws -> [Table] {
        if let loaded {
            guard venues.isEmpty else { throw PlanError("--venues cannot be combined with --population (the file brings its own markets)") }
            return [Table(
                markets: loaded.markets, population: loaded.population, marks: loaded.marks, orders: loaded.openOrders,
                fund: loaded.insuranceFund, choices: try choices(policies),
                description: "markets of the population file: " + loaded.markets.map(\.symbol).joined(separator: ", "))]
        }
        if !venues.isEmpty {
            return try venues.map { name in
                guard let preset = VenuePreset.named(name) else {
                    throw PlanError("unknown venue \"\(name)\" (known: \(VenuePreset.all.map(\.name).joined(separator: ", ")))")
                }
                let choice = PolicyChoice(label: name, specification: preset.policy, description: "\(preset.policy.kind) (\(preset.title) preset)")
                return generatedTable(on: Self.btcMarket(of: preset), of: name, choices: [choice])
            }
        }
        guard let preset = VenuePreset.named(marketsVenue) else {
            throw PlanError("unknown venue \"\(marketsVenue)\" for --markets (known: \(VenuePreset.all.map(\.name).joined(separator: ", ")))")
        }
        return [generatedTable(on: Self.btcMarket(of: preset), of: marketsVenue, choices: try choices(policies))]
    }

    /// The policies named `names`, or an error naming the unknown one.
    func choices(_ names: [String]) throws -> [PolicyChoice] {
        try names.map { name in
            guard let choice = PolicyChoice.named(name) else {
                throw PlanError("unknown policy \"\(name)\" (known: \(PolicyChoice.names.joined(separator: ", ")))")
            }
            return choice
        }
    }

    /// A generated population on `market` of venue `preset`, marked at the path's start on the tick.
    func generatedTable(on market: Market, of preset: String, choices: [PolicyChoice]) -> Table {
        let tick = market.tickSize.units
        let start = Price(units: Swift.max(1, Int64((path.prices[0] * 1e8 / Double(tick)).rounded())) * tick)
        let population = Population.generated(count: accounts, market: market, path: path, seed: seed, distribution: distribution)
        let tiers = market.riskTiers.tiers
        let description = "\(preset) \(market.symbol): tick \(market.tickSize), lot \(market.lotSize), liquidation fee \(market.liquidationFeeRate), "
            + "tier 1 maintenance \(tiers[0].maintenanceMarginRate) up to \(tiers[0].notionalCap.map { "\($0)" } ?? "∞") at \(tiers[0].maxLeverage)×, \(tiers.count) tiers"
        return Table(markets: [market], population: population, marks: [market.symbol: start], orders: [:], fund: nil, choices: choices, description: description)
    }

    /// Runs every case of `prepared` and assembles the report.
    public func run(_ prepared: Prepared, progress: SimulationProgress? = nil) async throws -> (report: SimulationReport, runs: [Simulation.Run]) {
        let runs = try await Simulation.run(path: path, setups: prepared.setups, cases: prepared.cases, options: prepared.options, progress: progress)
        let population = prepared.setups[0].population
        let report = SimulationReport(
            path: path, populationName: population.name, accounts: population.members.count, openNotional: population.totalNotional,
            seed: seed, insuranceFund: prepared.insuranceFund, book: prepared.options.book, marketDescription: prepared.marketDescription,
            results: runs.map(\.result))
        return (report, runs)
    }
}
