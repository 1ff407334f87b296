import Foundation
public import LiquidusCore
public import Logging

/// Everything `buildRouterApplication(configuration:)` needs: where to listen, the shards'
/// members, and the router's bounds.
public struct RouterConfiguration: Sendable {
    /// The address to bind; loopback by default.
    public var host: String
    /// The port; 0 picks a free one.
    public var port: Int
    /// Each shard's members (base URLs such as `http://10.0.0.5:8080`), shard 0 first. A shard's
    /// first member is tried first; a member that cannot be reached is passed over for the next.
    public var shards: [[String]]
    /// The longest one forwarded request may take, every member and redirect included.
    public var requestTimeout: Duration
    /// The longest a connection to a member may take to open.
    public var connectTimeout: Duration
    /// The largest request body taken from a client, in bytes (413 past it).
    public var maxBodySize: Int
    /// The largest answer taken from a shard, in bytes (a larger one is a 502).
    public var maxAnswerSize: Int
    /// The bound of each shard's outbox.
    public var outbox: OutboxLimits
    /// The most market-wide writes waiting for their turn at once (503 `routerBusy` past it).
    public var maxWaitingBroadcasts: Int
    /// The logger for the router and its requests.
    public var logger: Logger

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1", port: Int = 8090, shards: [[String]], requestTimeout: Duration = .seconds(5),
        connectTimeout: Duration = .seconds(1), maxBodySize: Int = 1 << 20, maxAnswerSize: Int = 64 << 20,
        outbox: OutboxLimits = OutboxLimits(), maxWaitingBroadcasts: Int = 1_024, logger: Logger = Logger(label: "liquidus.router")
    ) {
        self.host = host
        self.port = port
        self.shards = shards.map { $0.map(Self.trimmed) }
        self.requestTimeout = requestTimeout
        self.connectTimeout = connectTimeout
        self.maxBodySize = maxBodySize
        self.maxAnswerSize = maxAnswerSize
        self.outbox = outbox
        self.maxWaitingBroadcasts = maxWaitingBroadcasts
        self.logger = logger
    }

    /// The map of the accounts over ``shards`` (`nil` for an invalid count).
    public var map: ShardMap? { ShardMap(count: shards.count) }

    /// What is wrong with the shards' list, or `nil`: 1 to ``ShardMap/maxShards`` shards, each
    /// with 1 to 16 members, each an `http://HOST:PORT` base URL without a path.
    public var problem: String? {
        guard map != nil else { return "give 1 to \(ShardMap.maxShards) shards (one --shard each)" }
        for (index, members) in shards.enumerated() {
            guard (1...16).contains(members.count) else { return "shard \(index) needs 1 to 16 members" }
            for member in members {
                guard let url = URL(string: member), url.scheme == "http", url.host != nil, url.path.isEmpty, url.query == nil else {
                    return "shard \(index): \"\(member)\" is not an http://HOST:PORT base URL"
                }
            }
        }
        return nil
    }

    /// A base URL without its trailing slash.
    static func trimmed(_ address: String) -> String {
        address.hasSuffix("/") ? String(address.dropLast()) : address
    }
}
