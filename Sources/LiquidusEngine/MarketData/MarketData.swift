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
        basis: BasisAverage?, basisEMA: TimeWeightedEMA?, bookEMA: TimeWeightedEMA?
    ) {
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
