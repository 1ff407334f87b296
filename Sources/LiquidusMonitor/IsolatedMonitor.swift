public import LiquidusCore

/// Finds the isolated positions that crossed maintenance when a market's mark moves, in time
/// set by the breaches, not by the number of positions.
///
/// An isolated position's liquidation price does not depend on the mark (only on its size,
/// entry, isolated margin and its market's tiers), so each market keeps two indexes over the
/// prices: longs in a max-heap (a long is breached when `mark ≤ LP`), shorts in a max-heap of
/// negated prices (breached when `mark ≥ LP`). A tick reads the two heaps' tops — O(1) when
/// nothing crossed — and walks only the entries past the mark, O(k) for k candidates. Each
/// candidate is then confirmed by the exact rule, `isolated margin + uPnL ≤ maintenance` (uPnL
/// rounded down, maintenance up, as in ``Account/margin(markets:marks:)``), so the answer is
/// exactly the breached set.
///
/// Liquidation prices are indexed at the full 10⁻⁸ precision, rounded toward solvency (a long's up,
/// a short's down), so the index's candidates are a superset of the breaches and the exact check
/// removes at most the positions within 10⁻⁸ of their price.
///
/// Storage is struct-of-arrays, with dense `Int32` position handles the caller assigns; a tick
/// allocates nothing once the caller's output buffer has grown.
public struct IsolatedMonitor: Sendable {
    /// The markets, by index; a position names its market by this index.
    public let markets: [Market]

    @usableFromInline var longs: [IndexedMaxHeap]
    @usableFromInline var shorts: [IndexedMaxHeap]
    // Per position handle (struct of arrays).
    @usableFromInline var slot: [Int32] = []
    @usableFromInline var marketIndex: [Int32] = []
    @usableFromInline var size: [Int64] = []
    @usableFromInline var entry: [Int64] = []
    @usableFromInline var margin: [Int64] = []

    /// Creates an empty monitor over `markets`.
    public init(markets: [Market]) {
        self.markets = markets
        longs = Array(repeating: IndexedMaxHeap(), count: markets.count)
        shorts = Array(repeating: IndexedMaxHeap(), count: markets.count)
    }

    /// How many positions are indexed.
    public var count: Int { longs.reduce(0) { $0 + $1.count } + shorts.reduce(0) { $0 + $1.count } }

    /// Indexes (or re-indexes) position `handle`: call it when the position opens, changes size,
    /// entry or margin (funding included), or when its market's tiers change.
    /// - Complexity: O(t + log n) for t tiers.
    public mutating func upsert(_ handle: Int32, market: Int, size: Quantity, entry: Price, isolatedMargin: Money) {
        precondition(!size.isZero, "an empty position is removed, not indexed")
        remove(handle)
        let index = Int(handle)
        if index >= slot.count {
            let grow = index + 1 - slot.count
            slot.append(contentsOf: repeatElement(-1, count: grow))
            marketIndex.append(contentsOf: repeatElement(-1, count: grow))
            self.size.append(contentsOf: repeatElement(0, count: grow))
            self.entry.append(contentsOf: repeatElement(0, count: grow))
            self.margin.append(contentsOf: repeatElement(0, count: grow))
        }
        marketIndex[index] = Int32(market)
        self.size[index] = size.units
        self.entry[index] = entry.units
        self.margin[index] = isolatedMargin.units
        let key = Self.triggerKey(size: size, entry: entry, backing: isolatedMargin, market: markets[market])
        if size.isPositive { longs[market].insert(handle, key: key, slots: &slot) } else { shorts[market].insert(handle, key: -key, slots: &slot) }
    }

    /// Stops watching position `handle` (closed or moved to cross). Unknown handles are ignored.
    /// - Complexity: O(log n).
    public mutating func remove(_ handle: Int32) {
        let index = Int(handle)
        guard index < slot.count, slot[index] >= 0 else { return }
        let market = Int(marketIndex[index])
        if size[index] > 0 { longs[market].remove(slot: Int(slot[index]), slots: &slot) } else { shorts[market].remove(slot: Int(slot[index]), slots: &slot) }
        marketIndex[index] = -1
    }

