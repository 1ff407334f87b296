public import Hummingbird
import HTTPTypes
import LiquidusCheck
import LiquidusCore
import LiquidusEngine
import NIOCore

/// The mutating endpoints. Each request goes: token (middleware) → body (JSON content type,
/// size- and time-limited) → JSON (strict: duplicate keys refused) →
/// the engine's writer, which validates against the current state (400 with the JSON path,
/// nothing applied), checks the idempotency key (a retry gets the remembered response), logs the
/// inputs durably, applies them and answers.
public struct CommandController<Context: RequestContext>: Sendable {
    let host: EngineHost
    let maxBodySize: Int

    /// Creates the controller: bodies of at most `maxBodySize` bytes.
    public init(host: EngineHost, maxBodySize: Int) {
        self.host = host
        self.maxBodySize = maxBodySize
    }

    /// Adds `POST /markets`, `PUT /accounts/{id}`, `POST /marks`, `POST /books/{symbol}`.
    public func addRoutes(to group: RouterGroup<Context>) {
        group.post("markets") { request, context in
            try await run(request) { document, engine, now throws(APIError) in
                do throws(ValidationError) { return try MarketsRequest.plan(document, engine, now) } catch { throw APIError.invalid(error) }
            }
        }
        group.put("accounts/:id") { request, context in
            let id = try PathIdentifier.account(context)
            return try await run(request) { document, engine, now throws(APIError) in try AccountRequest.plan(id: id, document, engine, now) }
        }
        group.post("marks") { request, context in
            try await run(request) { document, engine, now throws(APIError) in
                do throws(ValidationError) { return try MarksRequest.plan(document, engine, now) } catch { throw APIError.invalid(error) }
            }
        }
        group.post("books/:symbol") { request, context in
            let symbol = try PathIdentifier.symbol(context)
            return try await run(request) { document, engine, now throws(APIError) in
                do throws(ValidationError) { return try BookRequest.plan(symbol: symbol, document, engine, now) } catch {
                    throw error.path == "symbol" ? APIError(.notFound, code: error.code.rawValue, path: "symbol", error.message) : APIError.invalid(error)
                }
            }
        }
    }

    func run(
        _ request: Request, plan: @escaping @Sendable (JSONValue, LiquidationEngine, Int64) throws(APIError) -> [Mutation.Planned]
    ) async throws -> Response {
        let key = try RequestReading.idempotencyKey(request)
        let bytes = try await RequestReading.body(request, limit: maxBodySize)
        let document = try RequestReading.json(bytes)
        let digest = RequestReading.digest(method: request.method.rawValue, path: request.uri.path, body: bytes)
        let outcome = await host.submit(Mutation(idempotencyKey: key, digest: digest) { engine, now throws(APIError) in
            try plan(document, engine, now)
        })
        switch outcome {
        case .applied(let status, let body):
            return Self.json(status: status, body)
        case .replayed(let status, let body):
            var response = Self.json(status: status, body)
            response.headers[HTTPField.Name("Idempotent-Replayed")!] = "true"
            return response
        case .rejected(let error):
            throw error
        }
    }

    static func json(status: Int, _ body: [UInt8]) -> Response {
        Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
