import Foundation
import Hummingbird
import LiquidusCheck

/// An identifier taken from a request path (`/v1/accounts/{id}`, `/v1/books/{symbol}`), read the
/// way clients encode it: percent-decoded as UTF-8, so `%E2%82%AC` and `%e2%82%ac` are the same
/// id (€), and an id with `/`, a space or non-ASCII characters is sent percent-encoded.
///
/// The alphabet of account ids: 1 to 128 bytes of UTF-8 once decoded, without control
/// characters (U+0000–U+001F, U+007F–U+009F); compared byte for byte (no Unicode
/// normalisation). A malformed escape, bytes that are not UTF-8, a control character or a
/// length outside the bound is a 400 that names the path parameter.
enum PathIdentifier {
    /// The longest account id, in UTF-8 bytes.
    static let maxAccountBytes = 128

    /// The `id` parameter of the matched route, decoded and checked.
    static func account(_ context: some RequestContext) throws -> String {
        try decode(context.parameters.require("id"), name: "id", maxBytes: maxAccountBytes)
    }

    /// The `symbol` parameter of the matched route, decoded and checked (the market's own rules
    /// then apply).
    static func symbol(_ context: some RequestContext) throws -> String {
        try decode(context.parameters.require("symbol"), name: "symbol", maxBytes: 64)
    }

    /// `raw` percent-decoded and checked against the alphabet.
    static func decode(_ raw: String, name: String, maxBytes: Int) throws(APIError) -> String {
        guard let decoded = raw.removingPercentEncoding else {
            throw APIError(.badRequest, code: "invalidIdentifier", path: name, "is not valid percent-encoded UTF-8")
        }
        guard (1...maxBytes).contains(decoded.utf8.count) else {
            throw APIError(.badRequest, code: "invalidIdentifier", path: name, "must be 1 to \(maxBytes) bytes of UTF-8")
        }
        guard !decoded.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) else {
            throw APIError(.badRequest, code: "invalidIdentifier", path: name, "must not contain control characters")
        }
        return decoded
    }
}
