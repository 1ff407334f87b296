public import LiquidusCore
public import LiquidusMonitor
import LiquidusRandom

/// W2 of `docs/performance.md`: cross accounts holding positions in distinct markets,
/// wallets at 2–50× the account's notional, watched by a ``CrossMonitor``. Each tick moves one
/// market's mark by up to ±0.1 % (a free random walk); breached accounts are liquidated and
/// re-opened at the current marks, so the book keeps its size.
public struct CrossWorkload: Sendable {
    /// The markets.
    public let markets: [Market]
    /// The monitor under test.
    public var monitor: CrossMonitor
    /// Accounts and positions per account.
    public let accounts: Int, positionsPerAccount: Int
    var random: SeededGenerator
    var holdings: [[Int]]  // markets held, per account
    /// Current marks, by market.
    public private(set) var marks: [Price]
    /// The breached accounts of the last tick.
    public private(set) var breaches: [Int32] = []

    /// Builds `accounts` accounts × `positionsPerAccount` positions over `marketCount` markets.
    public init(accounts: Int, positionsPerAccount: Int, marketCount: Int, seed: UInt64 = 2) {
        precondition(positionsPerAccount <= marketCount, "positions are in distinct markets")
        markets = WorkloadMarkets.make(marketCount)
        marks = Array(repeating: WorkloadMarkets.startMark, count: marketCount)
        monitor = CrossMonitor(markets: markets, marks: marks)
        self.accounts = accounts
        self.positionsPerAccount = positionsPerAccount
        random = SeededGenerator(seed: seed)
        holdings = []
        holdings.reserveCapacity(accounts)
        for account in 0..<accounts {
            var held: [Int] = []
            while held.count < positionsPerAccount {
                let market = Int.random(in: 0..<marketCount, using: &random)
                if !held.contains(market) { held.append(market) }
            }
            holdings.append(held)
            let (wallet, positions) = book(for: held)
            let handle = monitor.add(wallet: wallet, positions: positions)
            precondition(handle == Int32(account))
        }
    }

    /// Fresh positions in `held` at the current marks, and a wallet for them.
    mutating func book(for held: [Int]) -> (Money, [(market: Int, size: Quantity, entry: Price)]) {
        var positions: [(market: Int, size: Quantity, entry: Price)] = []
        var notional = Money.zero
        for market in held {
            let size = WorkloadMarkets.size(at: marks[market], market: markets[market], using: &random)
            positions.append((market, size, marks[market]))
            notional += Money.notional(of: size, at: marks[market], .up)
        }
        let leverage = Rate(Int.random(in: 2...50, using: &random))
        return (notional.divided(by: leverage, .up), positions)
    }

    /// One tick of a random market; breached accounts are re-opened. Returns the breaches.
    public mutating func tick() -> Int { step(naive: false) }

    /// One naive tick: the same mark process, every account recomputed.
    public mutating func naiveTick() -> Int { step(naive: true) }

    mutating func step(naive: Bool) -> Int {
        let market = Int.random(in: 0..<markets.count, using: &random)
        marks[market] = WorkloadMarkets.step(marks[market], basisPoints: 10, market: markets[market], using: &random)
        breaches.removeAll(keepingCapacity: true)
        if naive {
            monitor.scanAll(market: market, mark: marks[market], into: &breaches)
        } else {
            monitor.tick(market: market, mark: marks[market], into: &breaches)
        }
        for account in breaches {
            let (wallet, positions) = book(for: holdings[Int(account)])
            monitor.replace(account, wallet: wallet, positions: positions)
        }
        return breaches.count
    }
}
