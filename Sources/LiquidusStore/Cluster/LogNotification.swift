/// What a ``ClusterStore`` announces to its listeners.
public enum LogNotification: Hashable, Sendable {
    /// Commands through this sequence were committed.
    case appended(through: Int64)
    /// The lease changed hands (taken or released).
    case leaseChanged
    /// The listener is (again) connected: anything may have happened while it was not.
    case listening
}