    /// Appends to `breaches` the handle of every position in `market` that is at or below
    /// maintenance at `mark` (isolated margin + uPnL ≤ maintenance), exactly.
    /// - Complexity: O(k + 1) for k positions past their indexed price; no allocation beyond
    ///   `breaches`' growth.
    @inlinable public func breaches(market: Int, mark: Price, into breaches: inout [Int32]) {
        let tiers = markets[market].riskTiers
        longs[market].forEach(atLeast: mark.units) { handle in
            if isBreached(handle, mark: mark, tiers: tiers) { breaches.append(handle) }
        }
        shorts[market].forEach(atLeast: -mark.units) { handle in
            if isBreached(handle, mark: mark, tiers: tiers) { breaches.append(handle) }
        }
    }

    /// The exact rule for one position: `margin + q·(mark − entry) ≤ maintenance(|q|·mark)`.
    @inlinable func isBreached(_ handle: Int32, mark: Price, tiers: RiskTierTable) -> Bool {
        let index = Int(handle)
        let quantity = Quantity(units: size[index])
        let equity = Money(units: margin[index]) + Money.pnl(of: quantity, from: Price(units: entry[index]), to: mark, .credit)
        return equity <= tiers.maintenanceMargin(size: quantity, price: mark).margin
    }

    /// The naive answer, for tests and benchmarks: every position of `market` evaluated at `mark`.
    /// - Complexity: O(n) for n positions in all markets.
    public func scanAll(market: Int, mark: Price, into breaches: inout [Int32]) {
        let tiers = markets[market].riskTiers
        for index in marketIndex.indices where marketIndex[index] == Int32(market) {
            if isBreached(Int32(index), mark: mark, tiers: tiers) { breaches.append(Int32(index)) }
        }
    }

    /// The index key of a position: its liquidation price in units of 10⁻⁸, rounded toward
    /// solvency. Where no positive price exists, 0 or `Int64.max`, whichever makes the index say
    /// what the exact rule says at every price in (0, ``Limits/maxPrice``].
    static func triggerKey(size: Quantity, entry: Price, backing: Money, market: Market) -> Int64 {
        if let solved = LiquidationPriceSolver.liquidationPrice(
            size: size, entryPrice: entry, backing: backing, tiers: market.riskTiers, tickSize: Price(units: 1))
        {
            return solved.price.units
        }
        // No root in range: the position is either breached at every price or at none. Ask the
        // exact rule at the smallest price (a long's worst case, a short's best).
        let equity = backing + Money.pnl(of: size, from: entry, to: Price(units: 1), .credit)
        let breachedAtBottom = equity <= market.riskTiers.maintenanceMargin(size: size, price: Price(units: 1)).margin
        if size.isPositive {
            return breachedAtBottom ? Int64.max : 0  // long: mark ≤ key
        } else {
            let equityAtTop = backing + Money.pnl(of: size, from: entry, to: Limits.maxPrice, .credit)
            let breachedAtTop = equityAtTop <= market.riskTiers.maintenanceMargin(size: size, price: Limits.maxPrice).margin
            return breachedAtBottom ? 0 : (breachedAtTop ? Limits.maxPrice.units : Int64.max)  // short: mark ≥ key
        }
    }

    /// Bytes of monitor state per indexed position (heap entry plus per-handle arrays), for the
    /// memory figure of the benchmarks.
    public static let bytesPerPosition = MemoryLayout<Int64>.size + MemoryLayout<Int32>.size  // heap key + handle
        + MemoryLayout<Int32>.size * 2 + MemoryLayout<Int64>.size * 3  // slot, market, size, entry, margin

    /// Debug check: every heap is ordered and every slot points back at its entry.
    package func checkInvariants() -> Bool {
        longs.allSatisfy { $0.checkInvariants(slots: slot) } && shorts.allSatisfy { $0.checkInvariants(slots: slot) }
    }
}
