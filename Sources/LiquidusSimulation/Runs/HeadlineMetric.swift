import LiquidusCore

/// A figure of one run that repeated runs report as a mean and an interval (``MeanInterval``):
/// its key (the summary's and `runs.csv`'s column), its name in the tables and charts, how it
/// is written, and how it is read from a run's result.
public struct HeadlineMetric: Sendable {
    /// How a metric's value is written.
    public enum Unit: Sendable {
        /// A number of accounts, closes or rounds.
        case count
        /// Money, in the settlement currency.
        case money
        /// A fraction in [0, 1] (written as a percent in the tables).
        case fraction
        /// Basis points.
        case bps
    }

    /// The key (`traderEquityEnd`), as in a run's figures in the summary.
    public var key: String
    /// The name in the tables and charts (`trader equity at the end`).
    public var name: String
    /// How it is written.
    public var unit: Unit
    /// Its value in `result`, a run of `report` (nil: not defined for that run, as the
    /// difference to full without a full run).
    public var value: @Sendable (SimulationReport, PolicyResult) -> Double?

    static func money(_ amount: Money) -> Double { Double(amount.units) / 1e8 }

    /// Every headline metric, in the order of the tables.
    public static let all: [HeadlineMetric] = [
        HeadlineMetric(key: "accountsLiquidated", name: "accounts liquidated", unit: .count) { Double($1.accountsLiquidated) },
        HeadlineMetric(key: "accountsPartiallyLiquidatedOnly", name: "accounts only partially liquidated", unit: .count) { Double($1.accountsPartiallyOnly) },
        HeadlineMetric(key: "accountsTakenOver", name: "accounts taken over", unit: .count) { Double($1.accountsTakenOver) },
        HeadlineMetric(key: "accountsPartiallyThenTakenOver", name: "accounts partially, then taken over", unit: .count) { Double($1.accountsPartialThenTakenOver) },
        HeadlineMetric(key: "notionalClosedPartially", name: "notional closed partially", unit: .money) { money($1.breakdown.partial.notional) },
        HeadlineMetric(key: "notionalTakenOver", name: "notional taken over", unit: .money) { money($1.breakdown.takeover.notional) },
        HeadlineMetric(key: "traderEquityEnd", name: "trader equity at the end", unit: .money) { money($1.traderEquityEnd) },
        HeadlineMetric(key: "traderEquityVersusFull", name: "trader equity versus full", unit: .money) { report, result in
            report.equityVersusFull(result).map(money)
        },
        HeadlineMetric(key: "liquidatedAccountsEquityRetained", name: "liquidated accounts' equity retained", unit: .fraction) { $1.retainedShare },
        HeadlineMetric(key: "liquidationFees", name: "liquidation fees", unit: .money) { money($1.liquidationFees) },
        HeadlineMetric(key: "insuranceFundEnd", name: "insurance fund at the end", unit: .money) { money($1.fundEnd) },
        HeadlineMetric(key: "badDebt", name: "bad debt", unit: .money) { money($1.badDebt) },
        HeadlineMetric(key: "unrecoveredLoss", name: "unrecovered loss", unit: .money) { money($1.unrecoveredLoss) },
        HeadlineMetric(key: "adlNotional", name: "ADL notional", unit: .money) { money($1.deleveraging.notional) },
        HeadlineMetric(key: "adlAccountsHit", name: "accounts hit by ADL", unit: .count) { Double($1.deleveraging.accountsHit) },
        HeadlineMetric(key: "adlOvershoot", name: "ADL overshoot", unit: .money) { money($1.deleveraging.overshoot) },
        HeadlineMetric(key: "slippageAverageBps", name: "slippage against the mark (bps)", unit: .bps) { $1.averageSlippageBps },
        HeadlineMetric(key: "cascadeDepth", name: "cascade depth (rounds)", unit: .count) { Double($1.cascadeDepth) },
    ]

    /// The metrics the sweep charts draw against the swept parameter: first the difference to
    /// full on the same seed (paired, so its interval leaves out what the seeds' populations
    /// differ by), then the absolute figures.
    public static let sweepKeys = ["traderEquityVersusFull", "traderEquityEnd", "accountsTakenOver", "accountsPartiallyLiquidatedOnly", "badDebt", "adlNotional"]

    /// `value` as the summary writes it: counts and money to two decimals (a mean of counts is
    /// not whole), fractions to six, bps to three.
    public func decimal(_ value: Double) -> String {
        switch unit {
        case .count, .money: SimulationReport.decimal(value, 2)
        case .fraction: SimulationReport.decimal(value, 6)
        case .bps: SimulationReport.decimal(value, 3)
        }
    }

    /// One seed's `value` (`runs.csv`): counts as integers, the rest as ``decimal(_:)``.
    public func single(_ value: Double) -> String {
        unit == .count ? String(Int(value.rounded())) : decimal(value)
    }

    /// `value` for a table cell: counts and money whole with separators, fractions as a percent.
    public func cell(_ value: Double) -> String {
        switch unit {
        case .count, .money: Format.count(Int(value.rounded()))
        case .fraction: Format.percent(value)
        case .bps: SimulationReport.decimal(value, 1)
        }
    }
}
