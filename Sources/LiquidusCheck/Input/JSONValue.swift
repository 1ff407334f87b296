public import Foundation
public import LiquidusCore

/// A parsed JSON document, kept as it was written so that every field can be checked by name,
/// type and path (``JSONObjectReader``) before anything is built from it.
///
/// Foundation's `JSONDecoder` does the parsing; this type only records what it found.
public enum JSONValue: Sendable, Hashable, Decodable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A JSON number. The contract writes numbers as strings; a bare number is an error with a
    /// message that says so.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object.
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value)
        } else {
            self = .array(try container.decode([JSONValue].self))
        }
    }

    /// Parses `data` as one JSON document, or throws a `ValidationError` with code
    /// `malformedDocument` that says what is wrong (empty input, not JSON).
    public static func parse(_ data: Data) throws(ValidationError) -> JSONValue {
        guard data.contains(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else {
            throw ValidationError(.malformedDocument, at: "", "the input is empty (expected a JSON object)")
        }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            let detail = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
            throw ValidationError(.malformedDocument, at: "", "the input is not valid JSON" + (detail.map { " (\($0))" } ?? ""))
        } catch {
            throw ValidationError(.malformedDocument, at: "", "the input is not valid JSON")
        }
    }

    /// The JSON type's name, for messages: `"a number"`, `"an object"`.
    public var typeDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
