public import LiquidusCore

/// A level-2 order book for one market: the total resting quantity at each price, on both sides.
///
/// Levels are kept in two sorted arrays: bids by descending price, asks by ascending price, so
/// index 0 is the touch (best price) on each side and a depth walk reads the arrays front to
/// back. Every level lies on the market's tick grid (price) and lot grid (quantity), has a
/// positive price at most `Limits.maxPrice` and a positive quantity at most `Limits.maxSize`.
/// The book is never crossed or locked: when both sides are non-empty, best bid < best ask.
///
/// Every mutation validates first and changes nothing when it throws: an invalid snapshot or
/// update leaves the book exactly as it was, with a `ValidationError` naming the field
/// (`bids[3].price`, `asks[0].quantity`, `update.price`, `updates[2].quantity`).
public struct OrderBook: Hashable, Sendable {
    /// One price level: the total quantity resting at a price.
    public struct Level: Hashable, Sendable {
        /// The level's price, on the tick grid.
        public var price: Price
        /// The total quantity at the price, on the lot grid; > 0 in a book, 0 in an update
        /// removes the level.
        public var quantity: Quantity

        /// Creates a level.
        public init(price: Price, quantity: Quantity) {
            self.price = price
            self.quantity = quantity
        }
    }

    /// The market whose grids the levels follow.
    public let market: Market
    /// Bid levels, best (highest price) first.
    public private(set) var bids: [Level] = []
    /// Ask levels, best (lowest price) first.
    public private(set) var asks: [Level] = []

    /// An empty book for `market`.
    public init(market: Market) {
        self.market = market
    }

    /// A book for `market` holding the snapshot `bids` and `asks` (in any order); see
    /// ``replace(bids:asks:)`` for the checks.
    /// - Complexity: O(n log n) for n levels.
    public init(market: Market, bids: [Level], asks: [Level]) throws(ValidationError) {
        self.market = market
        try replace(bids: bids, asks: asks)
    }

    /// An equal book whose market and levels share no storage with this one's, for a thread that
    /// reads it while others read the original (see `Market.replica()`).
    /// - Complexity: O(n) for n levels.
    public func replica() -> OrderBook {
        var copy = OrderBook(market: market.replica())
        copy.bids = bids.unshared()
        copy.asks = asks.unshared()
        return copy
    }

    /// The levels of `side`, best first.
    public func levels(_ side: BookSide) -> [Level] {
        side == .bid ? bids : asks
    }

    /// The highest bid, or `nil` when there are no bids.
    public var bestBid: Level? { bids.first }
    /// The lowest ask, or `nil` when there are no asks.
    public var bestAsk: Level? { asks.first }

    /// The touch of `side`: the best bid or the best ask, `nil` when that side is empty.
    public func touch(_ side: BookSide) -> Level? {
        side == .bid ? bids.first : asks.first
    }

    /// The quantity resting at `price` on `side`, zero when there is no level there.
    /// - Complexity: O(log n) for n levels on the side (binary search).
    public func quantity(at price: Price, on side: BookSide) -> Quantity {
        let levels = levels(side)
        let index = Self.insertionIndex(of: price, in: levels, side: side)
        return index < levels.count && levels[index].price == price ? levels[index].quantity : .zero
    }

    /// The total visible quantity of `side`, `Σ quantity`, summed exactly in `Int128` and capped
    /// at `Quantity.max` (reached only by books of some hundred levels of `Limits.maxSize`).
    /// - Complexity: O(n) for n levels on the side.
    public func visibleQuantity(on side: BookSide) -> Quantity {
        var total: Int128 = 0
        for level in levels(side) { total += Int128(level.quantity.units) }
        return Quantity(units: Int64(clamping: total))
    }

    // MARK: - Snapshot

    /// Replaces the whole book with a snapshot. Levels may come in any order.
    ///
    /// The bids are checked, then the asks (each level's fields in input order, then repeats),
    /// then the two sides together; the first failure is thrown:
    /// price ≤ 0 or > `Limits.maxPrice` (`outOfRange`, `bids[i].price`); quantity ≤ 0 or >
    /// `Limits.maxSize` (`outOfRange`, `bids[i].quantity`; a snapshot lists only levels that
    /// exist); price off the tick grid or quantity off the lot grid (`notOnGrid`); a price listed
    /// twice on one side (`duplicate`, at the later entry's `.price`); and finally a crossed or
    /// locked result, best bid ≥ best ask (`inconsistent`, at the best ask's `asks[i].price`).
    /// On failure the book is unchanged.
    /// - Complexity: O(n log n) for n levels.
    public mutating func replace(bids newBids: [Level], asks newAsks: [Level]) throws(ValidationError) {
        let sortedBids = try sortedSnapshot(newBids, side: .bid)
        let sortedAsks = try sortedSnapshot(newAsks, side: .ask)
        if let bid = sortedBids.first, let ask = sortedAsks.first, bid.level.price >= ask.level.price {
            throw ValidationError(
                .inconsistent, at: "asks[\(ask.index)].price",
                "\(ask.level.price) \(bid.level.price == ask.level.price ? "locks" : "crosses") the book: the best bid is \(bid.level.price) (bids[\(bid.index)])"
            )
        }
        bids = sortedBids.map(\.level)
        asks = sortedAsks.map(\.level)
    }

