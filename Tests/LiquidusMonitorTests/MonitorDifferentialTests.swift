import LiquidusCore
import LiquidusMonitor
import LiquidusRandom
import LiquidusTestSupport
import Testing

/// The monitors must report exactly what a naive full scan finds, tick after tick: random books,
/// random walks of the marks, random position changes in between.
@Suite struct MonitorDifferentialTests {
    static let markets = [Fixtures.btc, Fixtures.eth]
    static let start: [Int64] = [30_000, 2_000]

    /// A walk step of up to ±`maxBasisPoints` of the mark, on the market's tick.
    static func step(_ mark: Int64, market: Market, maxBasisPoints: Int64, using rng: inout SeededGenerator) -> Int64 {
        let move = mark * Int64.random(in: -maxBasisPoints...maxBasisPoints, using: &rng) / 10_000
        let next = max(market.tickSize.units, mark + move)
        return next / market.tickSize.units * market.tickSize.units
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func isolatedMonitorMatchesTheFullScan(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        var monitor = IsolatedMonitor(markets: Self.markets)
        let positions = 400
        func randomPosition(_ handle: Int32) {
            let market = Int.random(in: 0...1, using: &rng)
            let lots = Int64.random(in: 1...40_000, using: &rng) * (Bool.random(using: &rng) ? 1 : -1)
            let size = Quantity(units: lots * 100_000)
            let entry = Price(units: Self.start[market] * 100_000_000 * Int64.random(in: 90...110, using: &rng) / 100)
            let leverage = Int.random(in: 2...100, using: &rng)
            let margin = Money.notional(of: size, at: entry, .up).divided(by: Rate(leverage), .up)
            monitor.upsert(handle, market: market, size: size, entry: entry, isolatedMargin: margin)
        }
        for handle in 0..<Int32(positions) { randomPosition(handle) }
        var marks = Self.start.map { $0 * 100_000_000 }
        var found: [Int32] = [], expected: [Int32] = []
        var breachesSeen = 0
        for tick in 0..<2_000 {
            let market = tick % 2
            marks[market] = Self.step(marks[market], market: Self.markets[market], maxBasisPoints: 30, using: &rng)
            found.removeAll(keepingCapacity: true)
            expected.removeAll(keepingCapacity: true)
            monitor.breaches(market: market, mark: Price(units: marks[market]), into: &found)
            monitor.scanAll(market: market, mark: Price(units: marks[market]), into: &expected)
            #expect(found.sorted() == expected.sorted(), "seed \(seed) tick \(tick)")
            breachesSeen += found.count
            // Churn: re-open a few positions (changed size, entry, margin) and close one.
            for _ in 0..<3 { randomPosition(Int32.random(in: 0..<Int32(positions), using: &rng)) }
            if tick % 7 == 0 { monitor.remove(Int32.random(in: 0..<Int32(positions), using: &rng)) }
        }
        #expect(monitor.checkInvariants())
        #expect(breachesSeen > 100, "the walk must actually breach positions (saw \(breachesSeen))")
    }

    @Test(arguments: [11, 12, 13, 14, 15] as [UInt64])
    func crossMonitorMatchesTheFullScan(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let marks = Self.start.map { Price(units: $0 * 100_000_000) }
        var monitor = CrossMonitor(markets: Self.markets, marks: marks)
        for _ in 0..<300 {
            var positions: [(market: Int, size: Quantity, entry: Price)] = []
            var notional = Money.zero
            for market in 0...1 where Bool.random(using: &rng) || positions.isEmpty {
                let lots = Int64.random(in: 1...20_000, using: &rng) * (Bool.random(using: &rng) ? 1 : -1)
                let size = Quantity(units: lots * 100_000)
                let entry = Price(units: Self.start[market] * 100_000_000 * Int64.random(in: 95...105, using: &rng) / 100)
                positions.append((market, size, entry))
                notional += Money.notional(of: size, at: entry, .up)
            }
            let leverage = Int.random(in: 3...60, using: &rng)
            monitor.add(wallet: notional.divided(by: Rate(leverage), .up), positions: positions)
        }
        var current = Self.start.map { $0 * 100_000_000 }
        var found: [Int32] = [], expected: [Int32] = []
        var breachesSeen = 0
        var naive = monitor
        for tick in 0..<3_000 {
            let market = Int.random(in: 0...1, using: &rng)
            current[market] = Self.step(current[market], market: Self.markets[market], maxBasisPoints: 10, using: &rng)
            found.removeAll(keepingCapacity: true)
            expected.removeAll(keepingCapacity: true)
            monitor.tick(market: market, mark: Price(units: current[market]), into: &found)
            naive.scanAll(market: market, mark: Price(units: current[market]), into: &expected)
            #expect(found.sorted() == expected.sorted(), "seed \(seed) tick \(tick)")
            breachesSeen += found.count
            // Liquidate every third breached account: re-open it with one healthy position at the
            // current mark (a change in its number of positions for some), on both sides.
            for account in found where account % 3 == 0 {
                let market = Int(account) % 2
                let fresh = [(market: market, size: Quantity(units: 100_000), entry: Price(units: current[market]))]
                let wallet = Money(units: current[market] / 1_000 * 50)  // 0.001 × mark ÷ 20: 20× leverage
                #expect(monitor.replace(account, wallet: wallet, positions: fresh) == false)
                _ = naive.replace(account, wallet: wallet, positions: fresh)
            }
            if tick % 50 == 0 {
                // A deposit into a random account: both sides see it.
                let account = Int32.random(in: 0..<Int32(monitor.accountCount), using: &rng)
                let topUp = Money(units: Int64.random(in: 0...100_000, using: &rng) * 100_000_000)
                _ = monitor.setWallet(account, to: topUp)
                _ = naive.setWallet(account, to: topUp)
            }
        }
        #expect(monitor.checkInvariants())
        #expect(breachesSeen > 100, "the walk must actually breach accounts (saw \(breachesSeen))")
        // The point: far fewer evaluations than the scan's 300 accounts × 3,000 ticks.
        #expect(monitor.reevaluations < 300 * 3_000 / 5, "re-evaluated \(monitor.reevaluations) times")
    }

    @Test(arguments: [21, 22, 23] as [UInt64])
    func accountsNearTheNotionalLimitAreReportedExactlyWhenTheyPassIt(seed: UInt64) {
        // Accounts of 1-2 positions worth 50-100 % of the notional limit, half with wallets far
        // beyond any maintenance, half watched for the limit alone (no wallet): a walk of up to
        // ±5 % per tick takes them past the limit and back; the monitor reports exactly the
        // accounts the full scan finds past it (or breached).
        var rng = SeededGenerator(seed: seed)
        let marks = Self.start.map { Price(units: $0 * 100_000_000) }
        var monitor = CrossMonitor(markets: Self.markets, marks: marks)
        let limit = Double(Limits.maxMoney.units) / 1e8
        for account in 0..<200 {
            let markets = account % 3 == 0 ? [0, 1] : [account % 2]
            let positions = markets.map { market in
                let share = Double.random(in: 0.5...1.0, using: &rng) / Double(markets.count)
                let coins = share * limit / Double(Self.start[market])
                let size = Quantity(units: Int64(coins * 1e3) * 100_000 * (Bool.random(using: &rng) ? 1 : -1))
                return (market: market, size: size, entry: marks[market])
            }
            monitor.add(wallet: account % 2 == 0 ? nil : Money(9_000_000_000), positions: positions)
        }
        var naive = monitor
        var current = Self.start.map { $0 * 100_000_000 }
        var found: [Int32] = [], expected: [Int32] = []
        var reported = 0
        for tick in 0..<2_000 {
            let market = Int.random(in: 0...1, using: &rng)
            current[market] = Self.step(current[market], market: Self.markets[market], maxBasisPoints: 500, using: &rng)
            current[market] = min(max(current[market], Self.start[market] * 50_000_000), Self.start[market] * 200_000_000)
            found.removeAll(keepingCapacity: true)
            expected.removeAll(keepingCapacity: true)
            monitor.tick(market: market, mark: Price(units: current[market]), into: &found)
            naive.scanAll(market: market, mark: Price(units: current[market]), into: &expected)
            #expect(found.sorted() == expected.sorted(), "seed \(seed) tick \(tick)")
            reported += found.count
        }
        #expect(reported > 0, "the walk must take some accounts past the limit")
        #expect(monitor.checkInvariants())
    }
}
