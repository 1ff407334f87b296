public import LiquidusCore

/// Finds the cross-margin accounts that crossed maintenance when a market's mark moves,
/// re-evaluating only the accounts whose marks moved far enough that they *might* have.
///
/// When an account is evaluated at marks `m⁰` its slack is `S = equity − maintenance` (as the
/// production path rounds them). A move `Δⱼ` of market `j` changes equity by `qⱼ·Δⱼ` and
/// maintenance by at most `|qⱼ|·|Δⱼ|·r̄ⱼ` (the requirement's slope in price is `|q|·r` of the
/// tier in force, and `r̄ⱼ` is the table's largest rate). So while every
/// `|Δⱼ| < bⱼ = β·m⁰ⱼ` with
///
///     β = (S − 2n·10⁻⁸) ÷ Σⱼ |qⱼ|·m⁰ⱼ·(1 + r̄ⱼ)
///
/// (n positions; the 2n units absorb the per-position rounding of uPnL down and maintenance up),
/// the slack stays positive and the account cannot be breached. Each held market keeps the
/// account's band edges in two indexed heaps (lower edges in a max-heap, upper edges negated in
/// another); a tick walks only the edges the new mark passed, re-evaluates those accounts exactly,
/// reports the breached ones, and re-arms every re-evaluated account around the current marks.
/// Equal relative bands (`β` for every market) maximise the smallest band when markets move by
/// similar relative steps.
///
/// `β` is computed in `Double` — it is an index hint, not money — and shrunk by 10⁻⁶, far more
/// than the rounding error of the computation (about 10⁻¹⁵), so the bands are always inside the
/// safe region; every reported breach is decided by exact integer arithmetic. A breached account
/// is armed with zero-width bands, so it is re-evaluated (and reported again while breached) on
/// every tick of its markets.
///
/// The bands also keep the account's figures within the engine's limits, which the engine
/// refuses to evaluate past (it holds such an account aside): every position's notional
/// `|q|·m ≤` ``LiquidusCore/Limits/maxMoney`` and their sum, each rounded up as the engine rounds
/// it, `N = Σ ⌈|qⱼ|·mⱼ⌉ ≤ maxMoney`. A move within the bands adds at most `β·Σ|qⱼ|·m⁰ⱼ + n` units
/// to `N`, so `β` is also at most `(maxMoney − N − n) ÷ Σ|qⱼ|·m⁰ⱼ`, and an account past the limit
/// has slack 0. Whether an account is reported then depends only on the marks, never on the
/// marks it was armed at: a replay, a restored snapshot and a rolled-back input all report the
/// same accounts. An account whose margin is watched elsewhere (isolated margin) can be added
/// with no wallet, for the limit alone.
public struct CrossMonitor: Sendable {
    /// The markets, by index.
    public let markets: [Market]
    /// The current marks, by market index, in units of 10⁻⁸ (0 until a market's first tick).
    public private(set) var marks: [Int64]
    /// Accounts re-evaluated so far (a work counter for benchmarks and tests).
    public private(set) var reevaluations = 0

    @usableFromInline let slope: [Double]  // 1 + largest maintenance rate, per market
    @usableFromInline var lower: [IndexedMaxHeap]  // lower band edges: triggered when mark ≤ edge
    @usableFromInline var upper: [IndexedMaxHeap]  // upper band edges, negated: triggered when mark ≥ edge
    // Per account (struct of arrays); positions of account a are entries first[a] ..< first[a] + count[a].
    @usableFromInline var wallet: [Int64] = []
    @usableFromInline var watchesMargin: [Bool] = []  // false: only the notional limit
    @usableFromInline var first: [Int32] = []
    @usableFromInline var count: [Int32] = []
    @usableFromInline var stamp: [UInt32] = []
    // Per position entry (struct of arrays).
    @usableFromInline var owner: [Int32] = []
    @usableFromInline var market: [Int32] = []
    @usableFromInline var size: [Int64] = []
    @usableFromInline var entry: [Int64] = []
    @usableFromInline var lowerSlot: [Int32] = []
    @usableFromInline var upperSlot: [Int32] = []
    // Scratch, reused across ticks.
    @usableFromInline var epoch: UInt32 = 0
    @usableFromInline var triggered: [Int32] = []
    @usableFromInline var candidates: [Int32] = []
    @usableFromInline var stack: [Int32] = []

