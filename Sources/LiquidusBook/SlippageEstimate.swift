public import LiquidusCore

/// What closing a quantity at market would cost against the mark and against the touch, from
/// the visible book and, for the part beyond it, from an ``ImpactModel``.
///
/// The quantity `q` is split in two:
/// - the **book part**: ``book`` walks the visible side (a sell the bids, a buy the asks) and
///   fills `F = book.filled` exactly at the book's prices;
/// - the **model part**: the remainder `R = q − F` (only when the side runs out) fills at
///   ``modelPrice`` `= ref × (1 − i)` for a sell, `ref × (1 + i)` for a buy, where `ref` is the
///   worst price the book reached (the mark when the side is empty) and `i` = ``modelImpact`` is
///   the model's expected impact for an order of size R against a visible depth of F.
///
/// Against a reference price P (the mark, or the touch), the cost is
/// `cost = sign × (N − q × P)` with `N = Σ qᵢ × pᵢ` over both parts and `sign` = +1 for a buy,
/// −1 for a sell, so a cost > 0 is worse than P and < 0 is better (a bid above the mark). In
/// basis points: `bps = cost ÷ (q × P) × 10⁴`.
///
/// Rounding, always toward the worse outcome for the trader being closed out: N and every sum
/// of fills are exact (`Int128`, units of 10⁻¹⁶); the model's impact is clamped to [0, 1] (a
/// non-finite output counts as 1) and rounded up to 10⁻⁸; ``modelPrice`` is rounded down for a
/// sell and up for a buy; ``averagePrice`` and ``notional`` round down for a sell and up for a
/// buy; every cost (money and bps) rounds up.
public struct SlippageEstimate: Hashable, Sendable {
    /// The direction of the closing order.
    public let side: OrderSide
    /// The quantity closed, `q`.
    public let quantity: Quantity
    /// The mark price the cost is measured against.
    public let mark: Price
    /// The touch of the side walked (best bid for a sell, best ask for a buy); `nil` when empty.
    public let touch: Price?
    /// The part filled by the visible book.
    public let book: DepthWalk
    /// The model's impact on the remainder, a fraction in [0, 1] rounded up; zero when the book
    /// fills everything.
    public let modelImpact: Rate
    /// The price the remainder is assumed to fill at; `nil` when the book fills everything.
    public let modelPrice: Price?
    /// The exact notional of both parts, `Σ qᵢ × pᵢ`, in units of 10⁻¹⁶.
    public let exactNotional: Int128
    /// The cost against the mark, `sign × (N − q × mark)`, in money, rounded up.
    public let versusMark: Money
    /// The cost against the mark in basis points, rounded up (a `Rate` holding a
    /// number of bps: 12.5 means 12.5 bps).
    public let versusMarkBps: Rate
    /// The cost of the book part alone against the mark, `sign × (N_book − F × mark)`, rounded up.
    public let versusMarkFromBook: Money
    /// The cost against the touch, `sign × (N − q × touch)`, rounded up; `nil` without a touch.
    public let versusTouch: Money?
    /// The cost against the touch in basis points, rounded up; `nil` without a touch.
    public let versusTouchBps: Rate?

