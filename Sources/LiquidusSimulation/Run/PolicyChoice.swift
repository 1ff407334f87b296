public import LiquidusCore

/// A policy to compare, by the text the command takes (`restore`, `restore:target=0.5`).
public struct PolicyChoice: Sendable, Hashable {
    /// The run's label: the name, with the parameters given (`restore`, `restore:target=0.5`).
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

    /// The policy named `name` (see ``names``) with its default parameters:
    /// - `restore`: restore a margin ratio of 0.8 (Liquidus' default, Binance-style);
    /// - `step-down`: step down one risk tier (Bybit);
    /// - `fixed-fraction`: 20 % per step, 30 s cooldown, 2/3 backstop (Hyperliquid's numbers),
    ///   positions of at most 1,000 closed whole (Hyperliquid's threshold is 100,000: with it
    ///   nearly every retail position is closed whole, which `--venues hyperliquid` shows);
    /// - `incremental`: 10 % per second while under maintenance (Deribit);
    /// - `portion`: 10 % per second, at least 1,000, at most 100,000 per account (dYdX v4);
    /// - `full`: take the whole position over at the bankruptcy price.
    ///
    /// `nil` for any other text (a name with parameters included: see ``parse(_:)``).
    public static func named(_ name: String) -> PolicyChoice? {
        guard names.contains(name) else { return nil }
        return try? parse(name)
    }
}
