public import LiquidusCore

/// Where an engine's money is, bucket by bucket: with the fund it sums to
/// `externalNet + sharedFundTransfers` (``LiquidationEngine/checkInvariants()``). Across the
/// shards of one shared fund, `Σ (wallets + isolatedMargins + outsideMarket + unrecoveredLoss)`
/// plus the shared fund's balance equals `Σ (externalNet − the shard's initial fund)` plus the
/// shared fund's initial balance.
public struct MoneyTotals: Hashable, Sendable {
    /// Σ account wallets.
    public var wallets: WideMoney
    /// Σ isolated margins.
    public var isolatedMargins: WideMoney
    /// The insurance fund (this engine's view of a shared one).
    public var insuranceFund: WideMoney
    /// The outside market's cash.
    public var outsideMarket: WideMoney
    /// Losses nobody covered (≤ 0).
    public var unrecoveredLoss: WideMoney
    /// The initial fund plus deposits less withdrawals.
    public var externalNet: WideMoney
    /// What other shards moved through a shared fund.
    public var sharedFundTransfers: WideMoney
}

extension LiquidationEngine {
    /// The money in each bucket.
    /// - Complexity: O(a·p) for a accounts of p positions.
    public var moneyTotals: MoneyTotals {
        var wallets = WideMoney.zero
        var margins = WideMoney.zero
        for state in accounts.values {
            wallets += state.walletBalance
            for position in state.positions { margins += position.isolatedMargin ?? .zero }
        }
        return MoneyTotals(
            wallets: wallets, isolatedMargins: margins, insuranceFund: ledger.insuranceFund, outsideMarket: ledger.counterpartyCash,
            unrecoveredLoss: ledger.liquidatorCash, externalNet: externalNet, sharedFundTransfers: ledger.sharedFundTransfers)
    }
}
