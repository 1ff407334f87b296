/// What an ``ImpactModel`` is told about an order and its market, in plain `Double`s (models
/// are statistics, not money paths).
///
/// Sizes are in contract units, like `Quantity`; volatility and volume are over the same
/// horizon (for example the last hour).
public struct ImpactInput: Hashable, Sendable {
    /// The order size to be executed, > 0.
    public var size: Double
    /// The quantity visible on the side of the book the order consumes, ≥ 0.
    public var visibleDepth: Double
    /// The price volatility over the horizon, as a fraction of price (0.02 is 2 %), ≥ 0.
    public var volatility: Double
    /// The volume traded over the horizon, in contracts, ≥ 0.
    public var volume: Double

    /// Creates an input.
    public init(size: Double, visibleDepth: Double, volatility: Double, volume: Double) {
        self.size = size
        self.visibleDepth = visibleDepth
        self.volatility = volatility
        self.volume = volume
    }
}
