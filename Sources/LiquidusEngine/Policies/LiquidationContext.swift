public import LiquidusCore

/// Everything a ``LiquidationPolicy`` sees when it decides how much of one position to close.
///
/// The position is the one the planner chose (cross: the largest maintenance contribution;
/// isolated: the liquidatable position itself). ``project(closing:)`` evaluates any candidate
/// close exactly, so policies search over lots without re-deriving the margin arithmetic.
public struct LiquidationContext: Sendable {
    /// The account's id.
    public let accountID: String
    /// Cross or isolated: whether the scope is the account or the position.
    public let marginMode: MarginMode
    /// The position's market.
    public let market: Market
    /// The position's figures at the mark: notional, PnL, tier, maintenance, bankruptcy price
    /// (and, isolated, its equity) — what a liquidation decides on. The figures it does not need
    /// are not evaluated, in a plan as in a quote: the initial margin is zero and the margin ratio
    /// and liquidation price are `nil` (see the scope's ``equity`` and ``maintenanceMargin``).
    public let position: PositionMargin
    /// The scope's equity now (cross: the account's; isolated: the position's).
    public let equity: Money
    /// The scope's maintenance margin now.
    public let maintenanceMargin: Money
    /// The price a close is expected to fill at (a book estimate, else the mark).
    public private(set) var expectedPrice: Price
    /// `"book"` or `"mark"`: where ``expectedPrice`` comes from.
    public private(set) var priceSource: String
    /// The time of the decision, in ``timeUnit``.
    public let now: Int64
    /// The unit of ``now`` and of the history's times (policies' durations are seconds).
    public let timeUnit: TimeUnit
    /// The account's liquidation history (cooldowns, interval caps).
    public let history: LiquidationHistory
    /// The fewest lots worth testing: the planner, re-deciding at a worse book price, knows that
    /// fewer lots than it decided at a better price cannot reach the target (a worse price never
    /// asks for less), so a search may start here. 1 when nothing is known.
    var searchFloor: Int64 = 1
    /// Wallet plus other positions' uPnL (cross) or the isolated margin (isolated).
    let backingBase: Money
    /// Wallet (cross) or isolated margin (isolated): what realized PnL and fees land in.
    let collateral: Money
    /// Maintenance of the other positions in the scope.
    let othersMaintenance: Money

    init(
        accountID: String, marginMode: MarginMode, market: Market, position: PositionMargin, equity: Money,
        maintenanceMargin: Money, expectedPrice: Price, priceSource: String, now: Int64, timeUnit: TimeUnit, history: LiquidationHistory,
        backingBase: Money, collateral: Money, othersMaintenance: Money
    ) {
        self.accountID = accountID
        self.marginMode = marginMode
        self.market = market
        self.position = position
        self.equity = equity
        self.maintenanceMargin = maintenanceMargin
        self.expectedPrice = expectedPrice
        self.priceSource = priceSource
        self.now = now
        self.timeUnit = timeUnit
        self.history = history
        self.backingBase = backingBase
        self.collateral = collateral
        self.othersMaintenance = othersMaintenance
    }

    /// The position's size in whole lots.
    public var totalLots: Int64 { market.lots(in: position.position.size) }

    /// The figures after closing `lots` lots of the position at ``expectedPrice`` with the
    /// liquidation fee (see ``CloseProjection`` for the formulas and roundings).
    /// - Complexity: O(t) for t tiers.
    public func project(closing lots: Int64) -> CloseProjection {
        project(closing: lots, at: expectedPrice)
    }

