public import LiquidusCore
public import LiquidusMonitor
import LiquidusRandom

/// W1 of `docs/performance.md`: isolated positions spread over markets, leverage uniform
/// in 2–100× (capped by the tier), notionals log-normal, watched by an ``IsolatedMonitor``.
///
/// Two mark processes:
/// - **quiet**: each market's mark walks by up to ±0.1 % a tick, reflected within ±0.2 % of the
///   start. Every position's liquidation price is at least 0.4 % from its entry (tier rates
///   are at most half the initial margin), so no tick breaches anything: the pure cost of
///   asking "did anything cross?";
/// - **crash**: a market's mark falls through the next `breachesPerTick` long liquidation prices
///   each tick (moves of a few thousandths of a percent: well under 0.1 %), so each tick breaches
///   that many positions; each breached position is liquidated and re-opened at the new mark,
///   so the book keeps its size.
public struct IsolatedWorkload: Sendable {
    /// The markets.
    public let markets: [Market]
    /// The monitor under test.
    public var monitor: IsolatedMonitor
    /// The number of positions.
    public let positions: Int
    /// Current marks, by market.
    public private(set) var marks: [Price]
    var random: SeededGenerator
    /// Long liquidation prices per market, highest first: the crash path walks through them.
    var crashPath: [[Int64]]
    var crashStep: [Int]
    /// The breached handles of the last tick.
    public private(set) var breaches: [Int32] = []

    /// Builds `positions` positions over `marketCount` markets from `seed`.
    /// - Complexity: O(n·(t + log n)).
    public init(positions: Int, marketCount: Int, seed: UInt64 = 1) {
        markets = WorkloadMarkets.make(marketCount)
        monitor = IsolatedMonitor(markets: markets)
        self.positions = positions
        marks = Array(repeating: WorkloadMarkets.startMark, count: marketCount)
        random = SeededGenerator(seed: seed)
        crashPath = Array(repeating: [], count: marketCount)
        crashStep = Array(repeating: 0, count: marketCount)
        for handle in 0..<positions {
            let market = handle % marketCount
            let key = open(Int32(handle), market: market, at: WorkloadMarkets.startMark)
            if let key { crashPath[market].append(key) }
        }
        for market in crashPath.indices { crashPath[market].sort(by: >) }
    }

    /// Opens (or re-opens) position `handle` at `price`; returns a long's liquidation price units.
    @discardableResult
    mutating func open(_ handle: Int32, market: Int, at price: Price) -> Int64? {
        let size = WorkloadMarkets.size(at: price, market: markets[market], using: &random)
        let notional = Money.notional(of: size, at: price, .up)
        let leverage = WorkloadMarkets.leverage(for: notional, market: markets[market], maximum: 100, using: &random)
        let margin = notional.divided(by: leverage, .up)
        let key = monitor.upsert(handle, market: market, size: size, entry: price, isolatedMargin: margin)
        return size.isPositive && key > 0 && key < Int64.max ? key : nil
    }

    /// One quiet tick of market `tick % markets`: a bounded walk step and the breach query.
    /// Returns the number of breaches (0 by construction).
    public mutating func quietTick(_ tick: Int) -> Int {
        let market = tick % markets.count
        marks[market] = WorkloadMarkets.step(marks[market], basisPoints: 10, anchor: WorkloadMarkets.startMark, bound: 20, market: markets[market], using: &random)
        breaches.removeAll(keepingCapacity: true)
        monitor.breaches(market: market, mark: marks[market], into: &breaches)
        return breaches.count
    }

    /// One crash tick: market `tick % markets` falls through its next `breachesPerTick` long
    /// liquidation prices; the breached positions are found and re-opened at the new mark.
    /// Returns the number of breaches; adds the time spent in the breach query alone to `query`.
    public mutating func crashTick(_ tick: Int, breachesPerTick: Int, query: inout Duration) -> Int {
        let market = tick % markets.count
        let path = crashPath[market]
        crashStep[market] = min(crashStep[market] + breachesPerTick, path.count - 1)
        marks[market] = Price(units: path[crashStep[market]] / markets[market].tickSize.units * markets[market].tickSize.units)
        breaches.removeAll(keepingCapacity: true)
        let clock = ContinuousClock()
        let start = clock.now
        monitor.breaches(market: market, mark: marks[market], into: &breaches)
        query += clock.now - start
        for handle in breaches { open(handle, market: market, at: marks[market]) }
        return breaches.count
    }

    /// One naive tick: the same quiet step, answered by scanning every position.
    public mutating func naiveTick(_ tick: Int) -> Int {
        let market = tick % markets.count
        marks[market] = WorkloadMarkets.step(marks[market], basisPoints: 10, anchor: WorkloadMarkets.startMark, bound: 20, market: markets[market], using: &random)
        breaches.removeAll(keepingCapacity: true)
        monitor.scanAll(market: market, mark: marks[market], into: &breaches)
        return breaches.count
    }
}
