import Foundation
public import HTTPTypes
public import Hummingbird
public import LiquidusCheck
import NIOCore

/// An error the router answers itself, with the body every Liquidus error has:
/// `{"error": {"code", "path", "message", …details}}`.
public struct RouterError: HTTPResponseError, Sendable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// A stable, machine-readable code.
    public var code: String
    /// The offending path parameter or header (empty for the request as a whole).
    public var path: String
    /// What is wrong.
    public var message: String
    /// Extra response headers (`Retry-After`).
    public var headers: HTTPFields
    /// Extra fields of the error object (`shard`).
    public var details: [String: JSONValue]

    /// Creates an error.
    public init(
        _ status: HTTPResponse.Status, code: String, path: String = "", _ message: String, headers: HTTPFields = [:],
        details: [String: JSONValue] = [:]
    ) {
        self.status = status
        self.code = code
        self.path = path
        self.message = message
        self.headers = headers
        self.details = details
    }

    /// 503 for shard `shard`, with `Retry-After: 1`.
    static func shard(_ shard: Int, code: String, _ message: String) -> RouterError {
        RouterError(.serviceUnavailable, code: code, message, headers: [.retryAfter: "1"], details: ["shard": .number(Double(shard))])
    }

    /// The body.
    public var body: [UInt8] {
        var fields = details
        fields["code"] = .string(code)
        fields["path"] = .string(path)
        fields["message"] = .string(message)
        return Array(JSONWriter.compact.data(.object(["error": .object(fields)])))
    }

    /// The JSON response.
    public var response: Response {
        var headers = self.headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The JSON response (`HTTPResponseError`).
    public func response(from request: Request, context: some RequestContext) throws -> Response { response }
}
