import LiquidusCore

/// A market's data (see ``MarketData``) in a snapshot: prices and basis samples as decimal
/// strings; an EMA's 128-bit sums as integer strings (scale 10¹²).
struct MarketDataRecord: Codable {
    struct Average: Codable {
        var window: Int
        var samples: [DecimalCoded<Price>]
        var lastSecond: Int64?
    }

    struct EMA: Codable {
        var horizon: Int64
        var numerator: String
        var denominator: String
        var lastTime: Int64?
    }

    var index: DecimalCoded<Price>?
    var indexTime: Int64
    var lastPrice: DecimalCoded<Price>?
    var externalPrice: DecimalCoded<Price>?
    var basis: Average?
    var basisEMA: EMA?
    var bookEMA: EMA?
    /// The funding interval's premium samples (weighted sum in rate units, total weight, count).
    var premium: [String]?
    var fundingRate: DecimalCoded<Rate>?
    var fundingPeriod: Int64?
    var lastFundingRate: DecimalCoded<Rate>?

    init(_ data: MarketData) {
        index = data.index.map(DecimalCoded.init)
        indexTime = data.indexTime
        lastPrice = data.lastPrice.map(DecimalCoded.init)
        externalPrice = data.externalPrice.map(DecimalCoded.init)
        basis = data.basis.map { Average(window: $0.window, samples: $0.samples.map { DecimalCoded(wrappedValue: Price(units: $0)) }, lastSecond: $0.lastSecond) }
        basisEMA = data.basisEMA.map(Self.ema)
        bookEMA = data.bookEMA.map(Self.ema)
        premium = data.premium.count == 0 ? nil : [String(data.premium.weightedSum), String(data.premium.totalWeight), String(data.premium.count)]
        fundingRate = data.fundingRate.map(DecimalCoded.init)
        fundingPeriod = data.fundingPeriod
        lastFundingRate = data.lastFundingRate.map(DecimalCoded.init)
    }

    private static func ema(_ average: TimeWeightedEMA) -> EMA {
        EMA(horizon: average.horizon.rawValue, numerator: String(average.numerator), denominator: String(average.denominator), lastTime: average.lastTime)
    }

    /// The data, checked: prices valid, averages ones that updates can reach. Errors name the field.
    func data(at path: String) throws(ValidationError) -> MarketData {
        for (name, price) in [("index", index), ("lastPrice", lastPrice), ("externalPrice", externalPrice)] {
            if let price { try LiquidationEngine.checkPrice(price.wrappedValue, at: "\(path).\(name)") }
        }
        var average: BasisAverage?
        if let basis {
            guard let restored = BasisAverage(window: basis.window, samples: basis.samples.map(\.wrappedValue.units), lastSecond: basis.lastSecond),
                  MarkMethod.allCases.contains(where: { $0.basisWindow == basis.window }) else {
                throw ValidationError(.outOfRange, at: "\(path).basis", "is not a moving average of a mark method")
            }
            average = restored
        }
        var samples = PremiumSamples()
        if let premium {
            guard premium.count == 3, let sum = Int128(premium[0]), let weight = Int128(premium[1]), let count = Int64(premium[2]),
                  let restored = PremiumSamples(weightedSum: sum, totalWeight: weight, count: count) else {
                throw ValidationError(.outOfRange, at: "\(path).premium", "is not an interval's premium samples")
            }
            samples = restored
        }
        for (name, rate) in [("fundingRate", fundingRate), ("lastFundingRate", lastFundingRate)] {
            if let rate, rate.wrappedValue.units.magnitude > UInt64(Rate.one.units) {
                throw ValidationError(.outOfRange, at: "\(path).\(name)", "must be within ±1")
            }
        }
        return MarketData(
            index: index?.wrappedValue, indexTime: indexTime, lastPrice: lastPrice?.wrappedValue, externalPrice: externalPrice?.wrappedValue,
            basis: average, basisEMA: try basisEMA.map { record throws(ValidationError) in try Self.ema(record, at: "\(path).basisEMA") },
            bookEMA: try bookEMA.map { record throws(ValidationError) in try Self.ema(record, at: "\(path).bookEMA") },
            premium: samples, fundingRate: fundingRate?.wrappedValue, fundingPeriod: fundingPeriod,
            lastFundingRate: lastFundingRate?.wrappedValue)
    }

    private static func ema(_ record: EMA, at path: String) throws(ValidationError) -> TimeWeightedEMA {
        guard let horizon = TimeWeightedEMA.Horizon(rawValue: record.horizon), let numerator = Int128(record.numerator),
              let denominator = Int128(record.denominator),
              let average = TimeWeightedEMA(horizon: horizon, numerator: numerator, denominator: denominator, lastTime: record.lastTime) else {
            throw ValidationError(.outOfRange, at: path, "is not an average's state")
        }
        return average
    }
}