    /// Validates the levels of one side of a snapshot and sorts them best first, keeping each
    /// level's input index for error paths.
    private func sortedSnapshot(_ levels: [Level], side: BookSide) throws(ValidationError) -> [(index: Int, level: Level)] {
        // The paths are formed only for an error: a venue's snapshot of hundreds of levels
        // builds no string when it is valid.
        for (index, level) in levels.enumerated() {
            try checkPrice(level.price, at: "\(side.pathName)[\(index)].price")
            guard level.quantity.isPositive, level.quantity <= Limits.maxSize else {
                throw ValidationError(.outOfRange, at: "\(side.pathName)[\(index)].quantity", "must be > 0 and at most \(Limits.maxSize) in a snapshot")
            }
            try checkLot(level.quantity, at: "\(side.pathName)[\(index)].quantity")
        }
        // Sort by price, best first; equal prices keep input order so the later one is blamed.
        let sorted = levels.enumerated().map { (index: $0.offset, level: $0.element) }.sorted { lhs, rhs in
            if lhs.level.price != rhs.level.price {
                return side == .bid ? lhs.level.price > rhs.level.price : lhs.level.price < rhs.level.price
            }
            return lhs.index < rhs.index
        }
        let repeats = sorted.indices.dropFirst().filter { sorted[$0].level.price == sorted[$0 - 1].level.price }
        if let first = repeats.map({ sorted[$0] }).min(by: { $0.index < $1.index }) {
            throw ValidationError(.duplicate, at: "\(side.pathName)[\(first.index)].price", "repeats the price \(first.level.price) on the same side")
        }
        return sorted
    }

    // MARK: - Checks shared by snapshots and updates

    func checkPrice(_ price: Price, at path: @autoclosure () -> String) throws(ValidationError) {
        guard price.isPositive, price <= Limits.maxPrice else {
            throw ValidationError(.outOfRange, at: path(), "must be > 0 and at most \(Limits.maxPrice)")
        }
        guard price.isMultiple(of: market.tickSize) else {
            throw ValidationError(.notOnGrid, at: path(), "must be a multiple of the tick size \(market.tickSize)")
        }
    }

    func checkLot(_ quantity: Quantity, at path: @autoclosure () -> String) throws(ValidationError) {
        guard quantity.isMultiple(of: market.lotSize) else {
            throw ValidationError(.notOnGrid, at: path(), "must be a multiple of the lot size \(market.lotSize)")
        }
    }

    /// The index at which `price` sits, or would be inserted, in `levels` ordered best first
    /// for `side`.
    /// - Complexity: O(log n).
    static func insertionIndex(of price: Price, in levels: [Level], side: BookSide) -> Int {
        var low = 0
        var high = levels.count
        while low < high {
            let middle = (low + high) / 2
            let before = side == .bid ? levels[middle].price > price : levels[middle].price < price
            if before { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Sets the quantity at `price` on `side` without checks: 0 removes the level.
    /// - Complexity: O(log n) to find the level, O(n) to insert or remove it.
    mutating func setUnchecked(_ side: BookSide, price: Price, quantity: Quantity) {
        if side == .bid {
            Self.set(&bids, side: side, price: price, quantity: quantity)
        } else {
            Self.set(&asks, side: side, price: price, quantity: quantity)
        }
    }

    private static func set(_ levels: inout [Level], side: BookSide, price: Price, quantity: Quantity) {
        let index = insertionIndex(of: price, in: levels, side: side)
        let exists = index < levels.count && levels[index].price == price
        switch (exists, quantity.isZero) {
        case (true, true): levels.remove(at: index)
        case (true, false): levels[index].quantity = quantity
        case (false, false): levels.insert(Level(price: price, quantity: quantity), at: index)
        case (false, true): break
        }
    }

    /// Traps unless the book's invariants hold: each side strictly ordered best first, every
    /// level valid on the market's grids, and the book neither crossed nor locked. Compiled to
    /// nothing outside debug builds.
    /// - Complexity: O(n).
    package func checkInvariants() {
        #if DEBUG
        for side in BookSide.allCases {
            let levels = levels(side)
            for (index, level) in levels.enumerated() {
                precondition((try? checkPrice(level.price, at: "")) != nil, "\(side)[\(index)] price invalid")
                precondition(level.quantity.isPositive && level.quantity <= Limits.maxSize, "\(side)[\(index)] quantity invalid")
                precondition(level.quantity.isMultiple(of: market.lotSize), "\(side)[\(index)] off lot grid")
                if index > 0 {
                    let ordered = side == .bid ? levels[index - 1].price > level.price : levels[index - 1].price < level.price
                    precondition(ordered, "\(side) not strictly ordered at \(index)")
                }
            }
        }
        if let bid = bestBid, let ask = bestAsk { precondition(bid.price < ask.price, "book crossed or locked") }
        #endif
    }
}
