public import LiquidusCore
import LiquidusEngine

/// A whole `liquidus simulate` run as data: the scenario, who trades, which policies and ADL
/// mechanisms, the book model. ``prepare()`` sets the venues up; ``run(_:progress:)`` runs every
/// case and assembles the report. The command and the tests go through this one type.
///
/// Cases: every policy (or venue) under the first ADL mechanism, and the first policy (or venue)
/// under each further mechanism — the policy comparison and the ADL comparison share their
/// first run.
public struct SimulationPlan: Sendable {
    /// The exogenous scenario (already cut to length).
    public var scenario: ScenarioPath
    /// Generated accounts (ignored when ``loaded`` is set).
    public var accounts: Int
    /// The seed of the generated population (and of the generated paths, set by the caller).
    public var seed: UInt64
    /// Policies by name with any parameters (``PolicyChoice/parse(_:)``: `restore:target=0.5`),
    /// compared on the markets of ``marketsVenue``.
    public var policies: [String]
    /// Venue presets to compare instead, each with its own markets and policy (empty: use ``policies``).
    public var venues: [String]
    /// ADL mechanisms by name (``DeleveragingChoice/names``).
    public var deleveraging: [String]
    /// The venue whose markets a `policies` comparison runs on.
    public var marketsVenue: String
    /// A population read from a file (with its markets and marks), instead of a generated one.
    public var loaded: LoadedPopulation?
    /// The fund at the start; nil: 0.1 % of the open notional.
    public var insuranceFund: Money?
    /// The run options (book depth, refill, round cap, checks).
    public var options: RunOptions
    /// The parameter swept, when ``policies`` begin with its entries (for the report's sweep charts).
    public var sweep: PolicySweep?
    /// The distributions of a generated population.
    public var distribution = Population.Distribution()

    /// Creates a plan with the command's defaults.
    public init(
        scenario: ScenarioPath, accounts: Int = 100_000, seed: UInt64 = 1, policies: [String] = ["restore", "step-down", "fixed-fraction", "full"],
        venues: [String] = [], deleveraging: [String] = ["queue", "pro-rata", "risk-pro-rata"], marketsVenue: String = "bybit",
        options: RunOptions = RunOptions()
    ) {
        self.scenario = scenario
        self.accounts = accounts
        self.seed = seed
        self.policies = policies
        self.venues = venues
        self.deleveraging = deleveraging
        self.marketsVenue = marketsVenue
        self.options = options
    }

    /// The prepared venues, cases and options.
    public struct Prepared: Sendable {
        /// One set-up engine per venue (one, or one per `--venues` entry).
        public var setups: [SimulationSetup]
        /// The runs to make.
        public var cases: [Simulation.Case]
        /// Description of each venue's markets.
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

    /// Sets up the venues: one per `venues` entry or one on ``marketsVenue``'s markets.
    /// - Complexity: O(accounts) engine inputs per venue.
    public func prepare() throws -> Prepared {
        let tables = try self.tables()
        guard let first = tables.first else { throw PlanError("nothing to run") }
        let mechanisms = try deleveraging.map { name in
            guard let choice = DeleveragingChoice.named(name) else {
                throw PlanError("unknown ADL mechanism \"\(name)\" (known: \(DeleveragingChoice.names.joined(separator: ", ")))")
            }
            return choice
        }
        guard let firstMechanism = mechanisms.first else { throw PlanError("--adl names no mechanism") }
        let notional = first.population.totalNotional
        let fund = insuranceFund ?? first.fund ?? notional.multiplied(by: Rate(units: 100_000), .down)
        var setups: [SimulationSetup] = []
        var cases: [Simulation.Case] = []
        for table in tables {
            let setup = try SimulationSetup(
                population: table.population, feeds: feeds(of: table), scenario: scenario, insuranceFund: fund, openOrders: table.orders,
                policy: table.choices[0].specification.makePolicy(), recordInputs: options.recordInputs)
            for choice in table.choices {
                cases.append(Simulation.Case(choice: choice, deleveraging: firstMechanism, setup: setups.count))
            }
            setups.append(setup)
        }
        for mechanism in mechanisms.dropFirst() {
            let choice = tables[0].choices[0]
            cases.append(Simulation.Case(choice: choice, deleveraging: mechanism, setup: 0, label: "\(choice.label) · \(mechanism.label)"))
        }
        return Prepared(setups: setups, cases: cases, marketDescription: tables.map(\.description).joined(separator: "; "), insuranceFund: fund)
    }

