public import Foundation
public import HTTPTypes
public import Hummingbird
public import LiquidusCore
public import LiquidusCheck
import NIOCore

/// An HTTP failure with the JSON body every Liquidus error has:
/// `{"error": {"code": "invalidNumber", "path": "markPrices.BTCUSDT", "message": "…"}}`.
///
/// Validation errors keep the `check` contract's code, path and message, so a bad request says
/// exactly what `liquidus check` would say about the same JSON.
public struct APIError: HTTPResponseError, Sendable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// A stable, machine-readable code (the validation code, or `unauthorized`, `forbidden`, …).
    public var code: String
    /// The JSON path of the offending field (empty for the request as a whole).
    public var path: String
    /// What is wrong.
    public var message: String
    /// Extra response headers (`WWW-Authenticate`, `Allow`).
    public var headers: HTTPFields
    /// Extra fields of the error object (`firstRetainedSequence` of a 410).
    public var details: [String: JSONValue] = [:]

    /// Creates an error.
    public init(_ status: HTTPResponse.Status, code: String, path: String = "", _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.path = path
        self.message = message
        self.headers = headers
    }

    /// 400 for an invalid input, with its path.
    public static func invalid(_ error: ValidationError) -> APIError {
        APIError(.badRequest, code: error.code.rawValue, path: error.path, error.message)
    }

    /// 401: no or an unknown bearer token.
    public static let unauthorized = APIError(
        .unauthorized, code: "unauthorized", "a valid bearer token is required (Authorization: Bearer TOKEN)",
        headers: [.wwwAuthenticate: "Bearer realm=\"liquidus\""])

    /// 403: the read token on a mutating endpoint.
    public static let forbidden = APIError(.forbidden, code: "forbidden", "this token may only read; mutations need the write token")

    /// 503: a standby (or a leader that has just lost its lease) does not apply mutations; the
    /// client retries, and is then redirected to the leader.
    public static let notLeader = APIError(
        .serviceUnavailable, code: "notLeader", "this member does not lead the cluster (now): nothing was applied; retry",
        headers: [.retryAfter: "1"])

    /// The body: `{"error": {"code", "path", "message", …details}}`.
    public var body: Data {
        var fields = details
        fields["code"] = .string(code)
        fields["path"] = .string(path)
        fields["message"] = .string(message)
        return JSONWriter.compact.data(.object(["error": .object(fields)]))
    }

    /// The JSON response.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
