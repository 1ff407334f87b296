/// What `liquidus check` writes: each account's margins, each position's prices, and the plan.
///
/// Encodes to the JSON of `docs/check-format.md`: decimal strings, camelCase fields,
/// `null` (written out) for a ratio or price that does not exist, keys in a stable order.
public struct CheckReport: Sendable, Encodable {
    /// One entry per input account, in input order.
    public var accounts: [AccountReport]
    /// The markets whose price guard holds liquidations, by symbol (written only when there is one).
    public var liquidationHolds: [LiquidationHoldReport] = []

    enum CodingKeys: String, CodingKey { case accounts, liquidationHolds }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(accounts, forKey: .accounts)
        if !liquidationHolds.isEmpty { try container.encode(liquidationHolds, forKey: .liquidationHolds) }
    }
}
