import Foundation
public import LiquidusCheck
public import LiquidusCore
public import LiquidusEngine

/// How a store's engine starts: a venue preset (its markets and policy), an optional policy
/// override and the insurance fund. Replaying a log needs the same genesis, so it is stored with
/// the log (as a `check` document without accounts) and read back through ``CheckInput``.
public struct EngineGenesis: Sendable, Hashable {
    /// The venue preset's name (`liquidus presets` lists them).
    public var venue: String
    /// The insurance fund at the start.
    public var insuranceFund: Money
    /// A policy override, as the `check` contract's `policy` object; `nil` for the preset's.
    public var policy: JSONValue?

    /// Creates a genesis.
    public init(venue: String = "liquidus", insuranceFund: Money = .zero, policy: JSONValue? = nil) {
        self.venue = venue
        self.insuranceFund = insuranceFund
        self.policy = policy
    }

    /// The genesis as a `check` document: `{"venue", "insuranceFund", "policy"?}` plus empty
    /// `accounts` and `markPrices`.
    public var document: JSONValue {
        var fields: [String: JSONValue] = [
            "venue": .string(venue), "insuranceFund": .string(insuranceFund.description), "accounts": .array([]), "markPrices": .object([:]),
        ]
        if let policy { fields["policy"] = policy }
        return .object(fields)
    }

    /// The stored text: the document with sorted keys.
    public var text: String { JSONWriter.compact.string(document) }

    /// Reads a stored or given genesis document.
    public init(text: String) throws(ValidationError) {
        let input = try CheckInput(json: Data(text.utf8))
        guard let venue = input.venue?.name else { throw ValidationError(.missingField, at: "venue", "is required in a genesis") }
        self.venue = venue
        self.insuranceFund = input.insuranceFund ?? .zero
        if case .object(let fields) = try JSONValue.parse(Data(text.utf8)) { policy = fields["policy"] } else { policy = nil }
    }

    /// Validates the genesis and makes its engine: the preset's markets, the policy, the fund.
    public func makeEngine() throws(ValidationError) -> LiquidationEngine {
        let input = try CheckInput(document: document)
        return LiquidationEngine(policy: input.policy.makePolicy(), insuranceFund: input.insuranceFund ?? .zero, markets: input.markets.symbols.map { input.markets[$0]! })
    }
}
