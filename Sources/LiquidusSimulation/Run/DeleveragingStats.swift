public import LiquidusCore

/// What auto-deleveraging did over a run: the shortfall it had to cover, the profit it took from
/// the counterparties, how far beyond the shortfall that went, and on whom it fell.
///
/// Definitions (money exact, from the engine's events):
/// - an ADL *order* is the quantity of one taken-over position that the liquidator could not
///   place (the book could not take it, or the fund could not carry its loss);
/// - its *shortfall* is what the insurance fund could not pay of the order's loss at the mark:
///   `max(0, q × |bankruptcy price − mark| − fund)` — the least the counterparties must give up
///   for the books to balance;
/// - a counterparty's *haircut* is the profit it gives up against closing the same quantity
///   itself at the mark: `pnl(at the mark) − pnl(at the ADL price)`;
/// - per order, *covered* = `min(Σ its haircuts, its shortfall)` and *overshoot* =
///   `max(0, Σ its haircuts − its shortfall)`: profit taken beyond what was needed (an order that
///   takes less than its shortfall leaves the rest to the fund, or unrecovered);
/// - a fill's *share* is its haircut ÷ the counterparty's unrealized profit on the position
///   before the fill.
public struct DeleveragingStats: Sendable, Hashable {
    /// ADL orders.
    public var orders = 0
    /// Counterparty fills.
    public var fills = 0
    /// Distinct counterparties.
    public var accountsHit = 0
    /// Notional closed against counterparties (at the ADL price).
    public var notional = Money.zero
    /// Σ shortfalls.
    public var shortfall = Money.zero
    /// Σ haircuts.
    public var taken = Money.zero
    /// Σ over orders of the shortfall covered by haircuts.
    public var covered = Money.zero
    /// Σ over orders of the haircuts beyond the shortfall.
    public var overshoot = Money.zero
    /// The open order's shortfall and haircuts (folded in by the next order or ``finish()``).
    var openOrder: OpenOrder?

    /// An order whose fills are still being added.
    struct OpenOrder: Sendable, Hashable {
        var shortfall: Money
        var taken: Money
    }
    /// Loss of quantities no counterparty could take, nobody covered.
    public var uncovered = Money.zero
    /// The largest share of one position's profit taken by one fill.
    public var largestShare = 0.0
    /// Σ of the counterparties' profit before their fills (the base of the shares).
    public var profitBefore = Money.zero
    /// The largest total haircut of one account, and the ten largest accounts' share of all haircuts.
    public var largestAccountHaircut = Money.zero
    /// See ``largestAccountHaircut``.
    public var topTenShare = 0.0
    /// Haircuts by account (kept until ``finish()``).
    var byAccount: [String: Money] = [:]

    /// Creates empty statistics.
    public init() {}

    /// Covered ÷ shortfall (1 when there was none).
    public var coveredShare: Double { shortfall.isPositive ? Double(covered.units) / Double(shortfall.units) : 1 }
    /// Σ haircuts ÷ Σ profit before: the average share of the hit positions' profit taken.
    public var averageShare: Double { profitBefore.isPositive ? Double(taken.units) / Double(profitBefore.units) : 0 }

    /// Adds one counterparty fill.
    mutating func add(fill account: String, notional: Money, haircut: Money, profitBefore: Money) {
        fills += 1
        self.notional += notional
        taken += haircut
        openOrder?.taken += haircut
        self.profitBefore += Swift.max(profitBefore, .zero)
        if profitBefore.isPositive { largestShare = Swift.max(largestShare, Double(haircut.units) / Double(profitBefore.units)) }
        byAccount[account, default: .zero] += haircut
    }

    /// Adds one order's shortfall.
    mutating func add(orderShortfall: Money) {
        closeOrder()
        orders += 1
        shortfall += orderShortfall
        openOrder = OpenOrder(shortfall: orderShortfall, taken: .zero)
    }

    /// Folds the open order's coverage and overshoot into the totals.
    mutating func closeOrder() {
        guard let order = openOrder else { return }
        covered += Swift.min(Swift.max(order.taken, .zero), order.shortfall)
        overshoot += Swift.max(.zero, order.taken - order.shortfall)
        openOrder = nil
    }

    /// Folds the per-account figures into the totals.
    mutating func finish() {
        closeOrder()
        accountsHit = byAccount.count
        let sorted = byAccount.values.sorted(by: >)
        largestAccountHaircut = sorted.first ?? .zero
        let top = sorted.prefix(10).reduce(Money.zero, +)
        topTenShare = taken.isPositive ? Double(top.units) / Double(taken.units) : 0
        byAccount = [:]
    }
}
