public import LiquidusCore

/// Everything a run's reports show: the scenario, the parameters, and each policy's result.
public struct SimulationReport: Sendable {
    /// The path.
    public var path: PricePath
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
    /// The book model's parameters.
    public var book: SimulatedBook.Configuration
    /// The markets' description (venue, symbol, fee, tiers).
    public var marketDescription: String
    /// The results, in the order asked for.
    public var results: [PolicyResult]
    /// Lines of explanation for the report (model notes, findings).
    public var notes: [String]

    /// Creates a report.
    public init(path: PricePath, populationName: String, accounts: Int, openNotional: Money, seed: UInt64, insuranceFund: Money,
                book: SimulatedBook.Configuration, marketDescription: String, results: [PolicyResult], notes: [String] = []) {
        self.path = path
        self.populationName = populationName
        self.accounts = accounts
        self.openNotional = openNotional
        self.seed = seed
        self.insuranceFund = insuranceFund
        self.book = book
        self.marketDescription = marketDescription
        self.results = results
        self.notes = notes
    }

    /// The result of the `full` policy, if it ran.
    public var fullResult: PolicyResult? { results.first { $0.policyDescription.hasPrefix("full") } }

    /// Trader equity at the end under `result` minus under full liquidation (nil without a full run).
    public func equityVersusFull(_ result: PolicyResult) -> Money? {
        guard let full = fullResult else { return nil }
        return result.traderEquityEnd - full.traderEquityEnd
    }

    /// The exogenous path per minute: close and low.
    public var minuteClose: [Double] {
        stride(from: 0, to: path.seconds, by: 60).map { path.prices[Swift.min($0 + 59, path.seconds - 1)] }
    }
}
