import HTTPTypes
public import Hummingbird

/// Counts every request and times it, by route, method and status
/// (`liquidus_http_requests_total`, `liquidus_http_request_duration_seconds`), and counts refusals
/// by reason (`liquidus_requests_rejected_total`): every 4xx — 400 (`malformedDocument`,
/// `invalidNumber`, … the error's code), 401, 403, 404, 405, 408, 410, 413, 415, 422 — and 503.
///
/// The route is the matched pattern (`/v1/accounts/{id}`), or `unmatched`, so a client cannot
/// create a label per URL. It runs outside every other middleware, so refusals made by them (the
/// token check) are counted too.
public struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    /// Creates the middleware.
    public init(metrics: ServerMetrics) { self.metrics = metrics }

    /// Runs `next`, then records the outcome.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(request, context, status: response.status, code: nil, since: start)
            return response
        } catch let error as APIError {
            record(request, context, status: error.status, code: error.code, since: start)
            throw error
        } catch let error as any HTTPResponseError {
            record(request, context, status: error.status, code: nil, since: start)
            throw error
        } catch {
            record(request, context, status: .internalServerError, code: nil, since: start)
            throw error
        }
    }

    private func record(_ request: Request, _ context: Context, status: HTTPResponse.Status, code: String?, since start: ContinuousClock.Instant) {
        let route = context.endpointPath.flatMap { $0 == "NotFound" ? nil : Self.routeLabel($0) } ?? "unmatched"
        metrics.request(route: route, method: request.method.rawValue, status: status.code, duration: ContinuousClock.now - start)
        if status.code >= 400, status.code != 401, status.code != 403 {
            // 401 and 403 are counted by the token middleware (as `unauthorized`, `forbidden`).
            metrics.rejected(reason: code ?? Self.reason(status))
        }
    }

    /// `/v1/accounts/:id` → `/v1/accounts/{id}` (the API document's spelling).
    static func routeLabel(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
        }.joined(separator: "/")
    }

    /// The reason label of a refusal that carries no code of ours.
    static func reason(_ status: HTTPResponse.Status) -> String {
        switch status.code {
        case 404: "notFound"
        case 405: "methodNotAllowed"
        case 408: "requestTimeout"
        case 413: "bodyTooLarge"
        case 415: "unsupportedMediaType"
        default: "status\(status.code)"
        }
    }
}
