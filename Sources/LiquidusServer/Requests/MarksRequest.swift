import LiquidusCheck
import LiquidusCore
import LiquidusEngine

/// `POST /v1/marks`: one tick `{"markPrices": {"BTCUSDT": "29000"}, "time": "1700000000"}` or a
/// batch `{"ticks": [tick, …]}` (at most 10,000). A tick may also carry the market data venues
/// derive marks from — `indexPrices`, `lastPrices`, `externalPrices` (see `docs/market-data.md`)
/// — and the funding inputs `fundingRates` and `premiumIndexes` (signed rates within ±1), and
/// needs at least one; within a tick the funding inputs apply first, then the last and external
/// prices, then the index prices (which recompute derived marks), then the marks. Each price is checked
/// as `check` checks `markPrices` (a decimal string, > 0, at most the price limit, a known
/// market); `time` is optional (the server's clock, never before the engine's time).
enum MarksRequest {
    static let maxTicks = 10_000
    /// The most prices in one tick.
    static let maxPrices = 1_000

    /// The funding maps of a tick (signed rates within ±1), applied before its prices.
    static let rateFields: [(name: String, action: @Sendable (String, Rate) -> EngineInput.Action)] = [
        ("fundingRates", { .fundingRate(market: $0, rate: $1) }),
        ("premiumIndexes", { .premiumIndex(market: $0, premium: $1) }),
    ]

    /// The price maps of a tick, in the order they apply, with the input each price becomes.
    static let fields: [(name: String, action: @Sendable (String, Price) -> EngineInput.Action)] = [
        ("lastPrices", { .lastPrice(market: $0, price: $1) }),
        ("externalPrices", { .externalPrice(market: $0, price: $1) }),
        ("indexPrices", { .indexPrice(market: $0, price: $1) }),
        ("markPrices", { .markPrice(market: $0, price: $1) }),
    ]

    static func plan(_ document: JSONValue, _ engine: LiquidationEngine, _ now: Int64) throws(ValidationError) -> [Mutation.Planned] {
        if case .object(let fields) = document, fields["ticks"] != nil {
            let root = try JSONObjectReader(document, at: "", known: ["ticks"])
            let ticks = try root.required("ticks") { value, path throws(ValidationError) in
                try JSONRead.array(value, path) { value, path throws(ValidationError) in try tick(value, path, engine, now) }
            }
            guard !ticks.isEmpty, ticks.count <= maxTicks else {
                throw ValidationError(.outOfRange, at: "ticks", "must hold 1 to \(maxTicks) ticks")
            }
            return ticks.flatMap { $0 }
        }
        return try tick(document, "", engine, now)
    }

    static func tick(_ value: JSONValue, _ path: String, _ engine: LiquidationEngine, _ now: Int64) throws(ValidationError) -> [Mutation.Planned] {
        let object = try JSONObjectReader(value, at: path, known: rateFields.map(\.name) + fields.map(\.name) + ["time"])
        let time = try RequestReading.time(object, now: now)
        var planned: [Mutation.Planned] = []
        for (name, action) in rateFields {
            let rates = try object.optional(name) { value, path throws(ValidationError) in
                try JSONRead.map(value, path) { value, path throws(ValidationError) -> Rate in
                    let rate: Rate = try JSONRead.decimal(value, path)
                    guard rate.units.magnitude <= UInt64(Rate.one.units) else { throw ValidationError(.outOfRange, at: path, "must be within ±1") }
                    return rate
                }
            }
            guard let rates else { continue }
            guard !rates.isEmpty, rates.count <= maxPrices else {
                throw ValidationError(.outOfRange, at: object.path(of: name), "must name 1 to \(maxPrices) markets")
            }
            for (symbol, rate) in rates {
                let ratePath = "\(object.path(of: name)).\(symbol)"
                _ = try engine.markets.market(symbol, at: ratePath)
                planned.append(Mutation.Planned(EngineInput(time: time, action(symbol, rate)), path: ratePath, timePath: object.path(of: "time")))
            }
        }
        for (name, action) in fields {
            guard let prices = try object.optional(name, { value, path throws(ValidationError) in try JSONRead.map(value, path, JSONRead.price) }) else {
                continue
            }
            guard !prices.isEmpty else { throw ValidationError(.missingField, at: object.path(of: name), "must name at least one market") }
            guard prices.count <= maxPrices else {
                throw ValidationError(.outOfRange, at: object.path(of: name), "must name at most \(maxPrices) markets")
            }
            for (symbol, price) in prices {
                let pricePath = "\(object.path(of: name)).\(symbol)"
                _ = try engine.markets.market(symbol, at: pricePath)
                planned.append(Mutation.Planned(EngineInput(time: time, action(symbol, price)), path: pricePath, timePath: object.path(of: "time")))
            }
        }
        guard !planned.isEmpty else { throw ValidationError(.missingField, at: object.path(of: "markPrices"), "must name at least one market") }
        return planned
    }
}
