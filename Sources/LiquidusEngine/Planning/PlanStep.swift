public import LiquidusCore

/// One step of a liquidation plan, field for field the `plan` entries of the `liquidus check`
/// contract (`docs/check-format.md`); fields that do not apply to a step are `nil` (omitted).
public struct PlanStep: Hashable, Sendable {
    /// The kinds of step, in the order the cascade takes them.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// Cancel the account's open orders.
        case cancelOrders
        /// Close part of a position at the expected price, limited by the bankruptcy price.
        case partialClose
        /// Take a whole position over at its bankruptcy price.
        case fullTakeover
        /// The insurance fund pays a loss beyond the account's equity.
        case insuranceFund
        /// Opposing profitable positions close at the bankruptcy price.
        case autoDeleverage
    }

    /// The contract's `step`: `kind.rawValue`.
    public var kind: Kind
    /// The market the step acts on.
    public var market: String?
    /// Unsigned quantity, a whole number of the market's lots.
    public var quantity: Quantity?
    /// The worst price the step may fill at: the bankruptcy price.
    public var limitPrice: Price?
    /// The price the step is expected to fill at.
    public var expectedPrice: Price?
    /// `"book"` (an expected price was given) or `"mark"`.
    public var priceSource: String?
    /// The liquidation fee (partial close), rounded up.
    public var fee: Money?
    /// The margin ratio the policy aims for, where it has one.
    public var targetMarginRatio: Rate?
    /// Maintenance ÷ equity of the scope once the step fills at `expectedPrice`, fee included
    /// (rounded up).
    public var marginRatioAfter: Rate?
    /// An amount of money the step moves, not in the contract (an optional extension): what
    /// the fund pays (`insuranceFund`), or the liquidator's PnL unwinding a takeover at the
    /// expected price (`fullTakeover`: > 0 a surplus to the fund).
    public var amount: Money?
    /// Why this step and this quantity, in words naming the policy and its target.
    public var reason: String

    /// Creates a step.
    public init(
        kind: Kind, market: String? = nil, quantity: Quantity? = nil, limitPrice: Price? = nil, expectedPrice: Price? = nil,
        priceSource: String? = nil, fee: Money? = nil, targetMarginRatio: Rate? = nil, marginRatioAfter: Rate? = nil,
        amount: Money? = nil, reason: String
    ) {
        self.kind = kind
        self.market = market
        self.quantity = quantity
        self.limitPrice = limitPrice
        self.expectedPrice = expectedPrice
        self.priceSource = priceSource
        self.fee = fee
        self.targetMarginRatio = targetMarginRatio
        self.marginRatioAfter = marginRatioAfter
        self.amount = amount
        self.reason = reason
    }
}
