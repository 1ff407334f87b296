import HTTPTypes
public import Hummingbird
import LiquidusCheck
import LiquidusCore
import NIOCore

/// The router's routes: open (`/healthz`, `/openapi.json`), the router's own behind a token a
/// shard accepts (`/metrics`, `/v1/shards`), and the API's, sent on to the shards with the
/// client's `Authorization` unchanged — the shards check it.
public struct RouteController<Context: RequestContext>: Sendable {
    let router: ShardRouter
    let maxBodySize: Int

    /// Creates the controller.
    public init(router: ShardRouter, maxBodySize: Int) {
        self.router = router
        self.maxBodySize = maxBodySize
    }

    /// Adds the routes to `routes`.
    public func addRoutes(to routes: Router<Context>) {
        routes.get("healthz") { _, _ in ShardRouter.json(status: 200, await router.health()) }
        routes.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: RouterOpenAPI.document)))
        }
        routes.get("metrics") { request, _ in
            if let refusal = await router.refusal(of: request.headers[.authorization]) { return refusal }
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(bytes: router.metrics.render())))
        }
        let v1 = routes.group("v1")
        v1.get("shards") { request, _ in
            if let refusal = await router.refusal(of: request.headers[.authorization]) { return refusal }
            return ShardRouter.json(status: 200, .object(["shardCount": .number(Double(router.map.count)), "shards": .array(await router.shards())]))
        }
        for method in [HTTPRequest.Method.get, .put] {
            v1.on("accounts/:id", method: method) { request, context in
                try await router.account(try await forwarded(request), rawID: try context.parameters.require("id"))
            }
        }
        for path in ["markets", "marks", "books/:symbol"] {
            v1.post(RouterPath(stringLiteral: path)) { request, _ in try await router.broadcast(try await forwarded(request)) }
        }
        v1.get("state") { request, _ in try await router.state(try await forwarded(request)) }
        for path in ["events", "stream", "cluster"] {
            v1.get(RouterPath(stringLiteral: path)) { _, _ -> Response in
                throw RouterError(
                    .badRequest, code: "shardRequired", path: "shard",
                    "each shard has its own \(path): GET /v1/shards/{i}/\(path) (0 to \(router.map.count - 1))")
            }
        }
        v1.get("shards/:shard/stream") { request, context in
            let shard = try shardIndex(context)
            if let refusal = await router.refusal(of: request.headers[.authorization]) { return refusal }
            let member = router.links[shard].client.currentMember
            let location = "ws" + member.dropFirst("http".count) + "/v1/stream" + (request.uri.query.map { "?" + $0 } ?? "")
            return Response(status: .temporaryRedirect, headers: [.location: location])
        }
        v1.get("shards/:shard/**") { request, context in
            let shard = try shardIndex(context)
            let rest = context.parameters.getCatchAll().joined(separator: "/")
            var target = "/v1/" + rest
            if let query = request.uri.query { target += "?" + query }
            return try await router.read(ForwardedRequest(method: .get, target: target, fields: request.headers, body: []), shard: shard)
        }
    }

    /// The `{shard}` parameter: 0 to K − 1.
    func shardIndex(_ context: Context) throws -> Int {
        guard let text = context.parameters.get("shard"), let shard = Int(text), router.links.indices.contains(shard) else {
            throw RouterError(.notFound, code: "unknownShard", path: "shard", "shards are numbered 0 to \(router.map.count - 1)")
        }
        return shard
    }

    /// The client's request as sent on: its body read (at most `maxBodySize` bytes: 413 past it).
    func forwarded(_ request: Request) async throws -> ForwardedRequest {
        let body = try await request.body.collect(upTo: maxBodySize)
        return ForwardedRequest(method: request.method, target: request.uri.description, fields: request.headers, body: Array(body.readableBytesView))
    }
}
