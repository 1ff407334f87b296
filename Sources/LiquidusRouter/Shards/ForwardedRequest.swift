import Foundation
public import HTTPTypes

/// A client's request as the router sends it on to a shard: the method, the path with its query,
/// the headers a shard reads (`Authorization` unchanged, `Content-Type`, `Idempotency-Key`,
/// `Accept`) and the body.
public struct ForwardedRequest: Sendable, Hashable {
    /// The method.
    public var method: HTTPRequest.Method
    /// The path and query, as the client wrote them (`/v1/accounts/alice`, `/v1/events?after=3`).
    public var target: String
    /// The headers sent on, by name.
    public var headers: [String: String]
    /// The body.
    public var body: [UInt8]

    /// The headers a shard reads and the router sends on unchanged.
    static let forwardedHeaders: [HTTPField.Name] = [.authorization, .contentType, .accept, .idempotencyKey]

    /// Creates a request.
    public init(method: HTTPRequest.Method, target: String, headers: [String: String] = [:], body: [UInt8] = []) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
    }

    /// A client's request with `fields`' forwarded headers.
    init(method: HTTPRequest.Method, target: String, fields: HTTPFields, body: [UInt8]) {
        var headers: [String: String] = [:]
        for name in Self.forwardedHeaders {
            if let value = fields[name] { headers[name.canonicalName] = value }
        }
        self.init(method: method, target: target, headers: headers, body: body)
    }

    /// The `Idempotency-Key`, if any.
    var idempotencyKey: String? { headers[HTTPField.Name.idempotencyKey.canonicalName] }

    /// The same request with `key` as its `Idempotency-Key` unless it has one: a retry, to the
    /// same or another member, is then never applied twice.
    func keyed(_ key: @autoclosure () -> String) -> ForwardedRequest {
        guard idempotencyKey == nil else { return self }
        var keyed = self
        keyed.headers[HTTPField.Name.idempotencyKey.canonicalName] = key()
        return keyed
    }

    /// A new key for a request that came without one.
    static func newKey() -> String { "liquidus-route-\(UUID().uuidString.lowercased())" }
}

extension HTTPField.Name {
    /// `Idempotency-Key`.
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!  // a valid token, checked once
    /// `Idempotent-Replayed`.
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!  // a valid token, checked once
}
