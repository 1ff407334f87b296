import HTTPTypes
public import Hummingbird
import LiquidusCheck
import LiquidusCore

/// On a server that serves one shard of the accounts, answers a request for another shard's
/// account (`GET` or `PUT /v1/accounts/{id}`) with `421 Misdirected Request`, naming the shard
/// that owns it (`"shard"` in the error) so that a client or router sends it there; everything
/// else — markets, marks, books, which every shard receives — goes through.
public struct ShardMiddleware<Context: RequestContext>: RouterMiddleware {
    let assignment: ShardAssignment

    /// Creates the middleware.
    public init(assignment: ShardAssignment) { self.assignment = assignment }

    /// The account path's prefix.
    static var prefix: String { "/v1/accounts/" }

    /// Lets the request through, or refuses it for another shard's account.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix(Self.prefix) else { return try await next(request, context) }
        let raw = path.dropFirst(Self.prefix.count)
        guard !raw.isEmpty, !raw.contains("/") else { return try await next(request, context) }
        let id = try PathIdentifier.decode(String(raw), name: "id", maxBytes: PathIdentifier.maxAccountBytes)
        let owner = assignment.map.shard(of: id)
        guard owner != assignment.index else { return try await next(request, context) }
        var error = APIError(
            .misdirectedRequest, code: "wrongShard", path: "id",
            "account \"\(id)\" belongs to shard \(owner) of \(assignment.map.count); this server serves shard \(assignment.index)")
        error.details["shard"] = .number(Double(owner))
        throw error
    }
}
