import Foundation
import HTTPTypes
public import Hummingbird
public import LiquidusCheck
public import LiquidusCore
public import Logging
import NIOCore

/// The router's decisions, behind the routes: which shard an account's request goes to, the
/// market-wide writes through the ``Broadcaster``, the state merged over the shards, and the
/// checks that a request's token is good before the router answers anything of its own.
public final class ShardRouter: Sendable {
    /// The map of the accounts.
    public let map: ShardMap
    /// The shards, by index.
    public let links: [ShardLink]
    /// The router's metrics.
    public let metrics: RouterMetrics
    let broadcaster: Broadcaster

    /// Creates the router over `clients` (one per shard, by index).
    public init(map: ShardMap, clients: [ShardClient], outbox: OutboxLimits, maxWaitingBroadcasts: Int, logger: Logger) {
        self.map = map
        let metrics = RouterMetrics(shards: clients.count)
        self.metrics = metrics
        links = clients.map { ShardLink(client: $0, limits: outbox, metrics: metrics, logger: logger) }
        broadcaster = Broadcaster(links: links, metrics: metrics, maxWaiting: maxWaitingBroadcasts)
    }

    /// `GET` or `PUT /v1/accounts/{id}` at the account's shard (`raw` is the path's id as sent).
    /// A write waits for no one: while the shard has market data to catch up on it is refused
    /// with 503 (`shardCatchingUp`, or `shardOutOfStep`), so that it never overtakes them.
    public func account(_ request: ForwardedRequest, rawID: String) async throws -> Response {
        // An id that does not decode goes to shard 0, which answers the 400.
        let shard = Self.decoded(rawID).map(map.shard(of:)) ?? 0
        let link = links[shard]
        if request.method != .get {
            switch await link.standing {
            case .inStep: break
            case .catchingUp:
                throw RouterError.shard(shard, code: "shardCatchingUp", "shard \(shard) is catching up on market data it missed: nothing was applied; retry")
            case .outOfStep:
                throw RouterError.shard(
                    shard, code: "shardOutOfStep", "shard \(shard) missed more market data than the router keeps: its accounts take no writes until it is resynchronised and the router restarted")
            }
        }
        let keyed = request.method == .get ? request : request.keyed(ForwardedRequest.newKey())
        return try Self.response(await send(keyed, to: shard, kind: "account"), shard: shard)
    }

    /// A market-wide write, to every shard in turn (``Broadcaster``).
    public func broadcast(_ request: ForwardedRequest) async throws -> Response {
        guard let report = await broadcaster.broadcast(request) else {
            throw RouterError(.serviceUnavailable, code: "routerBusy", "too many market-wide writes are waiting: retry", headers: [.retryAfter: "1"])
        }
        return Self.json(status: report.status, report.body)
    }

    /// `GET /v1/state` of every shard, merged (``StateMerge``). A shard's 401 or 403 is the answer.
    public func state(_ request: ForwardedRequest) async throws -> Response {
        let answers = await everyShard(request, kind: "read")
        if let refusal = answers.first(where: { [401, 403].contains($0.status ?? 0) }) { return try Self.response(refusal, shard: 0) }
        return Self.json(status: 200, StateMerge.merge(answers))
    }

    /// A read at shard `shard` (`/v1/shards/{i}/…`).
    public func read(_ request: ForwardedRequest, shard: Int) async throws -> Response {
        try Self.response(await send(request, to: shard, kind: "read"), shard: shard)
    }

    /// `nil` when `authorization` may read (a shard says so: `GET /v1/cluster`), else the
    /// shard's refusal; 503 when no shard answers.
    public func refusal(of authorization: String?) async -> Response? {
        var request = ForwardedRequest(method: .get, target: "/v1/cluster")
        if let authorization { request.headers[HTTPField.Name.authorization.canonicalName] = authorization }
        for link in links {
            let answer = await send(request, to: link.index, kind: "read")
            guard case .answered(let status, _, _) = answer else { continue }
            return (200..<300).contains(status) ? nil : try? Self.response(answer, shard: link.index)
        }
        return RouterError(.serviceUnavailable, code: "noShardReachable", "no shard could be reached to check the token", headers: [.retryAfter: "1"]).response
    }

    /// `GET /healthz`: `{"status": "ok" | "degraded", "shards": [...]}` — "ok" when every
    /// shard answers its own `/healthz` — with each shard's entry (``shards(health:)``).
    public func health() async -> JSONValue {
        let answers = await everyShard(ForwardedRequest(method: .get, target: "/healthz"), kind: "read")
        let status = answers.allSatisfy { $0.status == 200 } ? "ok" : "degraded"
        return .object(["status": .string(status), "shards": .array(await shards(health: answers))])
    }

    /// Each shard: its members, the member tried first, its standing and outbox depth, and —
    /// given its answer to `/healthz` — whether it is reachable.
    public func shards(health: [ShardAnswer]? = nil) async -> [JSONValue] {
        var entries: [JSONValue] = []
        for link in links {
            var fields: [String: JSONValue] = [
                "shard": .number(Double(link.index)), "members": .array(link.client.members.map(JSONValue.string)),
                "member": .string(link.client.currentMember), "standing": .string(await link.standing.rawValue),
                "outboxDepth": .number(Double(await link.depth)),
            ]
            if let health { fields["reachable"] = .bool(health[link.index].status == 200) }
            entries.append(.object(fields))
        }
        return entries
    }

    /// Stops the outboxes' delivery (at shutdown).
    public func stop() async {
        for link in links { await link.stop() }
    }

    /// Sends `request` to shard `shard`, counted.
    func send(_ request: ForwardedRequest, to shard: Int, kind: String) async -> ShardAnswer {
        let answer = await links[shard].client.send(request)
        metrics.sent(kind, shard: shard, answer: answer)
        return answer
    }

    /// `request` at every shard at once; the answers by index.
    func everyShard(_ request: ForwardedRequest, kind: String) async -> [ShardAnswer] {
        await withTaskGroup(of: (Int, ShardAnswer).self) { group in
            for shard in links.indices { group.addTask { (shard, await self.send(request, to: shard, kind: kind)) } }
            var answers = [ShardAnswer](repeating: .unreachable(reason: ""), count: links.count)
            for await (shard, answer) in group { answers[shard] = answer }
            return answers
        }
    }

    /// The id of a path segment, percent-decoded; `nil` when it does not decode.
    static func decoded(_ segment: String) -> String? { segment.removingPercentEncoding }

    /// A shard's answer as the router's response; 503 `shardUnavailable` without one.
    static func response(_ answer: ShardAnswer, shard: Int) throws -> Response {
        switch answer {
        case .answered(let status, let headers, let body):
            var fields = HTTPFields()
            for (name, value) in headers { if let name = HTTPField.Name(name) { fields[name] = value } }
            return Response(status: HTTPResponse.Status(code: status), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body)))
        case .unreachable(let reason):
            throw RouterError.shard(shard, code: "shardUnavailable", "shard \(shard) could not be reached: \(reason)")
        }
    }

    /// A JSON response.
    static func json(status: Int, _ body: JSONValue) -> Response {
        Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: Array(JSONWriter.compact.data(body)))))
    }
}
