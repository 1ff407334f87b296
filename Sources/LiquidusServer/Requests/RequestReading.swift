import HummingbirdCore
import HTTPTypes
import Foundation
import Hummingbird
import LiquidusCheck
import LiquidusCore
import NIOCore

/// Reading a request: its body (size-limited), its JSON, its idempotency key, its `time`.
enum RequestReading {
    /// The body of a JSON request: refused with 415 when its `Content-Type` is not JSON, with 413
    /// when it declares or sends more than `limit` bytes (unread), with 408 when it does not
    /// arrive within the body timeout (``RequestDeadlineHandler``).
    static func body(_ request: Request, limit: Int) async throws -> [UInt8] {
        try checkContentType(request.headers[.contentType])
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw APIError(.contentTooLarge, code: "bodyTooLarge", "the body exceeds \(limit) bytes")
        }
        do {
            let buffer = try await request.body.collect(upTo: limit)
            return Array(buffer: buffer)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, code: "bodyTooLarge", "the body exceeds \(limit) bytes")
        } catch is BodyTimeout {
            throw APIError(.requestTimeout, code: "requestTimeout", "the body did not arrive within the time allowed")
        }
    }

    /// A request body must be JSON: no `Content-Type` (taken as JSON), `application/json` (any
    /// parameters, such as `charset=utf-8`) or a `+json` type; anything else is a 415.
    static func checkContentType(_ value: String?) throws(APIError) {
        guard let value else { return }
        let media = value.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard media == "application/json" || (media.hasPrefix("application/") && media.hasSuffix("+json")) else {
            throw APIError(
                .unsupportedMediaType, code: "unsupportedMediaType", path: "Content-Type",
                "the body must be JSON (Content-Type: application/json), not \(media.isEmpty ? "an empty type" : media)")
        }
    }

    /// The body parsed as one JSON document (a `malformedDocument` 400 otherwise).
    static func json(_ bytes: [UInt8]) throws(APIError) -> JSONValue {
        do { return try JSONValue.parse(Data(bytes)) } catch { throw APIError.invalid(error) }
    }

    /// The `Idempotency-Key` header: 1 to 255 visible ASCII characters, or absent.
    static func idempotencyKey(_ request: Request) throws(APIError) -> String? {
        guard let name = HTTPField.Name("Idempotency-Key"), let key = request.headers[name] else { return nil }
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw APIError(.badRequest, code: "invalidIdempotencyKey", path: "Idempotency-Key", "must be 1 to 255 visible ASCII characters")
        }
        return key
    }

    /// A digest of the request: FNV-1a (64 bits) over method, path and body.
    static func digest(method: String, path: String, body: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ bytes: some Sequence<UInt8>) {
            for byte in bytes {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01b3
            }
        }
        add(method.utf8)
        add([0x20])
        add(path.utf8)
        add([0x0A])
        add(body)
        return String(hash, radix: 16)
    }

    /// The object's optional `time`, in the engine's time unit (milliseconds since the Unix epoch,
    /// `"1700000000000"`; seconds for a log that records no unit) as a whole-number decimal
    /// string, at most ``LiquidusCore/Limits/maxTime``; else `now`.
    static func time(_ object: JSONObjectReader, now: Int64) throws(ValidationError) -> Int64 {
        guard let text = try object.optional("time", JSONRead.string) else { return now }
        guard text.count <= 16, text.allSatisfy(\.isASCII), let value = Int64(text), value >= 0, value <= Limits.maxTime else {
            throw ValidationError(.outOfRange, at: object.path(of: "time"), "must be a whole number from 0 to \(Limits.maxTime)")
        }
        return value
    }

    /// `parent.key`, or `key` at the root.
    static func join(_ parent: String, _ key: String) -> String { parent.isEmpty ? key : "\(parent).\(key)" }

    /// The error's path with the `prefix` of a wrapping document removed
    /// (`accounts[0].walletBalance` → `walletBalance`).
    static func strip(_ prefix: String, from error: ValidationError) -> ValidationError {
        var copy = error
        if copy.path == prefix {
            copy.path = ""
        } else if copy.path.hasPrefix(prefix + ".") {
            copy.path.removeFirst(prefix.count + 1)
        } else if copy.path.hasPrefix(prefix + "[") {
            copy.path.removeFirst(prefix.count)
        }
        return copy
    }

    /// A non-negative integer query parameter, or `nil` when absent.
    static func queryInteger(_ request: Request, _ name: String) throws(APIError) -> UInt64? {
        try queryInteger(request.uri, name)
    }

    /// A non-negative integer query parameter of `uri`, or `nil` when absent.
    static func queryInteger(_ uri: URI, _ name: String) throws(APIError) -> UInt64? {
        guard let text = uri.queryParameters[Substring(name)] else { return nil }
        guard text.count <= 20, let value = UInt64(text) else {
            throw APIError(.badRequest, code: "wrongType", path: name, "must be a whole number ≥ 0")
        }
        return value
    }

    /// An integer query parameter in `range`, or `fallback` when absent.
    static func queryInteger(_ request: Request, _ name: String, in range: ClosedRange<UInt64>, default fallback: UInt64) throws(APIError) -> UInt64 {
        guard let value = try queryInteger(request, name) else { return fallback }
        guard range.contains(value) else {
            throw APIError(.badRequest, code: "outOfRange", path: name, "must be from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }
}
