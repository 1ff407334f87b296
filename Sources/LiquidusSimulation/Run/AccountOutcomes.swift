public import LiquidusCore

/// What became of each account of the population in one run, by population index: the figures a
/// comparison of two runs on the same population needs account by account.
public struct AccountOutcomes: Sendable, Hashable {
    /// Equity at opening (at the start marks, or the collateral of an account opened during the path).
    public var startEquity: [Money]
    /// Equity at the final marks.
    public var endEquity: [Money]
    /// The second of the account's first liquidation step, −1 when none.
    public var firstLiquidation: [Int32]
    /// ``Flags`` per account.
    public var flags: [UInt8]

    /// What happened to an account.
    public enum Flags {
        /// At least one liquidation step.
        public static let liquidated: UInt8 = 1
        /// At least one partial close.
        public static let partial: UInt8 = 2
        /// At least one position taken over.
        public static let takenOver: UInt8 = 4
        /// Closed against by auto-deleveraging.
        public static let deleveraged: UInt8 = 8
    }

    /// Outcomes of `count` accounts, none liquidated yet.
    public init(count: Int) {
        startEquity = Array(repeating: .zero, count: count)
        endEquity = Array(repeating: .zero, count: count)
        firstLiquidation = Array(repeating: -1, count: count)
        flags = Array(repeating: 0, count: count)
    }

    /// Whether account `index` has `flag`.
    public func has(_ index: Int, _ flag: UInt8) -> Bool { flags[index] & flag != 0 }

    mutating func mark(_ index: Int, _ flag: UInt8, at second: Int64) {
        flags[index] |= flag
        if flag != Flags.deleveraged, firstLiquidation[index] < 0 { firstLiquidation[index] = Int32(clamping: second) }
    }
}
