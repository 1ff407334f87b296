import LiquidusCore

/// An account the engine could not evaluate at an input: a figure of its cascade is beyond what
/// exact arithmetic represents (a notional at the mark above the limits, a PnL that does not fit),
/// or its state is otherwise not one the cascade can act on. The input applies to every other
/// account; this one is **held**: left exactly as it was before the input, out of the cascade,
/// and re-tried on each later input that touches it (a mark of one of its markets, a change to
/// the account, a market listing). See `docs/robustness.md`.
///
/// Emitted when the account becomes held and again when the reason changes; an
/// ``AccountReleased`` follows when it can be evaluated again. The engine keeps the latest one
/// of each held account as its record of the hold (``LiquidationEngine/held``).
public struct AccountHeld: Codable, Hashable, Sendable {
    /// The account.
    public var account: String
    /// The engine time at which it was first held (kept while the reason changes).
    public var since: Int64
    /// The kind of failure (`overflow`, `outOfRange`, …), as ``LiquidusCore/ValidationError`` codes it.
    public var code: String
    /// Where the failure is (`accounts["a"].positions[1].size`, `accounts["a"].walletBalance`).
    public var path: String
    /// What failed, as a sentence.
    public var reason: String

    /// Creates the event.
    public init(account: String, since: Int64, code: String, path: String, reason: String) {
        self.account = account
        self.since = since
        self.code = code
        self.path = path
        self.reason = reason
    }

    /// The hold of `account`, whose evaluation met `error`, since `time`.
    init(account: String, since time: Int64, error: ValidationError) {
        self.init(account: account, since: time, code: error.code.rawValue, path: error.path, reason: error.message)
    }

    /// Whether `other` is the same failure (only a new reason is told again).
    func sameFailure(as other: AccountHeld) -> Bool {
        code == other.code && path == other.path && reason == other.reason
    }
}
