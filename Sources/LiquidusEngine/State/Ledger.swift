import LiquidusCore

/// The cash that is not in accounts. With the accounts' wallets and isolated margins it sums to
/// the net of external deposits and withdrawals (money is conserved exactly).
struct Ledger: Hashable, Sendable {
    /// Collects liquidation fees and unwind surpluses; pays unwind losses and negative balances.
    /// Never negative.
    var insuranceFund: Money
    /// The outside market: pays every realized PnL (fills are against it), so it holds
    /// `−Σ realized PnL` of accounts and the liquidator.
    var counterpartyCash: Money = .zero
    /// Losses nobody covered (fund empty, no ADL counterparty left): ≤ 0.
    var liquidatorCash: Money = .zero
}
