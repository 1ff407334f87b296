public import LiquidusCore

/// The accounts a simulation starts from: for each, its margin mode, the money paid in, and its
/// positions (entry prices on the tick grid) — the inputs that build it in the engine.
public struct Population: Sendable, Hashable {
    /// One position to open with a fill at its entry price.
    public struct Holding: Sendable, Hashable {
        /// The market's symbol.
        public var market: String
        /// Signed size on the lot grid.
        public var size: Quantity
        /// The fill price, on the tick grid.
        public var entryPrice: Price
        /// The isolated margin moved into the position (zero for a cross account).
        public var isolatedMargin: Money
        /// The leverage the trader chose (for the report).
        public var leverage: Double

        /// Creates a holding.
        public init(market: String, size: Quantity, entryPrice: Price, isolatedMargin: Money, leverage: Double) {
            self.market = market
            self.size = size
            self.entryPrice = entryPrice
            self.isolatedMargin = isolatedMargin
            self.leverage = leverage
        }
    }

    /// One account.
    public struct Member: Sendable, Hashable {
        /// The account id.
        public var id: String
        /// Cross or isolated.
        public var marginMode: MarginMode
        /// The money deposited: the wallet plus every isolated margin.
        public var deposit: Money
        /// The positions.
        public var holdings: [Holding]
        /// When the account opens, in seconds of the path: 0 at set-up; later accounts open at
        /// the run's mark at that second, with collateral `notional ÷ leverage` there (their
        /// `deposit`, `entryPrice` and `isolatedMargin` here are placeholders at the exogenous price).
        public var openAt: Int64
        /// What kind of trader it is (`nil` for an account read from a file).
        public var profile: Profile?

        /// Creates a member.
        public init(id: String, marginMode: MarginMode, deposit: Money, holdings: [Holding], openAt: Int64 = 0, profile: Profile? = nil) {
            self.id = id
            self.marginMode = marginMode
            self.deposit = deposit
            self.holdings = holdings
            self.openAt = openAt
            self.profile = profile
        }
    }

    /// The kinds of generated trader.
    public enum Profile: String, Sendable, Hashable, CaseIterable {
        /// One isolated position.
        case isolated
        /// A cross account with one position.
        case crossSingle
        /// A cross account with two or three positions on the same side.
        case crossDirectional
        /// A cross account long one asset and short another.
        case crossHedged
    }

    /// The accounts, in the order they are opened.
    public var members: [Member]
    /// Where it comes from, for the report.
    public var name: String

    /// Creates a population.
    public init(members: [Member], name: String) {
        self.members = members
        self.name = name
    }

    /// The total notional of every holding at its entry price.
    public var totalNotional: Money {
        var total = Money.zero
        for member in members { for holding in member.holdings { total += Money.notional(of: holding.size, at: holding.entryPrice, .up) } }
        return total
    }

    /// The symbols the population trades, ascending.
    public var symbols: [String] {
        Array(Set(members.flatMap { $0.holdings.map(\.market) })).sorted()
    }
}
