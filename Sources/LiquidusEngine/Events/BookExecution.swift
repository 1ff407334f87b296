public import LiquidusCore

/// How a partial close met the order book: one child order of the executor's schedule, the
/// depth it took, and what the impact model expected of it before it was sent.
///
/// Audit: the child walked the book from `touchPrice` to at worst `worstPrice` (never beyond
/// `childLimitPrice`, itself never worse than the bankruptcy price), over `levelsConsumed`
/// levels; its average price is the event's `price`. `plannedQuantity − filled so far` is
/// `remaining`, which the next child takes at `nextChildAt` (or a takeover, when `nil` while
/// `remaining > 0` and the scope is still under maintenance).
public struct BookExecution: Codable, Hashable, Sendable {
    /// The quantity the policy decided to close.
    @DecimalCoded public var plannedQuantity: Quantity
    /// This child's number within the close, from 1.
    public var child: Int
    /// The best price on the side consumed before the child.
    @DecimalCoded public var touchPrice: Price
    /// The worst level the child touched.
    @DecimalCoded public var worstPrice: Price
    /// The child's limit: the slippage budget's bound, never worse than the bankruptcy price.
    @DecimalCoded public var childLimitPrice: Price
    /// The levels the child took quantity from.
    public var levelsConsumed: Int
    /// The quantity visible on the side consumed before the child.
    @DecimalCoded public var visibleDepth: Quantity
    /// What is left of the planned close after this child.
    @DecimalCoded public var remaining: Quantity
    /// When the next child goes, if the close continues.
    public var nextChildAt: Int64?
    /// The market's impact model's estimate for this child before it was sent, as a fraction of
    /// price (rounded up to 10⁻⁸).
    @DecimalCoded public var estimatedImpact: Rate
    /// The realised impact `|average − mid| ÷ mid` against the mid of the book before the child
    /// (the arrival price; the touch when the other side is empty), rounded up to 10⁻⁸: what the
    /// model then learnt from.
    @DecimalCoded public var realizedImpact: Rate

    /// Creates the record.
    public init(
        plannedQuantity: Quantity, child: Int, touchPrice: Price, worstPrice: Price, childLimitPrice: Price, levelsConsumed: Int,
        visibleDepth: Quantity, remaining: Quantity, nextChildAt: Int64?, estimatedImpact: Rate, realizedImpact: Rate
    ) {
        self.plannedQuantity = plannedQuantity
        self.child = child
        self.touchPrice = touchPrice
        self.worstPrice = worstPrice
        self.childLimitPrice = childLimitPrice
        self.levelsConsumed = levelsConsumed
        self.visibleDepth = visibleDepth
        self.remaining = remaining
        self.nextChildAt = nextChildAt
        self.estimatedImpact = estimatedImpact
        self.realizedImpact = realizedImpact
    }
}
