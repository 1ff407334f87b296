/// What the cascade does when a filled partial close leaves the scope still liquidatable.
public enum PolicyFollowUp: Hashable, Sendable {
    /// Take the scope over at once (Hyperliquid's cooldown: any further liquidation is full).
    case takeover
    /// Wait for the policy's next interval (Deribit, dYdX).
    case waitForNextInterval
}
