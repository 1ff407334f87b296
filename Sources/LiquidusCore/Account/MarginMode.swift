/// How an account's positions share collateral.
public enum MarginMode: String, Sendable, Hashable, CaseIterable {
    /// One wallet balance backs every position; unrealized PnL of one offsets another.
    case cross
    /// Each position is backed only by the margin set aside for it (its isolated margin).
    case isolated
}
