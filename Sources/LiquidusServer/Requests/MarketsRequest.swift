import LiquidusCheck
import LiquidusCore
import LiquidusEngine

/// `POST /v1/markets`: `{"markets": [market, …], "time"?}`, each market exactly as in the
/// `check` contract's `markets` (read by ``CheckInput`` itself, so the errors and their paths are
/// `check`'s). A market with a registered symbol replaces it (every account must stay valid).
enum MarketsRequest {
    static func plan(_ document: JSONValue, _ engine: LiquidationEngine, _ now: Int64) throws(ValidationError) -> [Mutation.Planned] {
        let root = try JSONObjectReader(document, at: "", known: ["markets", "time"])
        let time = try RequestReading.time(root, now: now)
        let given = try root.required("markets") { value, _ throws(ValidationError) in value }
        let input = try CheckInput(document: .object(["markets": given, "accounts": .array([]), "markPrices": .object([:])]))
        guard case .array(let items) = given, !items.isEmpty else {
            throw ValidationError(.missingField, at: "markets", "must hold at least one market")
        }
        return items.enumerated().compactMap { index, item in
            guard case .object(let fields) = item, case .string(let symbol)? = fields["symbol"], let market = input.markets[symbol] else { return nil }
            return Mutation.Planned(EngineInput(time: time, .registerMarket(market)), path: "markets[\(index)]")
        }
    }
}
