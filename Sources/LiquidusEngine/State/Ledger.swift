import LiquidusCore

/// The cash that is not in accounts. With the accounts' wallets and isolated margins it sums to
/// the net of external deposits and withdrawals (money is conserved exactly).
///
/// Each bucket sums amounts over every account, so each is a ``LiquidusCore/WideMoney``: one step
/// adds or takes one account's amount (a ``LiquidusCore/Money``), and the sum cannot overflow
/// (see ``LiquidusCore/WideMoney``).
struct Ledger: Hashable, Sendable {
    /// Collects liquidation fees and unwind surpluses; pays unwind losses and negative balances.
    /// Never negative. Every change lowers ``lowestInsuranceFund`` when it goes below it.
    var insuranceFund: WideMoney {
        didSet { if insuranceFund < lowestInsuranceFund { lowestInsuranceFund = insuranceFund } }
    }
    /// The outside market: pays every realized PnL (fills are against it), so it holds
    /// `−Σ realized PnL` of accounts and the liquidator.
    var counterpartyCash: WideMoney = .zero
    /// Losses nobody covered (fund empty, no ADL counterparty left): ≤ 0.
    var liquidatorCash: WideMoney = .zero
    /// What other shards paid into a shared insurance fund, less what they drew from it, as this
    /// engine saw it at each ``EngineInput/Action/insuranceFund(balance:)``: `Σ (balance − fund
    /// before)`. Zero for an engine whose fund is its own.
    var sharedFundTransfers: WideMoney = .zero
    /// The lowest the fund has been since the watermark was last reset (bookkeeping for the
    /// host's shared-fund commit, not state: left out of equality and hashing).
    var lowestInsuranceFund: WideMoney

    init(insuranceFund: WideMoney, counterpartyCash: WideMoney = .zero, liquidatorCash: WideMoney = .zero, sharedFundTransfers: WideMoney = .zero) {
        self.insuranceFund = insuranceFund
        self.counterpartyCash = counterpartyCash
        self.liquidatorCash = liquidatorCash
        self.sharedFundTransfers = sharedFundTransfers
        self.lowestInsuranceFund = insuranceFund
    }

    static func == (lhs: Ledger, rhs: Ledger) -> Bool {
        (lhs.insuranceFund, lhs.counterpartyCash, lhs.liquidatorCash, lhs.sharedFundTransfers)
            == (rhs.insuranceFund, rhs.counterpartyCash, rhs.liquidatorCash, rhs.sharedFundTransfers)
    }

    func hash(into hasher: inout Hasher) {
        for amount in [insuranceFund, counterpartyCash, liquidatorCash, sharedFundTransfers] { hasher.combine(amount) }
    }
}

extension Ledger {
    /// The fund pays `deficit` — a negative balance or isolated margin, already reset to zero in
    /// the account — as far as it can; the rest is recorded as unrecovered loss. Returns the event.
    mutating func cover(_ deficit: Money, of account: String, market: String?, reason: String) -> InsuranceFundPaid {
        // The fund pays at most the deficit, one account's amount: what it pays fits in Money.
        let paid = WideMoney(deficit) <= insuranceFund ? deficit : insuranceFund.clampedToMoney
        insuranceFund -= paid
        liquidatorCash -= deficit - paid
        return InsuranceFundPaid(account: account, market: market, amount: paid, uncovered: deficit - paid, fundAfter: insuranceFund, reason: reason)
    }

    /// The fund takes `amount` when it is a surplus, or pays a loss as far as it can, the rest
    /// recorded as unrecovered. Returns the unrecovered part (≥ 0, clamped to ``LiquidusCore/Money``).
    mutating func settle(_ amount: WideMoney) -> Money {
        guard amount.isNegative else {
            insuranceFund += amount
            return .zero
        }
        let paid = Swift.min(-amount, insuranceFund)
        insuranceFund -= paid
        let unrecovered = -amount - paid
        liquidatorCash -= unrecovered
        return unrecovered.clampedToMoney
    }
}
