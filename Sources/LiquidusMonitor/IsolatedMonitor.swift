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
/// rounded down, maintenance up, as in `Account.margin(markets:marks:)`), so the answer is
/// exactly the breached set.
///
/// Liquidation prices are indexed at the full 10⁻⁸ precision, rounded toward solvency (a long's up,
/// a short's down), so the index's candidates are a superset of the breaches and the exact check
/// removes at most the positions within 10⁻⁸ of their price.
///
/// Storage is laid out for the cache. Each market numbers its positions with dense local ids, so
/// everything a tick or a re-index touches — the heaps' keys (struct-of-arrays, the data a tick
/// scans), the heap slots (written on every sift step) and the positions' records (one 32-byte
/// record per position, the data a candidate reads) — lives in that market's own compact arrays.
/// One table maps the caller's dense `Int32` handles to (market, local id). A tick allocates
/// nothing once its buffers have grown.
public struct IsolatedMonitor: Sendable {
    /// The markets, by index; a position names its market by this index.
    public let markets: [Market]

    /// One position's fields, read together when it is a candidate.
    @usableFromInline struct Record: Sendable {
        @usableFromInline var size: Int64 = 0  // 0: the local id is free
        @usableFromInline var entry: Int64 = 0
        @usableFromInline var margin: Int64 = 0
        @usableFromInline var handle: Int32 = -1
        @usableFromInline init() {}
    }

    /// A market's positions: heaps of local ids, their slots, their records, free local ids.
    @usableFromInline struct Book: Sendable {
        @usableFromInline var longs = IndexedMaxHeap()
        @usableFromInline var shorts = IndexedMaxHeap()
        @usableFromInline var slot: [Int32] = []
        @usableFromInline var records: [Record] = []
        @usableFromInline var free: [Int32] = []
        @usableFromInline init() {}
    }

    @usableFromInline var books: [Book]
    /// Caller's handle → `market << 32 | local id`, or −1.
    @usableFromInline var location: [Int64] = []
    // Scratch for the breach walk, reused across ticks.
    @usableFromInline var candidates: [Int32] = []
    @usableFromInline var stack: [Int32] = []

    /// Creates an empty monitor over `markets`.
    public init(markets: [Market]) {
        self.markets = markets
        books = Array(repeating: Book(), count: markets.count)
    }

    /// How many positions are indexed.
    public var count: Int { books.reduce(0) { $0 + $1.longs.count + $1.shorts.count } }

    /// Indexes (or re-indexes) position `handle`: call it when the position opens, changes size,
    /// entry or margin (funding included), or when its market's tiers change.
    ///
    /// Returns the position's index key: its liquidation price in units of 10⁻⁸, rounded toward
    /// solvency (0 or `Int64.max` where it has none in range; see ``triggerKey(size:entry:backing:market:)``).
    /// - Complexity: O(t + log n) for t tiers.
    @discardableResult
    public mutating func upsert(_ handle: Int32, market: Int, size: Quantity, entry: Price, isolatedMargin: Money) -> Int64 {
        precondition(!size.isZero, "an empty position is removed, not indexed")
        let key = Self.triggerKey(size: size, entry: entry, backing: isolatedMargin, market: markets[market])
        let index = Int(handle)
        if index < location.count, location[index] >= 0, Int(location[index] >> 32) == market {
            let local = Int(truncatingIfNeeded: location[index] & 0xFFFF_FFFF)
            if (books[market].records[local].size > 0) == size.isPositive {
                // Same market, same side: re-key in place (one sift instead of a removal and an insertion).
                books[market].records[local].size = size.units
                books[market].records[local].entry = entry.units
                books[market].records[local].margin = isolatedMargin.units
                books[market].rekey(local, key: key)
                return key
            }
        }
        remove(handle)
        if index >= location.count { location.append(contentsOf: repeatElement(-1, count: index + 1 - location.count)) }
        let local = books[market].insert(handle, size: size.units, entry: entry.units, margin: isolatedMargin.units, key: key)
        location[index] = Int64(market) << 32 | Int64(local)
        return key
    }

    /// Stops watching position `handle` (closed or moved to cross). Unknown handles are ignored.
    /// - Complexity: O(log n).
    public mutating func remove(_ handle: Int32) {
        let index = Int(handle)
        guard index < location.count, location[index] >= 0 else { return }
        books[Int(location[index] >> 32)].remove(Int(truncatingIfNeeded: location[index] & 0xFFFF_FFFF))
        location[index] = -1
    }

    /// Appends to `breaches` the handle of every position in `market` that is at or below
    /// maintenance at `mark` (isolated margin + uPnL ≤ maintenance), exactly.
    /// - Complexity: O(k + 1) for k positions past their indexed price; no allocation once the
    ///   scratch buffers and `breaches` have grown.
    @inlinable public mutating func breaches(market: Int, mark: Price, into breaches: inout [Int32]) {
        candidates.removeAll(keepingCapacity: true)
        books[market].longs.collect(atLeast: mark.units, into: &candidates, stack: &stack)
        books[market].shorts.collect(atLeast: -mark.units, into: &candidates, stack: &stack)
        guard !candidates.isEmpty else { return }
        let tiers = markets[market].riskTiers
        for local in candidates {
            let record = books[market].records[Int(local)]
            if Self.isBreached(record, mark: mark, tiers: tiers) { breaches.append(record.handle) }
        }
    }

