/// Whether an ``EngineHost`` writes the command log or follows it.
public enum Leadership: Sendable, Hashable {
    /// The only server of its store (no cluster): it writes, unfenced.
    case standalone
    /// The cluster's leader: it writes, each commit fenced by `epoch`.
    case leader(epoch: Int64)
    /// A hot standby: it applies the log as the leader writes it and refuses mutations.
    case standby

    /// Whether mutations are applied here.
    public var writes: Bool { self != .standby }

    /// The epoch its commits carry (`nil` outside a cluster).
    public var fence: Int64? {
        if case .leader(let epoch) = self { epoch } else { nil }
    }
}