    /// The figures after closing `lots` lots at `price` (a child order's fill against a book).
    ///
    /// Exact, and within ``LiquidusCore/Money`` for any `lots` up to ``totalLots`` at a price
    /// ``checkFigures(closingAt:)`` accepts — the engine checks every price it projects at (the
    /// context's expected price when the context is made and re-priced, a child's fill): the
    /// realized PnL and the fee are each at most `|q| × max(price, entry)`, the PnL left at the
    /// mark at most the notional there or at entry (both within ``LiquidusCore/Limits/maxMoney``).
    /// - Complexity: O(t) for t tiers.
    public func project(closing lots: Int64, at expectedPrice: Price) -> CloseProjection {
        let held = position.position
        let quantity = market.quantity(lots: lots)
        let signed = held.side == .long ? quantity : -quantity
        let realized = Money.pnl(of: signed, from: held.entryPrice, to: expectedPrice, .down)
        let fee = market.liquidationFee(closing: quantity, at: expectedPrice)
        let remaining = held.size - signed
        let pnlAfter = remaining.isZero ? Money.zero : Money.pnl(of: remaining, from: held.entryPrice, to: position.markPrice, .down)
        let ownMaintenance = remaining.isZero ? Money.zero : market.riskTiers.maintenanceMargin(size: remaining, price: position.markPrice).margin
        let equityAfter = backingBase + realized - fee + pnlAfter
        let maintenanceAfter = othersMaintenance + ownMaintenance
        return CloseProjection(
            quantity: quantity, realizedPnl: realized, fee: fee, remainingSize: remaining,
            backingAfter: collateral + realized - fee, equityAfter: equityAfter, maintenanceAfter: maintenanceAfter)
    }

    /// Sets the expected price to `price` from `source` (the planner re-prices a candidate close
    /// against a book without re-evaluating the account), or throws as
    /// ``checkFigures(closingAt:)`` does, changing nothing.
    @inline(__always)
    mutating func reprice(at price: Price, source: String) throws(ValidationError) {
        try checkFigures(closingAt: price)
        expectedPrice = price
        priceSource = source
    }

    /// Throws (`overflow`) unless ``project(closing:at:)`` at `price` fits in ``LiquidusCore/Money``
    /// for every number of lots: `max(|backing base|, |collateral|) + 2·|q|·max(price, entry) +`
    /// ``LiquidusCore/Limits/maxMoney`` `+ 2` units must fit — the largest magnitude any of its
    /// partial sums can take. Ordinary books pass by a factor of millions; a price far beyond the
    /// mark on a large size, or a collateral grown near the limit of ``LiquidusCore/Money``, does not.
    /// - Complexity: O(1).
    @inline(__always)
    func checkFigures(closingAt price: Price) throws(ValidationError) {
        try Self.checkFigures(of: position.position, closingAt: price, backingBase: backingBase, collateral: collateral)
    }

    /// ``checkFigures(closingAt:)`` for a context of these figures, before it is made.
    @inline(__always)
    static func checkFigures(of held: Position, closingAt price: Price, backingBase: Money, collateral: Money) throws(ValidationError) {
        // In units of 10⁻¹⁶ (no division): |q|·max(price, entry) is exact there, the rest scaled.
        let reach = UInt128(held.size.units.magnitude) * UInt128(Swift.max(price, held.entryPrice).units)
        let base = UInt128(Swift.max(backingBase.units.magnitude, collateral.units.magnitude))
        let maxMoney: UInt128 = 1_000_000_000_000_000_000  // Limits.maxMoney in units, folded (not read through its accessor)
        let bound = (base + maxMoney + 4) * 100_000_000 + 2 * reach
        guard bound <= UInt128(Int64.max) * 100_000_000 else { throw figuresOverflow(of: held, closingAt: price, collateral: collateral) }
    }

    /// The error of ``checkFigures(closingAt:)``, formed out of line (the check is on hot paths).
    @inline(never)
    static func figuresOverflow(of held: Position, closingAt price: Price, collateral: Money) -> ValidationError {
        ValidationError(
            .overflow, at: "positions[\"\(held.market)\"]",
            "closing \(held.size) at \(price) (entry \(held.entryPrice)) with collateral \(collateral) gives figures beyond the range represented exactly")
    }

    /// `true` while a cooldown of `seconds` that began at the last partial close still runs
    /// (a cooldown past the end of time never ends).
    public func withinCooldown(_ seconds: Int64) -> Bool {
        guard let last = history.lastPartialAt else { return false }
        return now < timeUnit.time(last, plusSeconds: seconds)
    }
}
