import HTTPTypes
public import Hummingbird
import NIOCore

/// `GET /healthz` (no token), `GET /openapi.json` (no token) and `GET /metrics` (read token).
public struct OperationsController<Context: RequestContext>: Sendable {
    let metrics: ServerMetrics
    let openAPI: [UInt8]

    /// Creates the controller; `openAPI` is the document served as is.
    public init(metrics: ServerMetrics, openAPI: [UInt8] = OpenAPIDocument.bytes) {
        self.metrics = metrics
        self.openAPI = openAPI
    }

    /// Adds the routes that need no token.
    public func addOpenRoutes(to router: Router<Context>) {
        router.get("healthz") { _, _ in
            CommandController<Context>.json(status: 200, Array(#"{"status":"ok"}"#.utf8))
        }
        router.get("openapi.json") { _, _ in CommandController<Context>.json(status: 200, openAPI) }
    }

    /// Adds `/metrics`.
    public func addMetricsRoute(to group: RouterGroup<Context>) {
        group.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(bytes: metrics.render())))
        }
    }
}
