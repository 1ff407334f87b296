public import LiquidusCore

/// One run's figures second by second (index = second of the path, 0 = the start), exact as the
/// engine's events give them: what the CSV series are written from.
public struct SecondSeries: Sendable, Hashable {
    /// Per market, in the order of the run's symbols: the mark at the end of each second (after
    /// its induced rounds).
    public var marks: [[Price]]
    /// The insurance fund at the end of each second.
    public var fund: [Money]
    /// Partial closes and takeovers in each second.
    public var partialCloses: [Int32]
    /// See ``partialCloses``.
    public var takeovers: [Int32]
    /// Notional closed partially (at the fill price) and taken over (at the bankruptcy price) in
    /// each second, rounded up as the run's totals are.
    public var notionalClosedPartially: [Money]
    /// See ``notionalClosedPartially``.
    public var notionalTakenOver: [Money]
    /// ADL fills against counterparties in each second, and their notional at the fill price.
    public var deleveragingFills: [Int32]
    /// See ``deleveragingFills``.
    public var deleveragedNotional: [Money]

    /// A series of `seconds` seconds, each market's mark `startMarks` and the fund `startFund`
    /// until recorded.
    public init(seconds: Int, marks startMarks: [Price], fund startFund: Money) {
        marks = startMarks.map { Array(repeating: $0, count: seconds) }
        fund = Array(repeating: startFund, count: seconds)
        partialCloses = Array(repeating: 0, count: seconds)
        takeovers = Array(repeating: 0, count: seconds)
        notionalClosedPartially = Array(repeating: .zero, count: seconds)
        notionalTakenOver = Array(repeating: .zero, count: seconds)
        deleveragingFills = Array(repeating: 0, count: seconds)
        deleveragedNotional = Array(repeating: .zero, count: seconds)
    }

    /// An empty series.
    public init() { self.init(seconds: 0, marks: [], fund: .zero) }

    /// The number of seconds.
    public var count: Int { fund.count }

    /// Second `time` as an index, or nil outside the series.
    func index(_ time: Int64) -> Int? { time >= 0 && time < Int64(count) ? Int(time) : nil }

    mutating func addPartial(_ notional: Money, at time: Int64) {
        guard let t = index(time) else { return }
        partialCloses[t] += 1
        notionalClosedPartially[t] += notional
    }

    mutating func addTakeover(_ notional: Money, at time: Int64) {
        guard let t = index(time) else { return }
        takeovers[t] += 1
        notionalTakenOver[t] += notional
    }

    mutating func addDeleveraging(_ notional: Money, at time: Int64) {
        guard let t = index(time) else { return }
        deleveragingFills[t] += 1
        deleveragedNotional[t] += notional
    }
}
