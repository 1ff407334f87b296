/// One member of a cluster as its last heartbeat described it.
public struct MemberRecord: Hashable, Sendable {
    /// The member's identifier (new at each start of its process).
    public var id: String
    /// Its advertised base URL.
    public var address: String
    /// `leader` or `standby`.
    public var role: String
    /// The epoch it last knew.
    public var epoch: Int64
    /// The last command it has applied.
    public var appliedSequence: Int64
    /// How long ago the heartbeat was recorded, by the store's clock (zero when writing one).
    public var age: Duration

    /// Creates a record.
    public init(id: String, address: String, role: String, epoch: Int64, appliedSequence: Int64, age: Duration = .zero) {
        self.id = id
        self.address = address
        self.role = role
        self.epoch = epoch
        self.appliedSequence = appliedSequence
        self.age = age
    }
}
