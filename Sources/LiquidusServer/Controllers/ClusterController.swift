public import Hummingbird
import LiquidusCheck
import LiquidusCore
public import LiquidusStore

/// `GET /v1/cluster` (read token): this member's view of the cluster.
///
/// `{"cluster", "member", "role": "leader" | "standby", "epoch", "leader", "appliedSequence",
/// "members": [{"address", "role", "epoch", "appliedSequence", "lastSeenMilliseconds"}]}` —
/// `cluster`, `member` and `leader` are `null` outside a cluster (the server is then the leader of
/// epoch 0), `leader` also while no leader is known; `members` lists those heard from lately, and
/// is `null` when the store cannot be read; `shard` is `{"index", "count"}` on a server of one
/// shard of the accounts (`--shards`, `--shard`), `null` otherwise.
public struct ClusterController<Context: RequestContext>: Sendable {
    let state: ClusterState
    let host: EngineHost
    let store: (any ClusterStore)?
    let membersWindow: Duration
    let shard: ShardAssignment?

    /// Creates the controller; `store` is `nil` outside a cluster, `shard` on a server of one shard.
    public init(
        state: ClusterState, host: EngineHost, store: (any ClusterStore)?, membersWindow: Duration = .seconds(6), shard: ShardAssignment? = nil
    ) {
        self.shard = shard
        self.state = state
        self.host = host
        self.store = store
        self.membersWindow = membersWindow
    }

    /// Adds the route.
    public func addRoutes(to group: RouterGroup<Context>) {
        group.get("cluster") { _, _ in try await cluster() }
    }

    func cluster() async throws -> Response {
        let status = state.status
        let applied = await host.commandSequence
        var members: JSONValue = .array([])
        if let store {
            members = .null
            if let records = try? await store.members(seenWithin: membersWindow) {
                members = .array(records.map { record in
                    .object([
                        "address": .string(record.address), "role": .string(record.role), "epoch": .number(Double(record.epoch)),
                        "appliedSequence": .number(Double(record.appliedSequence)),
                        "lastSeenMilliseconds": .number(Double(record.age.components.seconds * 1_000 + record.age.components.attoseconds / 1_000_000_000_000_000)),
                    ])
                })
            }
        }
        let body: JSONValue = .object([
            "cluster": status.cluster.map(JSONValue.string) ?? .null, "member": status.member.map(JSONValue.string) ?? .null,
            "role": .string(status.role.rawValue), "epoch": .number(Double(status.epoch)), "leader": status.leader.map(JSONValue.string) ?? .null,
            "appliedSequence": .number(Double(applied)), "members": members,
            "shard": shard.map { .object(["index": .number(Double($0.index)), "count": .number(Double($0.map.count))]) } ?? .null,
        ])
        return CommandController<Context>.json(status: 200, [UInt8](JSONWriter.compact.data(body)))
    }
}
