/// A venue's bundle: its markets and tier tables, its fees, its liquidation policy, and where
/// each number comes from.
///
/// Presets are data compiled into the library (no I/O); `liquidus presets` lists them and
/// `liquidus presets NAME` prints one as `check` input. `docs/venues.md` gives every table with
/// its source, its date and the venue's conventions where they differ from Liquidus'.
public struct VenuePreset: Sendable {
    /// The name used in `check` input (`"binance"`).
    public let name: String
    /// A human title (`"Binance USDⓈ-M futures"`).
    public let title: String
    /// Where the tables and formulas come from.
    public let source: String
    /// The date of the tables (as published or as retrieved).
    public let tablesAsOf: String
    /// Where the venue's published formulas differ from Liquidus' own conventions.
    public let differences: String
    /// The venue's partial-liquidation policy.
    public let policy: PolicySpecification
    /// The venue's markets.
    public let markets: [Market]

    /// Creates a preset.
    public init(
        name: String, title: String, source: String, tablesAsOf: String, differences: String,
        policy: PolicySpecification, markets: [Market]
    ) {
        self.name = name
        self.title = title
        self.source = source
        self.tablesAsOf = tablesAsOf
        self.differences = differences
        self.policy = policy
        self.markets = markets
    }

    /// Every preset, by name: `binance`, `bybit`, `hyperliquid`, `liquidus`.
    public static let all: [VenuePreset] = [.binance, .bybit, .hyperliquid, .liquidus]

    /// The preset named `name`, if any.
    public static func named(_ name: String) -> VenuePreset? { all.first { $0.name == name } }
}

/// A row of a published tier table, written as the venue writes it; ``PresetTable/market(_:)``
/// parses and validates it. Preset data is checked by the test suite, so a typo in a table
/// fails the build's tests rather than a user's run.
struct PresetTier {
    let cap: String?
    let rate: String
    let amount: String
    let maxLeverage: String
}

/// A published market, written as strings exactly as the venue publishes them.
struct PresetMarket {
    let symbol: String
    let tickSize: String
    let lotSize: String
    let minOrderSize: String
    let liquidationFeeRate: String
    let takerFeeRate: String
    /// How the venue forms its mark (see `docs/market-data.md`).
    var markMethod: MarkMethod = .given
    /// How the venue forms and settles funding.
    var funding: FundingRules? = nil
    let tiers: [PresetTier]
}

enum PresetTable {
    /// Funding rules as a venue publishes them (compiled-in constants checked by tests: a bad one
    /// is a programmer error).
    static func funding(
        interval: Int64, interest: String, clamp: String, cap: String?, periodsPerRate: Int64 = 1,
        weighting: FundingRules.Weighting = .linear, price: FundingRules.SettlementPrice = .mark
    ) -> FundingRules {
        guard let interestRate = Rate(interest), let premiumClamp = Rate(clamp) else { preconditionFailure("preset funding: not a decimal") }
        do {
            return try FundingRules(
                interval: interval, interestRate: interestRate, premiumClamp: premiumClamp, cap: cap.flatMap { Rate($0) },
                periodsPerRate: periodsPerRate, weighting: weighting, price: price)
        } catch {
            preconditionFailure("preset funding: \(error)")
        }
    }

    /// Parses a published market. Preset tables are compiled-in constants checked by tests, so a
    /// malformed one is a programmer error and traps with the failing field.
    static func market(_ spec: PresetMarket) -> Market {
        func number<T: FixedPointDecimal>(_ text: String, _ field: String) -> T {
            guard let value = T(text) else { preconditionFailure("preset \(spec.symbol).\(field): \"\(text)\" is not a decimal") }
            return value
        }
        let tiers = spec.tiers.enumerated().map { index, row in
            RiskTier(
                notionalCap: row.cap.map { number($0, "riskTiers[\(index)].notionalCap") },
                maintenanceMarginRate: number(row.rate, "riskTiers[\(index)].maintenanceMarginRate"),
                maintenanceAmount: number(row.amount, "riskTiers[\(index)].maintenanceAmount"),
                maxLeverage: number(row.maxLeverage, "riskTiers[\(index)].maxLeverage"))
        }
        do {
            return try Market(
                symbol: spec.symbol, tickSize: number(spec.tickSize, "tickSize"), lotSize: number(spec.lotSize, "lotSize"),
                minOrderSize: number(spec.minOrderSize, "minOrderSize"), riskTiers: tiers,
                liquidationFeeRate: number(spec.liquidationFeeRate, "liquidationFeeRate"),
                takerFeeRate: number(spec.takerFeeRate, "takerFeeRate"), markMethod: spec.markMethod, funding: spec.funding)
        } catch {
            preconditionFailure("preset \(spec.symbol): \(error)")
        }
    }
}
