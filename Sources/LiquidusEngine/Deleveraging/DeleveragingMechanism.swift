/// How auto-deleveraging shares out the quantity of a taken-over position that the liquidator
/// could not place — chosen when the engine is created, like the policy.
///
/// - ``rankedQueue``: the ranked queue that Binance and Hyperliquid publish. Opposing profitable
///   positions are ranked by profit and leverage (see ``AutoDeleveraged``), highest first, and
///   each closes as much of the order as it holds, at the bankruptcy price.
/// - ``proRata``: every opposing profitable position takes a share of the order in proportion to
///   its unrealized profit.
/// - ``riskProRata``: the same, in proportion to the profit weighted by how much of the
///   position's own equity its maintenance margin uses.
public enum DeleveragingMechanism: String, Hashable, Sendable, CaseIterable, Codable {
    /// Ranked by profit × leverage, highest first, at the bankruptcy price.
    case rankedQueue
    /// Pro-rata on unrealized profit.
    case proRata
    /// Pro-rata on unrealized profit × maintenance ÷ equity.
    case riskProRata
}
