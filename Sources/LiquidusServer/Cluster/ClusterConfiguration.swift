import Foundation

/// How a server joins a cluster: the cluster's name, the address it advertises to clients, and
/// the lease's length.
///
/// The lease is renewed every quarter of its length; a standby tries to take it as soon as it
/// has expired (it reads the lease's expiry, by the database's clock, and waits for it). A
/// leader that dies or stops is so replaced within one lease plus a read of the lease, the
/// catch-up of the log's tail and the first commit; a leader that cannot renew for a whole
/// lease (the database unreachable) stops leading on its own.
public struct ClusterConfiguration: Sendable, Hashable {
    /// The cluster's name: a log (a PostgreSQL schema) belongs to one cluster.
    public var name: String
    /// This member's base URL as clients reach it (`http://host:port`): where the others
    /// redirect writes while it leads.
    public var address: String
    /// How long a lease lasts unless renewed.
    public var lease: Duration
    /// This process's identifier among the members (new at each start).
    public var member: String

    /// Creates a configuration; `member` defaults to a new random identifier.
    public init(name: String, address: String, lease: Duration = .seconds(2), member: String? = nil) {
        self.name = name
        self.address = address
        self.lease = lease
        self.member = member ?? UUID().uuidString.lowercased()
    }

    /// How often the leader renews: a quarter of the lease, so that three renewals in a row may
    /// fail (or be late) before the lease runs out.
    public var renewal: Duration { lease / 4 }

    /// How often a standby reads the log without being told of a commit (a lost notification
    /// costs at most this much lag).
    public var poll: Duration { .seconds(1) }

    /// The members listed by `GET /v1/cluster`: those heard from within three leases (at least
    /// five seconds).
    public var membersWindow: Duration { max(lease * 3, .seconds(5)) }

    /// Why `name` or `address` cannot be used, or `nil`.
    public static func problem(name: String, address: String) -> String? {
        guard (1...64).contains(name.utf8.count), name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
            return "the cluster's name must be 1 to 64 ASCII letters, digits or -_."
        }
        guard let url = URLComponents(string: address), ["http", "https"].contains(url.scheme ?? ""), let host = url.host, !host.isEmpty,
            url.path.isEmpty || url.path == "/", url.query == nil, url.fragment == nil, url.user == nil
        else {
            return "the advertised address must be a base URL such as http://10.0.0.5:8080 (no path, query or credentials)"
        }
        return nil
    }
}
