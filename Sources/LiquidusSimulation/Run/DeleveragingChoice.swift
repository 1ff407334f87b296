public import LiquidusEngine

/// An auto-deleveraging mechanism to compare, by the name `--adl` takes.
public struct DeleveragingChoice: Sendable, Hashable {
    /// The name given (`queue`).
    public var label: String
    /// The engine's mechanism.
    public var mechanism: DeleveragingMechanism
    /// What it is, for the report.
    public var description: String

    /// The names `--adl` accepts.
    public static let names = ["queue", "pro-rata", "risk-pro-rata"]

    /// The mechanism named `name` (see ``names``):
    /// - `queue`: the ranked queue of Binance and Hyperliquid (profit × leverage, highest first,
    ///   at the bankruptcy price);
    /// - `pro-rata`: shares in proportion to unrealized profit;
    /// - `risk-pro-rata`: shares in proportion to profit × maintenance ÷ equity.
    public static func named(_ name: String) -> DeleveragingChoice? {
        switch name {
        case "queue":
            DeleveragingChoice(label: name, mechanism: .rankedQueue, description: "ranked queue: profit × leverage, highest first, at the bankruptcy price")
        case "pro-rata":
            DeleveragingChoice(label: name, mechanism: .proRata, description: "pro-rata on unrealized profit")
        case "risk-pro-rata":
            DeleveragingChoice(label: name, mechanism: .riskProRata, description: "pro-rata on profit × maintenance ÷ equity")
        default:
            nil
        }
    }
}