    /// Creates an empty monitor over `markets`, with every mark given in `marks` (by index).
    public init(markets: [Market], marks: [Price]) {
        precondition(markets.count == marks.count, "one mark per market")
        self.markets = markets
        self.marks = marks.map(\.units)
        slope = markets.map { market in
            1 + Double(market.riskTiers.tiers.map(\.maintenanceMarginRate.units).max() ?? 0) / Double(FixedPoint.scale)
        }
        lower = Array(repeating: IndexedMaxHeap(), count: markets.count)
        upper = Array(repeating: IndexedMaxHeap(), count: markets.count)
    }

    /// How many accounts are watched.
    public var accountCount: Int { wallet.count }

    /// Adds an account with its wallet balance and positions `(market index, size, entry)`, at most
    /// one per market, and arms it at the current marks. Returns its handle (dense, from 0).
    /// With no wallet (`nil`: an isolated account, whose margin the ``IsolatedMonitor`` watches),
    /// the account is reported only when its notional passes the limit.
    /// - Complexity: O(p·(t + log n)) for p positions.
    @discardableResult
    public mutating func add(wallet balance: Money?, positions: [(market: Int, size: Quantity, entry: Price)]) -> Int32 {
        let account = Int32(wallet.count)
        wallet.append(balance?.units ?? 0)
        watchesMargin.append(balance != nil)
        first.append(0)
        count.append(0)
        stamp.append(0)
        appendEntries(of: account, positions)
        _ = arm(account)
        return account
    }

    /// Replaces an account's wallet and positions (after a fill or a liquidation) and re-arms it
    /// (`nil`: the notional limit alone is watched, as in ``add(wallet:positions:)``).
    /// Returns whether the account is now breached. With the same number of positions the
    /// entries are reused in place; otherwise the old entries leave the indexes and new ones are
    /// appended (their storage is not reclaimed: churn in position counts grows the arrays).
    /// - Complexity: O(p·(t + log n)).
    @discardableResult
    public mutating func replace(_ account: Int32, wallet balance: Money?, positions: [(market: Int, size: Quantity, entry: Price)]) -> Bool {
        let index = Int(account)
        let start = Int(first[index])
        let old = Int(count[index])
        wallet[index] = balance?.units ?? 0
        watchesMargin[index] = balance != nil
        if positions.count == old, zip(start..<start + old, positions).allSatisfy({ market[$0] == Int32($1.market) }) {
            for (entry, position) in zip(start..<start + old, positions) {
                precondition(!position.size.isZero, "an empty position is not held")
                size[entry] = position.size.units
                self.entry[entry] = position.entry.units
            }
            return arm(account)
        }
        for entry in start..<start + old {
            let heap = Int(market[entry])
            lower[heap].remove(slot: Int(lowerSlot[entry]), slots: &lowerSlot)
            upper[heap].remove(slot: Int(upperSlot[entry]), slots: &upperSlot)
            owner[entry] = -1
        }
        appendEntries(of: account, positions)
        return arm(account)
    }

    /// Stores `positions` as new entries at the end and points `account` at them (not yet armed).
    private mutating func appendEntries(of account: Int32, _ positions: [(market: Int, size: Quantity, entry: Price)]) {
        first[Int(account)] = Int32(owner.count)
        count[Int(account)] = Int32(positions.count)
        for position in positions {
            precondition(!position.size.isZero, "an empty position is not held")
            owner.append(account)
            market.append(Int32(position.market))
            size.append(position.size.units)
            entry.append(position.entry.units)
            lowerSlot.append(-1)
            upperSlot.append(-1)
        }
    }

