/// How a market's mark price is formed: given directly, or derived by the engine from the index,
/// the book and the last trade as a venue publishes its formula (see `docs/market-data.md`).
///
/// Whatever the method, a mark price input sets the mark directly (a venue's published mark);
/// in a market with a derived method each index price input also recomputes it.
public enum MarkMethod: String, Hashable, Sendable, CaseIterable {
    /// The mark is what mark price inputs say (no derivation).
    case given
    /// Binance USDⓈ-M perpetuals: median(Price 1, Price 2, last price), where
    /// Price 1 = index × (1 + last funding rate × time until funding ÷ interval) and
    /// Price 2 = index + the moving average of (mid − index) over 30 one-second samples.
    case binance
    /// Bybit perpetuals: median(Price 1, Price 2, last traded price), Price 2 with the moving
    /// average of (mid − index) over 300 one-second samples (five minutes).
    case bybit
    /// Hyperliquid: median(oracle + 150-second EMA of (mid − oracle), median(best bid, best ask,
    /// last trade), external perps' mid); when exactly two of the three exist, the 30-second EMA
    /// of median(best bid, best ask, last trade) joins the median.
    case hyperliquid

    /// How many one-second basis samples the moving average of Price 2 spans (`nil`: the method
    /// has no such average).
    public var basisWindow: Int? {
        switch self {
        case .binance: 30
        case .bybit: 300
        case .given, .hyperliquid: nil
        }
    }
}
