import HTTPTypes
public import Hummingbird
import LiquidusCheck

/// On a standby, answers a mutating request with `307 Temporary Redirect` to the same path and
/// query at the leader's advertised address (the method and body are to be sent again there), or
/// `503` with `Retry-After` while no leader is known (an election is under way). The leader and a
/// server outside any cluster let the request through.
///
/// Redirected, not forwarded: the client learns where the leader is and sends its writes there
/// directly (no second hop on every write, no connections between members, no request that two
/// members each time out on); a retry after a failover lands on the new leader the same way.
public struct LeaderRedirectMiddleware<Context: RequestContext>: RouterMiddleware {
    let state: ClusterState

    /// Creates the middleware.
    public init(state: ClusterState) { self.state = state }

    /// Redirects or lets the request through.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let status = state.status
        guard status.role == .standby else { return try await next(request, context) }
        guard let leader = status.leader else {
            throw APIError(
                .serviceUnavailable, code: "noLeader", "the cluster has no leader at the moment (one is being chosen): retry",
                headers: [.retryAfter: "1"])
        }
        var error = APIError(
            .temporaryRedirect, code: "notLeader", "this member is a standby: send writes to the leader at \(leader)",
            headers: [.location: leader + request.uri.description])
        error.details["leader"] = .string(leader)
        throw error
    }
}
