/// What `liquidus check` writes: each account's margins, each position's prices, and the plan.
///
/// Encodes to the JSON of `docs/check-format.md`: decimal strings, camelCase fields,
/// `null` (written out) for a ratio or price that does not exist, keys in a stable order.
public struct CheckReport: Sendable, Encodable {
    /// One entry per input account, in input order.
    public var accounts: [AccountReport]
}
