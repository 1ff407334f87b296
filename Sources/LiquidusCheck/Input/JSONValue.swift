public import Foundation
public import LiquidusCore

/// A parsed JSON document, kept as it was written so that every field can be checked by name,
/// type and path (``JSONObjectReader``) before anything is built from it.
///
/// ``JSONParser`` does the parsing (strictly: duplicate keys are refused with their path); this
/// type only records what it found.
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

    /// Parses `data` as one JSON document (``JSONParser``: strict, duplicate keys refused), or
    /// throws a `ValidationError`: `malformedDocument` saying what is wrong (empty input, not
    /// JSON, not UTF-8) or `duplicate` with the path of a key given twice.
    /// - Complexity: O(n) in the bytes.
    public static func parse(_ data: Data) throws(ValidationError) -> JSONValue {
        try JSONParser.parse([UInt8](data))
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
