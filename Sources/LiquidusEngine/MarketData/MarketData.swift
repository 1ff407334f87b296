import LiquidusBook
public import LiquidusCore

/// What the engine knows of one market's prices beside its mark: the index (Hyperliquid's
/// oracle) and when it came, the venue's last trade, the external perps' mid, and the averages
/// the market's ``LiquidusCore/MarkMethod`` derives its mark with.
public struct MarketData: Hashable, Sendable {
    /// The latest index price.
    public internal(set) var index: Price?
    /// The engine time of the latest index price.
    public internal(set) var indexTime: Int64 = 0
    /// The venue's latest traded price.
    public internal(set) var lastPrice: Price?
    /// The external perpetual venues' median mid (Hyperliquid's third mark component).
    public internal(set) var externalPrice: Price?
    /// The moving average of (mid − index) (Binance's and Bybit's Price 2).
    public internal(set) var basis: BasisAverage?
    /// The 150-second EMA of (mid − oracle) (Hyperliquid).
    public internal(set) var basisEMA: TimeWeightedEMA?
    /// The 30-second EMA of median(best bid, best ask, last trade) (Hyperliquid's fallback).
    public internal(set) var bookEMA: TimeWeightedEMA?
    /// The funding interval's premium samples: Σ weight·premium (rate units), Σ weight, count.
    public internal(set) var premium = PremiumSamples()
    /// The venue's published funding rate for the current interval, if given.
    public internal(set) var fundingRate: Rate?
    /// The funding interval (time ÷ interval) the data was last settled or first seen in.
    public internal(set) var fundingPeriod: Int64?
    /// The rate of the latest settlement (Price 1's "last funding rate" before the current
    /// interval's rate is given).
    public internal(set) var lastFundingRate: Rate?

    /// Empty data for a market whose mark is formed by `method`.
    init(method: MarkMethod) {
        basis = method.basisWindow.map(BasisAverage.init(window:))
        if method == .hyperliquid {
            basisEMA = TimeWeightedEMA(horizon: .seconds150)
            bookEMA = TimeWeightedEMA(horizon: .seconds30)
        }
    }

    /// Creates the data as stored (for snapshots).
    init(
        index: Price?, indexTime: Int64, lastPrice: Price?, externalPrice: Price?,
        basis: BasisAverage?, basisEMA: TimeWeightedEMA?, bookEMA: TimeWeightedEMA?,
        premium: PremiumSamples = PremiumSamples(), fundingRate: Rate? = nil, fundingPeriod: Int64? = nil, lastFundingRate: Rate? = nil
    ) {
        self.lastFundingRate = lastFundingRate
        self.premium = premium
        self.fundingRate = fundingRate
        self.fundingPeriod = fundingPeriod
        self.index = index
        self.indexTime = indexTime
        self.lastPrice = lastPrice
        self.externalPrice = externalPrice
        self.basis = basis
        self.basisEMA = basisEMA
        self.bookEMA = bookEMA
    }
}

extension MarketData {
    /// Keeps the prices and starts the averages afresh when `method` derives the mark with other
    /// averages than the data holds (a market listed again under another method).
    mutating func adopt(_ method: MarkMethod) {
        let fresh = MarketData(method: method)
        guard basis?.window != fresh.basis?.window || (basisEMA == nil) != (fresh.basisEMA == nil) else { return }
        (basis, basisEMA, bookEMA) = (fresh.basis, fresh.basisEMA, fresh.bookEMA)
    }
}

/// The premium index samples of one funding interval: sample `k` (from 1) weighs `k` under
/// linear weighting, 1 under equal weighting; sums exact in 128 bits.
public struct PremiumSamples: Hashable, Sendable {
    /// Σ weight × premium, in rate units.
    public internal(set) var weightedSum: Int128 = 0
    /// Σ weight.
    public internal(set) var totalWeight: Int128 = 0
    /// How many samples.
    public internal(set) var count: Int64 = 0

    /// No samples.
    public init() {}

    /// Restores samples (checked: weights consistent with the count, the mean within ±1).
    public init?(weightedSum: Int128, totalWeight: Int128, count: Int64) {
        guard count >= 0, count <= Int64(Int32.max), totalWeight >= Int128(count), totalWeight <= Int128(count) * Int128(count + 1) / 2 + Int128(count),
              (count == 0) == (totalWeight == 0), weightedSum.magnitude <= UInt128(totalWeight) * UInt128(Rate.one.units) else { return nil }
        self.weightedSum = weightedSum
        self.totalWeight = totalWeight
        self.count = count
    }

    /// Adds `premium` (|premium| ≤ 1) with the weight `weighting` gives the next sample; at most
    /// 2³¹ − 1 samples an interval (later ones are not counted).
    mutating func record(_ premium: Rate, _ weighting: FundingRules.Weighting) {
        guard count < Int64(Int32.max) else { return }
        count += 1
        let weight = weighting == .linear ? Int128(count) : 1
        weightedSum += weight * Int128(premium.units)
        totalWeight += weight
    }

    /// The weighted mean, rounded toward zero; `nil` without samples.
    public var average: Rate? {
        guard totalWeight > 0 else { return nil }
        return Rate(units: Int64(weightedSum / totalWeight))
    }
}