    /// Changes an account's wallet balance (a deposit, withdrawal, fee or funding) and re-arms it.
    /// Returns whether the account is now breached.
    public mutating func setWallet(_ account: Int32, to balance: Money) -> Bool {
        wallet[Int(account)] = balance.units
        watchesMargin[Int(account)] = true
        return arm(account)
    }

    /// Moves `market`'s mark and appends to `breaches` every account holding it that is now at or
    /// below maintenance, exactly (equity ≤ maintenance as `Account.margin(markets:marks:)`
    /// computes them).
    /// - Complexity: O(k·p·(t + log n)) for the k accounts whose band the move crossed.
    public mutating func tick(market index: Int, mark: Price, into breaches: inout [Int32]) {
        marks[index] = mark.units
        epoch &+= 1
        if epoch == 0 {  // stamps wrapped: clear them so no account looks already seen
            for account in stamp.indices { stamp[account] = 0 }
            epoch = 1
        }
        triggered.removeAll(keepingCapacity: true)
        candidates.removeAll(keepingCapacity: true)
        lower[index].collect(atLeast: mark.units, into: &candidates, stack: &stack)
        upper[index].collect(atLeast: -mark.units, into: &candidates, stack: &stack)
        for entry in candidates {
            let account = Int(owner[Int(entry)])
            if stamp[account] != epoch {
                stamp[account] = epoch
                triggered.append(Int32(account))
            }
        }
        var position = 0
        while position < triggered.count {
            let account = triggered[position]
            if arm(account) { breaches.append(account) }
            position += 1
        }
    }

    /// The exact slack `equity − maintenance` of `account` at the current marks, in money units,
    /// rounded as the production path rounds (uPnL down, maintenance up, per position), and
    /// clamped to `Int64`'s range (its sign is what counts).
    ///
    /// An account past the notional limits (a position's, or the sum's: see ``notionalHeadroom(_:)``)
    /// has slack 0: it is reported as breached so that the engine evaluates it — which refuses
    /// such a notional and holds the account aside — rather than left unwatched. An account
    /// watched for the limit alone (no wallet) has slack `Int64.max` within the limits. The sums
    /// are wide, so no wallet or mark makes them overflow.
    @inlinable public func slack(_ account: Int32) -> Int64 {
        slack(account, headroom: notionalHeadroom(account))
    }

    /// ``slack(_:)`` of `account` whose ``notionalHeadroom(_:)`` is `headroom` (the band needs
    /// both: it is computed once).
    @inlinable func slack(_ account: Int32, headroom: Int128) -> Int64 {
        guard headroom >= 0 else { return 0 }
        guard watchesMargin[Int(account)] else { return Int64.max }
        let start = Int(first[Int(account)])
        var surplus = Int128(wallet[Int(account)])
        for entry in start..<start + Int(count[Int(account)]) {
            let quantity = Quantity(units: size[entry])
            let mark = marks[Int(market[entry])]
            // Within the notional limit, the maintenance margin fits in Money (see RiskTierTable).
            surplus += WideDivision.divideByScale(Int128(quantity.units) * (Int128(mark) - Int128(self.entry[entry])), .credit)
            surplus -= Int128(markets[Int(market[entry])].riskTiers.maintenanceMargin(size: quantity, price: Price(units: mark)).margin.units)
        }
        return Int64(clamping: surplus)
    }

    /// `maxMoney − Σ ⌈|qⱼ|·mⱼ⌉` in money units at the current marks — the engine's total notional,
    /// each position's rounded up — or −1 when a position's own notional `|q|·m` exceeds
    /// ``LiquidusCore/Limits/maxMoney`` (the engine refuses either). Negative: past the limits.
    @inlinable func notionalHeadroom(_ account: Int32) -> Int128 {
        let start = Int(first[Int(account)])
        var headroom = Int128(Limits.maxMoney.units)
        for entry in start..<start + Int(count[Int(account)]) {
            let notional = Int128(size[entry].magnitude) * Int128(marks[Int(market[entry])])
            guard notional <= Self.notionalLimit else { return -1 }
            headroom -= WideDivision.divideByScale(notional, .up)
        }
        return headroom
    }