    /// The feeds of a table: each market driven by the scenario asset it trades (by symbol
    /// prefix; else the headline asset), its book's depth within 1 % the run's ratio of the
    /// population's open notional there.
    func feeds(of table: Table) -> [SimulationSetup.Feed] {
        var notional: [String: Money] = [:]
        for member in table.population.members {
            for holding in member.holdings { notional[holding.market, default: .zero] += Money.notional(of: holding.size, at: holding.entryPrice, .up) }
        }
        return table.markets.compactMap { entry in
            let market = entry.market
            guard notional[market.symbol] != nil || table.marks[market.symbol] != nil else { return nil }
            let asset = scenario.assets.firstIndex { market.symbol.hasPrefix($0.name) } ?? 0
            let start = scenario.assets[asset].path.prices[0]
            let mark = table.marks[market.symbol] ?? BookModel.onTick(start, market.tickSize.units, .toNearestOrAwayFromZero)
            let depth = Swift.max(Double((notional[market.symbol] ?? .zero).units) / 1e8 * options.bookDepthRatio, 1)
            return SimulationSetup.Feed(
                market: market, asset: asset, scale: Double(mark.units) / 1e8 / start, startMark: mark,
                book: BookModel.Configuration(depthWithinOnePercent: depth, refillRate: options.refillRate), derived: entry.derived)
        }
    }

    /// One venue to set up: its markets, population, marks, orders and fund, and the policies
    /// that run on it.
    struct Table {
        var markets: [(market: Market, derived: Bool)]
        var population: Population
        var marks: [String: Price]
        var orders: [String: [OpenOrder]]
        var fund: Money?
        var choices: [PolicyChoice]
        var description: String
    }

    /// The loaded population under `policies`; or one generated population per venue preset
    /// under its own policy; or one on `marketsVenue`'s markets under `policies`.
    func tables() throws -> [Table] {
        if let loaded {
            guard venues.isEmpty else { throw PlanError("--venues cannot be combined with --population (the file brings its own markets)") }
            return [Table(
                markets: loaded.markets.map { ($0, false) }, population: loaded.population, marks: loaded.marks, orders: loaded.openOrders,
                fund: loaded.insuranceFund, choices: try choices(policies),
                description: "markets of the population file: " + loaded.markets.map(\.symbol).joined(separator: ", "))]
        }
        if !venues.isEmpty {
            return try venues.map { name in
                let preset = try Self.preset(name)
                let choice = PolicyChoice(label: name, specification: preset.policy, description: "\(preset.policy.kind) (\(preset.title) preset)")
                return generatedTable(on: preset, choices: [choice])
            }
        }
        return [generatedTable(on: try Self.preset(marketsVenue), choices: try choices(policies))]
    }

    static func preset(_ name: String) throws -> VenuePreset {
        guard let preset = VenuePreset.named(name) else {
            throw PlanError("unknown venue \"\(name)\" (known: \(VenuePreset.all.map(\.name).joined(separator: ", ")))")
        }
        return preset
    }

    /// The policies `texts` give (see ``PolicyChoice/parse(_:)``), or an error whose path names
    /// the entry and its parameter (`--policies[1].target`); two entries with the same label are refused.
    func choices(_ texts: [String]) throws(ValidationError) -> [PolicyChoice] {
        var choices: [PolicyChoice] = []
        for (index, text) in texts.enumerated() {
            let choice: PolicyChoice
            do { choice = try PolicyChoice.parse(text) } catch { throw error.prefixed(by: "--policies[\(index)]") }
            if let earlier = choices.firstIndex(where: { $0.label == choice.label }) {
                throw ValidationError(.duplicate, at: "--policies[\(index)]", "\"\(choice.label)\" repeats --policies[\(earlier)]")
            }
            choices.append(choice)
        }
        return choices
    }

    /// A generated population on the scenario's assets on venue `preset`.
    func generatedTable(on preset: VenuePreset, choices: [PolicyChoice]) -> Table {
        let markets = SimulatedMarkets.markets(for: scenario.assets.map(\.name), on: preset)
        let population = Population.generated(count: accounts, markets: markets.map(\.market), scenario: scenario, seed: seed, distribution: distribution)
        let description = "\(preset.name): " + markets.map { entry in
            let market = entry.market
            let tier = market.riskTiers.tiers[0]
            return "\(market.symbol)\(entry.derived ? " (derived)" : "") tick \(market.tickSize), lot \(market.lotSize), liquidation fee \(market.liquidationFeeRate), "
                + "tier 1 maintenance \(tier.maintenanceMarginRate) up to \(tier.notionalCap.map { "\($0)" } ?? "∞"), \(market.riskTiers.tiers.count) tiers"
        }.joined(separator: "; ")
        return Table(markets: markets, population: population, marks: [:], orders: [:], fund: nil, choices: choices, description: description)
    }

    /// Runs every case of `prepared` and assembles the report; case `i` reports its progress as
    /// run `progressOffset + i`.
    public func run(
        _ prepared: Prepared, progress: SimulationProgress? = nil, progressOffset: Int = 0
    ) async throws -> (report: SimulationReport, runs: [Simulation.Run]) {
        let runs = try await Simulation.run(
            scenario: scenario, setups: prepared.setups, cases: prepared.cases, options: options, progress: progress, progressOffset: progressOffset)
        let population = prepared.setups[0].population
        var report = SimulationReport(
            scenario: scenario, populationName: population.name, accounts: population.members.count, openNotional: population.totalNotional,
            seed: seed, insuranceFund: prepared.insuranceFund, options: options, feeds: prepared.setups[0].feeds,
            marketDescription: prepared.marketDescription, results: runs.map(\.result), population: population,
            populations: prepared.setups.map(\.population))
        report.sweep = sweep
        return (report, runs)
    }
}
