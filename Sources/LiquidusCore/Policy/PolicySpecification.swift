/// Which partial-liquidation policy applies, and its parameters, as data.
///
/// The core only describes a policy (so that a ``VenuePreset`` can bundle one and `liquidus check`
/// can read one); the engine carries it out. Each case names the venue rule it reproduces.
public enum PolicySpecification: Hashable, Sendable {
    /// Close the least lot-rounded quantity that brings the margin ratio (maintenance ÷ equity)
    /// down to `target`, less `buffer` (Binance-style "reduce until the requirement is met").
    case restoreMarginRatio(target: Rate, buffer: Rate)
    /// Reduce the position to the cap of the next lower risk tier (Bybit's risk-limit lowering).
    case stepDownTier
    /// Close `fraction` of the position, then wait `cooldownSeconds`; positions whose notional is
    /// at most `fullBelowNotional` are closed whole (Hyperliquid: 20 %, 30 s, 100,000 USDC).
    case fixedFraction(fraction: Rate, cooldownSeconds: Int64, fullBelowNotional: Money)
    /// Close `chunk` of the position every `intervalSeconds` while the account stays under
    /// maintenance (Deribit's incremental liquidation).
    case incremental(chunk: Rate, intervalSeconds: Int64)
    /// Per interval close `max(min(minNotional, notional), notional × portion)`, at most the
    /// account's remaining `accountCapPerInterval` (dYdX v4: 10 %, 1,000, 100,000 per block).
    case portionPerInterval(portion: Rate, minNotional: Money, accountCapPerInterval: Money, intervalSeconds: Int64)
    /// Close the whole position at once (no partial step).
    case full

    /// The policy's name in the `check` contract (`"restoreMarginRatio"`, …).
    public var kind: String {
        switch self {
        case .restoreMarginRatio: "restoreMarginRatio"
        case .stepDownTier: "stepDownTier"
        case .fixedFraction: "fixedFraction"
        case .incremental: "incremental"
        case .portionPerInterval: "portionPerInterval"
        case .full: "full"
        }
    }

    /// Every kind, for messages.
    public static let kinds = ["restoreMarginRatio", "stepDownTier", "fixedFraction", "incremental", "portionPerInterval", "full"]
}
