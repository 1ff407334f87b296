import HTTPTypes
import Hummingbird

/// The routes of the API and their methods: any other method on one of these paths is answered
/// 405 with `Allow` (the router alone answers 404).
enum MethodNotAllowed {
    /// Each route's path (in the router's syntax) and the methods it takes.
    static let routes: [(path: String, methods: [HTTPRequest.Method])] = [
        ("healthz", [.get]), ("openapi.json", [.get]), ("metrics", [.get]),
        ("v1/markets", [.post]), ("v1/marks", [.post]), ("v1/accounts/:id", [.get, .put]), ("v1/books/:symbol", [.post]),
        ("v1/state", [.get]), ("v1/events", [.get]), ("v1/stream", [.get]),
    ]

    /// The methods refused with 405.
    static let methods: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options, .trace, .connect]

    /// Adds a 405 handler for every method a route does not take.
    static func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        for (path, allowed) in routes {
            let allow = allowed.map(\.rawValue).joined(separator: ", ")
            for method in methods where !allowed.contains(method) {
                router.on(RouterPath(path), method: method) { request, _ -> Response in
                    throw APIError(
                        .methodNotAllowed, code: "methodNotAllowed", "\(request.method.rawValue) is not allowed here (allowed: \(allow))",
                        headers: [.allow: allow])
                }
            }
        }
    }
}