    /// ``LiquidusCore/Limits/maxMoney`` as an exact notional `|q| × p` in units of 10⁻¹⁶.
    @usableFromInline static let notionalLimit = Int128(Limits.maxMoney.units) * FixedPoint.wideScale

    @usableFromInline mutating func arm(_ account: Int32) -> Bool {
        reevaluations += 1
        let headroom = notionalHeadroom(account)
        let slack = slack(account, headroom: headroom)
        let start = Int(first[Int(account)])
        let end = start + Int(count[Int(account)])
        let breached = slack <= 0
        var beta = 0.0
        if !breached {
            var notional = 0.0, exposure = 0.0  // Σ |q|·m and Σ |q|·m·(1 + r̄), in money
            for entry in start..<end {
                let own = Double(size[entry].magnitude) / Double(FixedPoint.scale) * Double(marks[Int(market[entry])]) / Double(FixedPoint.scale)
                notional += own
                exposure += own * slope[Int(market[entry])]
            }
            // Within the limits: N + β·Σ|q|·m + n ≤ maxMoney (see the type's notes).
            let room = Double(headroom - Int128(end - start)) / Double(FixedPoint.scale)
            beta = room > 0 && notional > 0 ? room / notional * (1 - 1e-6) : 0
            if watchesMargin[Int(account)] {
                let safe = Double(slack - 2 * Int64(end - start)) / Double(FixedPoint.scale)
                beta = safe > 0 && exposure > 0 ? min(beta, safe / exposure * (1 - 1e-6)) : 0
            }
        }
        for entry in start..<end {
            let index = Int(market[entry])
            let mark = marks[index]
            let band = Int64(min(Double(mark) * beta, Double(Limits.maxPrice.units)))  // truncates toward zero: inside the safe band
            let low = mark - band  // re-evaluate when mark ≤ low (a zero band: on any tick)
            let high = mark + band  // … or when mark ≥ high
            let handle = Int32(entry)
            if lowerSlot[entry] < 0 {
                lower[index].insert(handle, key: low, slots: &lowerSlot)
                upper[index].insert(handle, key: -high, slots: &upperSlot)
            } else {
                lower[index].update(slot: Int(lowerSlot[entry]), key: low, slots: &lowerSlot)
                upper[index].update(slot: Int(upperSlot[entry]), key: -high, slots: &upperSlot)
            }
        }
        return breached
    }

    /// The naive answer, for tests and benchmarks: every account holding `market` evaluated
    /// exactly at the current marks after moving `market` to `mark`.
    /// - Complexity: O(N·p) for N accounts.
    public mutating func scanAll(market index: Int, mark: Price, into breaches: inout [Int32]) {
        marks[index] = mark.units
        for account in wallet.indices where slack(Int32(account)) <= 0 {
            let start = Int(first[account])
            if (start..<start + Int(count[account])).contains(where: { market[$0] == Int32(index) }) {
                breaches.append(Int32(account))
            }
        }
    }

    /// Bytes of monitor state per position entry (two heap entries, per-entry arrays) plus its
    /// share of per-account state, for the memory figure of the benchmarks.
    public static let bytesPerPosition = 2 * (MemoryLayout<Int64>.size + MemoryLayout<Int32>.size)
        + MemoryLayout<Int32>.size * 4 + MemoryLayout<Int64>.size * 2 + MemoryLayout<Bool>.size

    /// Debug check: heaps ordered, slots consistent.
    package func checkInvariants() -> Bool {
        lower.allSatisfy { $0.checkInvariants(slots: lowerSlot) } && upper.allSatisfy { $0.checkInvariants(slots: upperSlot) }
    }
}
