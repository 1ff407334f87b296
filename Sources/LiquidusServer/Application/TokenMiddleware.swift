import HTTPTypes
public import Hummingbird

/// Lets a request through only with a bearer token of the required scope: 401 without a valid
/// token, 403 with the read token on a mutating endpoint. Runs before the body is read.
public struct TokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let tokens: AccessTokens
    let required: AccessTokens.Scope
    let metrics: ServerMetrics?

    /// Creates the middleware for endpoints that need `required`.
    public init(tokens: AccessTokens, required: AccessTokens.Scope, metrics: ServerMetrics? = nil) {
        self.tokens = tokens
        self.required = required
        self.metrics = metrics
    }

    /// Checks the token, then calls `next`.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        switch tokens.scope(ofAuthorization: request.headers[.authorization]) {
        case nil:
            metrics?.rejected(reason: "unauthorized")
            throw APIError.unauthorized
        case .read? where required == .write:
            metrics?.rejected(reason: "forbidden")
            throw APIError.forbidden
        default:
            return try await next(request, context)
        }
    }
}