    /// The exact rule for one position: `margin + q·(mark − entry) ≤ maintenance(|q|·mark)`.
    @inlinable static func isBreached(_ record: Record, mark: Price, tiers: RiskTierTable) -> Bool {
        equityMeetsMaintenance(size: Quantity(units: record.size), entry: Price(units: record.entry), backing: record.margin, mark: mark, tiers: tiers) ?? true
    }

    /// Whether `backing + q·(mark − entry) ≤` the tiered maintenance margin at `mark`, exactly as
    /// the engine rounds it, in wide arithmetic (no backing or mark overflows it); `nil` when the
    /// notional at `mark` exceeds ``LiquidusCore/Limits/maxMoney`` — the engine refuses to
    /// evaluate such a position (it holds the account aside), so a breach scan reports it.
    @inlinable static func equityMeetsMaintenance(size: Quantity, entry: Price, backing: Int64, mark: Price, tiers: RiskTierTable) -> Bool? {
        guard Int128(size.units.magnitude) * Int128(mark.units) <= Int128(Limits.maxMoney.units) * FixedPoint.wideScale else { return nil }
        let equity = Int128(backing) + WideDivision.divideByScale(Int128(size.units) * (Int128(mark.units) - Int128(entry.units)), .credit)
        return equity <= Int128(tiers.maintenanceMargin(size: size, price: mark).margin.units)
    }

    /// The naive answer, for tests and benchmarks: every position of every market examined, those
    /// of `market` evaluated at `mark`.
    /// - Complexity: O(n) for n positions in all markets.
    public func scanAll(market: Int, mark: Price, into breaches: inout [Int32]) {
        let tiers = markets[market].riskTiers
        for index in location.indices where location[index] >= 0 && Int(location[index] >> 32) == market {
            let record = books[market].records[Int(truncatingIfNeeded: location[index] & 0xFFFF_FFFF)]
            if Self.isBreached(record, mark: mark, tiers: tiers) { breaches.append(Int32(index)) }
        }
    }

    /// The index key of a position: its liquidation price in units of 10⁻⁸, rounded toward
    /// solvency. Where no positive price exists, 0 or `Int64.max`, whichever makes the index say
    /// what the exact rule says at every price in (0, `Limits.maxPrice`].
    public static func triggerKey(size: Quantity, entry: Price, backing: Money, market: Market) -> Int64 {
        if let solved = LiquidationPriceSolver.liquidationPrice(
            size: size, entryPrice: entry, backing: backing, tiers: market.riskTiers, tickSize: Price(units: 1))
        {
            return solved.price.units
        }
        // No root in range: the position is either breached at every price or at none. Ask the
        // exact rule at the smallest price (a long's worst case, a short's best): its notional
        // there, |q| × 10⁻⁸, is far within the limits.
        let tiers = market.riskTiers
        let bottom = Price(units: 1)
        let breachedAtBottom = equityMeetsMaintenance(size: size, entry: entry, backing: backing.units, mark: bottom, tiers: tiers) ?? true
        if size.isPositive {
            return breachedAtBottom ? Int64.max : 0  // long: mark ≤ key
        } else {
            // At the top the notional may exceed the limits; a short's root beyond the top means
            // it is not breached there (the solver finds every root up to the top).
            let breachedAtTop = equityMeetsMaintenance(size: size, entry: entry, backing: backing.units, mark: Limits.maxPrice, tiers: tiers) ?? false
            return breachedAtBottom ? 0 : (breachedAtTop ? Limits.maxPrice.units : Int64.max)  // short: mark ≥ key
        }
    }

    /// Bytes of monitor state per indexed position: a heap entry (key and local id), a slot, a
    /// record and a handle location.
    public static let bytesPerPosition = MemoryLayout<Int64>.size + MemoryLayout<Int32>.size
        + MemoryLayout<Int32>.size + MemoryLayout<Record>.stride + MemoryLayout<Int64>.size

    /// Debug check: every heap is ordered and every slot points back at its entry.
    package func checkInvariants() -> Bool {
        books.allSatisfy { $0.longs.checkInvariants(slots: $0.slot) && $0.shorts.checkInvariants(slots: $0.slot) }
    }
}

extension IsolatedMonitor.Book {
    /// Stores a position under a free (or new) local id and indexes it; returns the local id.
    @usableFromInline mutating func insert(_ handle: Int32, size: Int64, entry: Int64, margin: Int64, key: Int64) -> Int {
        let local: Int
        if let reused = free.popLast() {
            local = Int(reused)
        } else {
            local = records.count
            records.append(IsolatedMonitor.Record())
            slot.append(-1)
        }
        records[local].size = size
        records[local].entry = entry
        records[local].margin = margin
        records[local].handle = handle
        if size > 0 { longs.insert(Int32(local), key: key, slots: &slot) } else { shorts.insert(Int32(local), key: -key, slots: &slot) }
        return local
    }

    /// Changes the key of an indexed position whose side did not change.
    @usableFromInline mutating func rekey(_ local: Int, key: Int64) {
        if records[local].size > 0 { longs.update(slot: Int(slot[local]), key: key, slots: &slot) } else { shorts.update(slot: Int(slot[local]), key: -key, slots: &slot) }
    }

    /// Unindexes a position and frees its local id.
    @usableFromInline mutating func remove(_ local: Int) {
        if records[local].size > 0 { longs.remove(slot: Int(slot[local]), slots: &slot) } else { shorts.remove(slot: Int(slot[local]), slots: &slot) }
        records[local] = IsolatedMonitor.Record()
        free.append(Int32(local))
    }
}
