import HTTPTypes
public import Hummingbird

/// Answers a request whose path is one of the API's routes but whose method is not (any method,
/// `QUERY` and made-up ones included) with 405 and `Allow`, where the router alone answers 404.
public struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Each route's path segments (`:name` matches one segment) and the methods it takes.
    static var routes: [(segments: [Substring], methods: [HTTPRequest.Method])] {
        [
            ("healthz", [.get]), ("openapi.json", [.get]), ("metrics", [.get]),
            ("v1/markets", [.post]), ("v1/marks", [.post]), ("v1/accounts/:id", [.get, .put]), ("v1/books/:symbol", [.post]),
            ("v1/state", [.get]), ("v1/events", [.get]), ("v1/stream", [.get]),
        ].map { (path: String, methods: [HTTPRequest.Method]) in (path.split(separator: "/"), methods) }
    }

    /// Creates the middleware.
    public init() {}

    /// Runs `next`; a 404 for a known route's path becomes a 405.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && Self.isUnmatched(context) {
            guard let allowed = Self.methods(for: request.uri.path) else { throw error }
            throw Self.refusal(request, allowed)
        }
        guard response.status == .notFound, Self.isUnmatched(context), let allowed = Self.methods(for: request.uri.path) else { return response }
        throw Self.refusal(request, allowed)
    }

    /// Whether no route took the request (Hummingbird's not-found responder names itself `NotFound`).
    static func isUnmatched(_ context: Context) -> Bool { context.endpointPath == nil || context.endpointPath == "NotFound" }

    static func refusal(_ request: Request, _ allowed: [HTTPRequest.Method]) -> APIError {
        let allow = allowed.map(\.rawValue).joined(separator: ", ")
        return APIError(
            .methodNotAllowed, code: "methodNotAllowed", "\(request.method.rawValue) is not allowed here (allowed: \(allow))", headers: [.allow: allow])
    }

    /// The methods of the route `path` matches, if any.
    /// - Complexity: O(routes × segments).
    static func methods(for path: String) -> [HTTPRequest.Method]? {
        let segments = path.split(separator: "/")
        return routes.first { route in
            route.segments.count == segments.count && zip(route.segments, segments).allSatisfy { $0.hasPrefix(":") || $0 == $1 }
        }?.methods
    }
}
