public import LiquidusCore

/// A policy to compare, by the name the command takes.
public struct PolicyChoice: Sendable, Hashable {
    /// The name given (`restore`, `binance`).
    public var label: String
    /// The policy.
    public var specification: PolicySpecification
    /// What it is, for the report.
    public var description: String

    /// Creates a choice.
    public init(label: String, specification: PolicySpecification, description: String) {
        self.label = label
        self.specification = specification
        self.description = description
    }

    /// The names `--policies` accepts.
    public static let names = ["restore", "step-down", "fixed-fraction", "incremental", "portion", "full"]

    /// The policy named `name` (see ``names``):
    /// - `restore`: restore a margin ratio of 0.8 (Liquidus' default, Binance-style);
    /// - `step-down`: step down one risk tier (Bybit);
    /// - `fixed-fraction`: 20 % per step, 30 s cooldown, 2/3 backstop (Hyperliquid's numbers),
    ///   positions of at most 1,000 closed whole (Hyperliquid's threshold is 100,000: with it
    ///   nearly every retail position is closed whole, which `--venues hyperliquid` shows);
    /// - `incremental`: 10 % per second while under maintenance (Deribit);
    /// - `portion`: 10 % per second, at least 1,000, at most 100,000 per account (dYdX v4);
    /// - `full`: take the whole position over at the bankruptcy price.
    public static func named(_ name: String) -> PolicyChoice? {
        switch name {
        case "restore":
            return PolicyChoice(label: name, specification: .restoreMarginRatio(target: Rate(units: 80_000_000), buffer: .zero),
                                description: "restoreMarginRatio: close the least lots that bring maintenance ÷ equity to 0.8")
        case "step-down":
            return PolicyChoice(label: name, specification: .stepDownTier, description: "stepDownTier: reduce to the next lower risk tier's cap (lowest tier: takeover)")
        case "fixed-fraction":
            return PolicyChoice(label: name, specification: .fixedFraction(fraction: Rate(units: 20_000_000), cooldownSeconds: 30, fullBelowNotional: Money(1_000)),
                                description: "fixedFraction: 20 % per step, 30 s cooldown (then full), 2/3 backstop, whole at ≤ 1,000 notional")
        case "incremental":
            return PolicyChoice(label: name, specification: .incremental(chunk: Rate(units: 10_000_000), intervalSeconds: 1),
                                description: "incremental: 10 % per second while under maintenance")
        case "portion":
            return PolicyChoice(label: name, specification: .portionPerInterval(portion: Rate(units: 10_000_000), minNotional: Money(1_000), accountCapPerInterval: Money(100_000), intervalSeconds: 1),
                                description: "portionPerInterval: 10 % per second, at least 1,000, at most 100,000 per account")
        case "full":
            return PolicyChoice(label: name, specification: .full, description: "full: take the whole position over at the bankruptcy price")
        default:
            return nil
        }
    }
}
