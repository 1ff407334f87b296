/// A held account (see ``AccountHeld``) that the engine could evaluate again: it is back in the
/// cascade from this input on, which acts on it at once if it is at or below maintenance.
public struct AccountReleased: Codable, Hashable, Sendable {
    /// The account.
    public var account: String
    /// How long it was held: the engine time it was held at.
    public var heldSince: Int64

    /// Creates the event.
    public init(account: String, heldSince: Int64) {
        self.account = account
        self.heldSince = heldSince
    }
}
