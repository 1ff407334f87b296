/// The leadership of a cluster's log, as the store records it.
public struct Lease: Hashable, Sendable {
    /// The cluster's name.
    public var cluster: String
    /// Raised by one each time another member (or the same one after expiry) takes the lease; the
    /// only epoch whose commits the store accepts.
    public var epoch: Int64
    /// The member holding it (a process's own identifier, new at each start).
    public var holder: String
    /// The holder's advertised base URL, where clients send their writes.
    public var address: String
    /// How long until it expires, by the store's clock, when it was read (negative: expired).
    public var remaining: Duration

    /// Creates a lease record.
    public init(cluster: String, epoch: Int64, holder: String, address: String, remaining: Duration) {
        self.cluster = cluster
        self.epoch = epoch
        self.holder = holder
        self.address = address
        self.remaining = remaining
    }

    /// Whether it had expired when it was read.
    public var isExpired: Bool { remaining <= .zero }
}

/// What a member asks for when it takes or renews the lease.
public struct LeaseRequest: Hashable, Sendable {
    /// The cluster's name: a log belongs to one cluster.
    public var cluster: String
    /// The member's identifier.
    public var member: String
    /// The member's advertised base URL.
    public var address: String
    /// How long the lease lasts from now unless renewed.
    public var duration: Duration

    /// Creates a request.
    public init(cluster: String, member: String, address: String, duration: Duration) {
        self.cluster = cluster
        self.member = member
        self.address = address
        self.duration = duration
    }
}
