import LiquidusCore

/// An account as the engine holds it: the fields of ``LiquidusCore/Account``, mutable, plus its
/// ``LiquidationHistory``. Every change is re-validated into an `Account` before it is kept.
struct AccountState: Hashable, Sendable {
    var id: String
    var marginMode: MarginMode
    var walletBalance: Money
    var positions: [Position]
    var openOrders: [OpenOrder]
    var history: LiquidationHistory

    init(_ account: consuming Account, history: LiquidationHistory = LiquidationHistory()) {
        id = account.id
        marginMode = account.marginMode
        walletBalance = account.walletBalance
        positions = account.positions
        openOrders = account.openOrders
        self.history = history
    }

    /// The validated core account (errors name fields relative to the account), its collateral
    /// held to an engine account's bounds (``LiquidusCore/Account/CollateralBounds/state``: realized
    /// profit may have taken it beyond an input's).
    func validated(_ markets: MarketCatalog) throws(ValidationError) -> Account {
        try Account(
            id: id, marginMode: marginMode, walletBalance: walletBalance, positions: positions, openOrders: openOrders, markets: markets,
            collateral: .state)
    }

    /// The account's margin figures at `marks` (bankruptcy prices, no liquidation prices: the
    /// cascade never needs them; `detail` may leave out more). The state is not re-validated: the
    /// engine validates every change before it keeps it, and the planner starts from a validated
    /// ``LiquidusCore/Account``.
    func margin(
        _ markets: MarketCatalog, _ marks: [String: Price], detail: MarginDetail = .withoutLiquidationPrices
    ) throws(ValidationError) -> AccountMargin {
        try Account.margin(
            marginMode: marginMode, walletBalance: walletBalance, positions: positions, openOrders: openOrders, markets: markets,
            marks: marks, detail: detail)
    }

    /// The index of the position in `market`.
    func index(of market: String) -> Int? { positions.firstIndex { $0.market == market } }

    /// The collateral that realized PnL of the position at `index` lands in.
    func backing(at index: Int) -> Money {
        marginMode == .cross ? walletBalance : positions[index].isolatedMargin ?? .zero
    }

    /// Adds `amount` to the position's collateral (cross: the wallet; isolated: its margin), or
    /// throws (`overflow`, changing nothing) when the collateral would not fit in ``LiquidusCore/Money``.
    mutating func credit(_ amount: Money, at index: Int) throws(ValidationError) {
        if marginMode == .cross {
            walletBalance = try walletBalance.adding(amount, checkedAt: "walletBalance")
        } else {
            positions[index].isolatedMargin = try (positions[index].isolatedMargin ?? .zero).adding(amount, checkedAt: "positions[\(index)].isolatedMargin")
        }
    }

    /// Removes the position at `index`; an isolated position's margin returns to the wallet (or,
    /// changing nothing, `overflow` when the wallet would not hold it).
    mutating func removePosition(at index: Int) throws(ValidationError) {
        if marginMode == .isolated {
            walletBalance = try walletBalance.adding(positions[index].isolatedMargin ?? .zero, checkedAt: "walletBalance")
        }
        positions.remove(at: index)
    }

    /// The error for a state the cascade relies on but does not find (a position or market that
    /// must exist): a defect, reported as the account's failure rather than a trap.
    @inline(never)
    static func inconsistent(_ what: String) -> ValidationError {
        ValidationError(.inconsistent, at: "", "the engine's state is inconsistent: \(what)")
    }
}
