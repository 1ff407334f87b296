public import LiquidusCore

/// Where a partial policy and full liquidation differ, account by account, on the same
/// population and path: which accounts end with more or less equity under the partial policy,
/// when they were first liquidated, and why.
///
/// Groups (accounts liquidated under either run):
/// - ``keptThroughRebound``: only ever closed in part under the partial policy, taken over under
///   full — the partial close left a position that rode the recovery;
/// - ``takenOverLater``: closed in part, then taken over — the rest of the position met a
///   deeper mark (the move went through the policy's buffer), plus the fees paid on the way;
/// - ``takenOverBoth``: taken over under both without a partial close first (the policy's rule
///   sent it straight to a takeover: fee, tier, size threshold, or a gap past the floor);
/// - ``other``: liquidated under one run only (the liquidation flow moved the marks differently).
///
/// Each group gives its count, Σ (equity under the partial policy − under full) at the end, and
/// the median second of the first liquidation under the partial policy.
public struct WickComparison: Sendable, Hashable {
    /// One group.
    public struct Group: Sendable, Hashable {
        /// Accounts.
        public var accounts = 0
        /// Σ end equity under the partial policy − under full.
        public var equityDifference = Money.zero
        /// Accounts better off under the partial policy.
        public var better = 0
        /// The median second of their first liquidation (−1 when none).
        public var medianFirstLiquidation: Int = -1
        /// The median of the headline asset's exogenous price at the end ÷ at their first
        /// liquidation (the rebound they rode, or not).
        public var medianRebound: Double = 0
        var seconds: [Int32] = []

        mutating func add(difference: Money, second: Int32) {
            accounts += 1
            equityDifference += difference
            if difference.isPositive { better += 1 }
            seconds.append(second)
        }

        mutating func close(path: PricePath) {
            let sorted = seconds.filter { $0 >= 0 }.sorted()
            guard !sorted.isEmpty else { return }
            medianFirstLiquidation = Int(sorted[sorted.count / 2])
            let rebounds = sorted.map { path.prices[path.seconds - 1] / path.prices[Swift.min(Int($0), path.seconds - 1)] }.sorted()
            medianRebound = rebounds[rebounds.count / 2]
            seconds = []
        }
    }

    /// The partial policy's run label and full's.
    public var partialLabel: String
    /// See ``partialLabel``.
    public var fullLabel: String
    /// See the type's description.
    public var keptThroughRebound = Group()
    /// See the type's description.
    public var takenOverLater = Group()
    /// See the type's description.
    public var takenOverBoth = Group()
    /// See the type's description.
    public var other = Group()

    /// The comparison of `partial` against `full` (same population), with the headline `path`.
    /// - Complexity: O(accounts).
    public init(partial: PolicyResult, full: PolicyResult, path: PricePath) {
        partialLabel = partial.label
        fullLabel = full.label
        let mine = partial.accounts
        let theirs = full.accounts
        let liquidatedFlags = AccountOutcomes.Flags.liquidated | AccountOutcomes.Flags.partial | AccountOutcomes.Flags.takenOver
        for index in mine.flags.indices {
            let under = mine.flags[index] & liquidatedFlags != 0
            let underFull = theirs.flags[index] & liquidatedFlags != 0
            guard under || underFull else { continue }
            let difference = mine.endEquity[index] - theirs.endEquity[index]
            let second = mine.firstLiquidation[index] >= 0 ? mine.firstLiquidation[index] : theirs.firstLiquidation[index]
            let partialStep = mine.has(index, AccountOutcomes.Flags.partial)
            let takenOver = mine.has(index, AccountOutcomes.Flags.takenOver)
            if under, underFull, partialStep, !takenOver {
                keptThroughRebound.add(difference: difference, second: second)
            } else if under, underFull, partialStep, takenOver {
                takenOverLater.add(difference: difference, second: second)
            } else if under, underFull, takenOver {
                takenOverBoth.add(difference: difference, second: second)
            } else {
                other.add(difference: difference, second: second)
            }
        }
        keptThroughRebound.close(path: path)
        takenOverLater.close(path: path)
        takenOverBoth.close(path: path)
        other.close(path: path)
    }

    /// The groups with their names, in the report's order.
    public var groups: [(name: String, group: Group)] {
        [("kept a position through the rebound", keptThroughRebound), ("closed in part, then taken over", takenOverLater),
         ("taken over without a partial close", takenOverBoth), ("liquidated under one run only", other)]
    }

    /// Σ of every group's difference: the partial policy's total against full over liquidated accounts.
    public var total: Money { groups.reduce(Money.zero) { $0 + $1.group.equityDifference } }
}
