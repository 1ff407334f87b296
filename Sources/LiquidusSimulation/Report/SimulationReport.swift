public import LiquidusCore

/// Everything a run's reports show: the scenario, the parameters, and each run's result.
public struct SimulationReport: Sendable {
    /// The scenario.
    public var scenario: ScenarioPath
    /// The population's description and size.
    public var populationName: String
    /// See ``populationName``.
    public var accounts: Int
    /// Total notional at entry.
    public var openNotional: Money
    /// The seed.
    public var seed: UInt64
    /// The fund at the start.
    public var insuranceFund: Money
    /// The run options (book depth ratio, refill rate, round cap).
    public var options: RunOptions
    /// The first venue's markets: their start marks and book depth.
    public var feeds: [SimulationSetup.Feed]
    /// The markets' description (venue, symbols, fees, tiers).
    public var marketDescription: String
    /// The results, in the order of the cases (policies, then the further ADL mechanisms).
    public var results: [PolicyResult]
    /// The population (its profiles and sizes are summarised).
    public var population: Population
    /// Every venue's population, by ``PolicyResult/setupIndex`` (the first is ``population``).
    public var populations: [Population]
    /// The parameter swept, when the runs are a sweep (its runs lead the results).
    public var sweep: PolicySweep?
    /// Lines of explanation for the report.
    public var notes: [String]
    /// The headline metrics of every seed, when the scenario ran over several (`--runs`); the
    /// rest of the report is the first seed's.
    public var samples: RunSamples?

    /// Creates a report.
    public init(
        scenario: ScenarioPath, populationName: String, accounts: Int, openNotional: Money, seed: UInt64, insuranceFund: Money,
        options: RunOptions, feeds: [SimulationSetup.Feed], marketDescription: String, results: [PolicyResult], population: Population,
        notes: [String] = [], populations: [Population]? = nil
    ) {
        self.scenario = scenario
        self.populationName = populationName
        self.accounts = accounts
        self.openNotional = openNotional
        self.seed = seed
        self.insuranceFund = insuranceFund
        self.options = options
        self.feeds = feeds
        self.marketDescription = marketDescription
        self.results = results
        self.population = population
        self.populations = populations ?? [population]
        self.notes = notes
    }

    /// The policy (or venue) comparison: every run under the first ADL mechanism.
    public var policyResults: [PolicyResult] {
        guard let mechanism = results.first?.deleveragingLabel else { return [] }
        return results.filter { $0.deleveragingLabel == mechanism && $0.label == $0.policyLabel }
    }

    /// The ADL comparison: the first run and the same policy under each further mechanism.
    public var deleveragingResults: [PolicyResult] {
        guard let first = results.first else { return [] }
        return [first] + results.dropFirst().filter { $0.policyLabel == first.policyLabel && $0.label != $0.policyLabel }
    }

    /// The result of the `full` policy in the policy comparison, if it ran.
    public var fullResult: PolicyResult? { policyResults.first { $0.policyDescription.hasPrefix("full") } }

    /// Trader equity at the end under `result` minus under full liquidation (nil without a full run).
    public func equityVersusFull(_ result: PolicyResult) -> Money? {
        guard let full = fullResult, result.symbols == full.symbols else { return nil }
        return result.traderEquityEnd - full.traderEquityEnd
    }

    /// Each partial policy against full, account by account (empty without a full run).
    public var wickComparisons: [WickComparison] {
        guard let full = fullResult else { return [] }
        return policyResults.filter { $0.label != full.label && $0.symbols == full.symbols }.map {
            WickComparison(partial: $0, full: full, path: scenario.headline)
        }
    }

    /// The headline asset's exogenous path per minute: close.
    public func minuteClose(asset: Int) -> [Double] {
        let path = scenario.assets[asset].path
        return stride(from: 0, to: path.seconds, by: 60).map { path.prices[Swift.min($0 + 59, path.seconds - 1)] }
    }

    /// The number of accounts of each generated profile, in ``Population/Profile`` order.
    public var profileCounts: [(profile: Population.Profile, count: Int)] {
        var counts: [Population.Profile: Int] = [:]
        for member in population.members { if let profile = member.profile { counts[profile, default: 0] += 1 } }
        return Population.Profile.allCases.compactMap { profile in counts[profile].map { (profile, $0) } }
    }

    /// Quantiles of the accounts' total notional at entry: median, 99th percentile, largest.
    public var notionalQuantiles: (median: Money, p99: Money, largest: Money) {
        let totals = population.members.map { member in
            member.holdings.reduce(Money.zero) { $0 + Money.notional(of: $1.size, at: $1.entryPrice, .up) }
        }.sorted()
        guard let largest = totals.last else { return (.zero, .zero, .zero) }
        return (totals[totals.count / 2], totals[Swift.min(totals.count - 1, totals.count * 99 / 100)], largest)
    }
}
