import LiquidusCheck
import LiquidusCore
import LiquidusEngine

/// `POST /v1/markets`: `{"markets": [market, …], "time"?}`, each market exactly as in the
/// `check` contract's `markets` (read by ``CheckInput`` itself, so the errors and their paths are
/// `check`'s). A market with a registered symbol replaces it (every account must stay valid).
/// The markets become one `registerMarkets` input, so a request costs O(markets given + markets
/// registered + accounts), not one rebuild of the engine's monitors per market.
enum MarketsRequest {
    /// The most markets in one request.
    static let maxMarkets = 1_000
    /// The most risk tiers of one market.
    static let maxTiers = 64

    static func plan(_ document: JSONValue, _ engine: LiquidationEngine, _ now: Int64) throws(ValidationError) -> [Mutation.Planned] {
        let root = try JSONObjectReader(document, at: "", known: ["markets", "time"])
        let time = try RequestReading.time(root, now: now)
        let given = try root.required("markets") { value, _ throws(ValidationError) in value }
        guard case .array(let items) = given else { throw ValidationError(.wrongType, at: "markets", "must be an array, not \(given.typeDescription)") }
        guard !items.isEmpty else { throw ValidationError(.missingField, at: "markets", "must hold at least one market") }
        guard items.count <= maxMarkets else { throw ValidationError(.outOfRange, at: "markets", "must hold at most \(maxMarkets) markets") }
        for (index, item) in items.enumerated() { try checkServiceBounds(item, at: "markets[\(index)]") }
        let input = try CheckInput(document: .object(["markets": given, "accounts": .array([]), "markPrices": .object([:])]))
        let markets = items.compactMap { item -> Market? in
            guard case .object(let fields) = item, case .string(let symbol)? = fields["symbol"] else { return nil }
            return input.markets[symbol]
        }
        // One input for the whole list: one catalog copy and one rebuild of the monitors.
        return [Mutation.Planned(EngineInput(time: time, .registerMarkets(markets)), path: "markets")]
    }

    /// What the service asks beyond `check`: a symbol of ASCII letters, digits and `-_/.:` (1 to
    /// 64; `check` also takes other Unicode letters), at most ``maxTiers`` risk tiers.
    static func checkServiceBounds(_ item: JSONValue, at path: String) throws(ValidationError) {
        guard case .object(let fields) = item else { return }  // check's reader names the problem
        if case .string(let symbol)? = fields["symbol"] {
            guard (1...64).contains(symbol.utf8.count), symbol.utf8.allSatisfy(isSymbolByte) else {
                throw ValidationError(.outOfRange, at: "\(path).symbol", "must be 1 to 64 ASCII letters, digits or -_/.: characters")
            }
        }
        if case .array(let tiers)? = fields["riskTiers"], tiers.count > maxTiers {
            throw ValidationError(.outOfRange, at: "\(path).riskTiers", "must hold at most \(maxTiers) tiers")
        }
    }

    static func isSymbolByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "/"), UInt8(ascii: "."), UInt8(ascii: ":"): true
        default: false
        }
    }
}
