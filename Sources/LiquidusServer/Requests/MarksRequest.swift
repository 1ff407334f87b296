import LiquidusCheck
import LiquidusCore
import LiquidusEngine

/// `POST /v1/marks`: one tick `{"markPrices": {"BTCUSDT": "29000"}, "time": "1700000000"}` or a
/// batch `{"ticks": [tick, …]}` (at most 10,000). Each price is checked as `check` checks
/// `markPrices` (a decimal string, > 0, at most the price limit, a known market); `time` is
/// optional (the server's clock, never before the engine's time).
enum MarksRequest {
    static let maxTicks = 10_000
    /// The most prices in one tick.
    static let maxPrices = 1_000

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
        let object = try JSONObjectReader(value, at: path, known: ["markPrices", "time"])
        let time = try RequestReading.time(object, now: now)
        let marks = try object.required("markPrices") { value, path throws(ValidationError) in
            try JSONRead.map(value, path, JSONRead.price)
        }
        guard !marks.isEmpty else { throw ValidationError(.missingField, at: object.path(of: "markPrices"), "must name at least one market") }
        guard marks.count <= maxPrices else {
            throw ValidationError(.outOfRange, at: object.path(of: "markPrices"), "must name at most \(maxPrices) markets")
        }
        var planned: [Mutation.Planned] = []
        for (symbol, price) in marks {
            let markPath = "\(object.path(of: "markPrices")).\(symbol)"
            _ = try engine.markets.market(symbol, at: markPath)
            planned.append(Mutation.Planned(
                EngineInput(time: time, .markPrice(market: symbol, price: price)), path: markPath, timePath: object.path(of: "time")))
        }
        return planned
    }
}
