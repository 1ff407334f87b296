/// One side of an order book: the resting buy orders (bids) or the resting sell orders (asks).
public enum BookSide: String, Sendable, Hashable, CaseIterable {
    /// Resting buy orders, best (highest) price first.
    case bid
    /// Resting sell orders, best (lowest) price first.
    case ask

    /// The other side.
    @inlinable public var opposite: BookSide { self == .bid ? .ask : .bid }

    /// The name used in validation paths: `bids` or `asks`.
    var pathName: String { self == .bid ? "bids" : "asks" }
}
