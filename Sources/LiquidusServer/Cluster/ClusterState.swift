import Synchronization

/// What this server knows of its cluster, readable at once from any request: its role, the
/// epoch, and where the leader is. The cluster's member keeps it current; the routes read it
/// (the redirect of writes on a standby, `GET /v1/cluster`).
public final class ClusterState: Sendable {
    /// A member's role as clients see it.
    public enum Role: String, Sendable, Hashable {
        /// Writes the log (also a server outside any cluster).
        case leader
        /// Follows the log; redirects writes to the leader.
        case standby
    }

    /// The status at one moment.
    public struct Status: Sendable, Hashable {
        /// The cluster's name (`nil` outside a cluster).
        public var cluster: String?
        /// This member's advertised address (`nil` outside a cluster).
        public var member: String?
        /// Its role.
        public var role: Role
        /// The latest epoch it knows (0 outside a cluster and before any lease was read).
        public var epoch: Int64
        /// The leader's advertised address, when one is known.
        public var leader: String?
    }

    private let state: Mutex<Status>

    /// The state of a server outside any cluster: the leader of epoch 0, with no address.
    public static func standalone() -> ClusterState {
        ClusterState(Status(cluster: nil, member: nil, role: .leader, epoch: 0, leader: nil))
    }

    /// The state of a member that has just started: a standby that knows no leader yet.
    public static func joining(_ configuration: ClusterConfiguration) -> ClusterState {
        ClusterState(Status(cluster: configuration.name, member: configuration.address, role: .standby, epoch: 0, leader: nil))
    }

    init(_ status: Status) { state = Mutex(status) }

    /// The status now.
    public var status: Status { state.withLock { $0 } }

    /// Changes the status.
    package func update(_ change: (inout Status) -> Void) { state.withLock { change(&$0) } }
}