    /// Estimates closing `quantity` with an order of `side` on `book`, the remainder beyond the
    /// visible depth priced by `model`, which is given `volatility` and `volume` as they are.
    ///
    /// Throws, changing nothing: `outOfRange` at `quantity` unless 0 < quantity ≤
    /// `Limits.maxSize` (or when a notional would not fit in `Money`), `notOnGrid` at
    /// `quantity` off the lot grid, `outOfRange` at `mark` unless 0 < mark ≤ `Limits.maxPrice`,
    /// and `outOfRange` at `volatility` or `volume` unless finite and ≥ 0.
    /// - Complexity: O(k) for the k levels the walk consumes, plus one model evaluation.
    public init(
        closing quantity: Quantity, side: OrderSide, book orderBook: OrderBook, mark: Price,
        model: some ImpactModel, volatility: Double, volume: Double
    ) throws(ValidationError) {
        guard mark.isPositive, mark <= Limits.maxPrice else {
            throw ValidationError(.outOfRange, at: "mark", "must be > 0 and at most \(Limits.maxPrice)")
        }
        guard volatility.isFinite, volatility >= 0 else {
            throw ValidationError(.outOfRange, at: "volatility", "must be a finite number ≥ 0")
        }
        guard volume.isFinite, volume >= 0 else {
            throw ValidationError(.outOfRange, at: "volume", "must be a finite number ≥ 0")
        }
        let walk = try orderBook.walk(side: side, quantity: quantity)
        let remainder = walk.unfilled
        var impact = Rate.zero
        var remainderPrice: Price?
        var notional = walk.exactNotional
        if remainder.isPositive {
            let reference = walk.worstPrice ?? mark
            let input = ImpactInput(
                size: Double(remainder.units) / Double(FixedPoint.scale),
                visibleDepth: Double(walk.filled.units) / Double(FixedPoint.scale),
                volatility: volatility, volume: volume
            )
            impact = Self.roundedImpact(model.expectedImpact(input))
            let factor = Int128(Rate.one.units) + Int128(side.sign) * Int128(impact.units)
            let price = Price(units: Int64(WideDivision.divideByScale(
                Int128(reference.units) * factor, side.conservativeRounding)))
            remainderPrice = price
            notional += Int128(remainder.units) * Int128(price.units)
        }
        self.side = side
        self.quantity = quantity
        self.mark = mark
        self.touch = orderBook.touch(side.bookSide)?.price
        self.book = walk
        self.modelImpact = impact
        self.modelPrice = remainderPrice
        self.exactNotional = notional
        guard WideDivision.divideByScale(notional, .up) <= Int128(Money.max.units) else {
            throw ValidationError(.outOfRange, at: "quantity", "closes a notional beyond \(Money.max)")
        }
        (versusMark, versusMarkBps) = try Self.cost(of: notional, quantity: quantity, side: side, against: mark)
        versusMarkFromBook = try Self.cost(of: walk.exactNotional, quantity: walk.filled, side: side, against: mark).money
        if let touch {
            let (money, bps) = try Self.cost(of: notional, quantity: quantity, side: side, against: touch)
            (versusTouch, versusTouchBps) = (money, bps)
        } else {
            (versusTouch, versusTouchBps) = (nil, nil)
        }
    }

    /// The quantity the book fills, `F`.
    public var fromBook: Quantity { book.filled }
    /// The quantity priced by the model, `R = q − F`.
    public var fromModel: Quantity { book.unfilled }

    /// The cost of the model part against the mark: ``versusMark`` − ``versusMarkFromBook``, so
    /// that the two parts add up to the total exactly.
    public var versusMarkFromModel: Money { versusMark - versusMarkFromBook }

    /// The notional of both parts in money, rounded down for a sell (proceeds) and up for a buy.
    public var notional: Money {
        Money(units: Int64(WideDivision.divideByScale(exactNotional, side.conservativeRounding)))
    }

    /// The average price of both parts, `N ÷ q`, rounded to 10⁻⁸ down for a sell and up for a buy.
    public var averagePrice: Price {
        Price(units: Int64(WideDivision.divide(exactNotional, by: Int128(quantity.units), side.conservativeRounding)))
    }

    /// The model's fraction clamped to [0, 1] (non-finite counts as 1), rounded up to 10⁻⁸.
    private static func roundedImpact(_ fraction: Double) -> Rate {
        guard fraction.isFinite, fraction < 1 else { return .one }
        guard fraction > 0 else { return .zero }
        return Rate(units: Int64((fraction * Double(FixedPoint.scale)).rounded(.up)))
    }

    /// `sign × (notional − quantity × reference)` in money and in bps of `quantity × reference`,
    /// both rounded up. A zero quantity costs nothing.
    private static func cost(
        of notional: Int128, quantity: Quantity, side: OrderSide, against reference: Price
    ) throws(ValidationError) -> (money: Money, bps: Rate) {
        let referenceNotional = Int128(quantity.units) * Int128(reference.units)
        guard referenceNotional > 0 else { return (.zero, .zero) }
        let cost = Int128(side.sign) * (notional - referenceNotional)
        // Rate units of bps: cost ÷ referenceNotional × 10⁴ × 10⁸.
        guard let money = Int64(exactly: WideDivision.divideByScale(cost, .up)),
              let bps = WideRatio.scaled(cost, over: referenceNotional, digits: 12, .up)
        else {
            throw ValidationError(.outOfRange, at: "mark", "gives a slippage too large to represent")
        }
        return (Money(units: money), Rate(units: bps))
    }
}
