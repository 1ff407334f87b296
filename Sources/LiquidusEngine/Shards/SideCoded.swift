public import LiquidusCore

/// Encodes a ``LiquidusCore/Side`` as its name, `"long"` or `"short"`, and reads it back; any
/// other string is an error.
@propertyWrapper
public struct SideCoded: Codable, Hashable, Sendable {
    /// The side.
    public var wrappedValue: Side
    /// Wraps `wrappedValue`.
    public init(wrappedValue: Side) { self.wrappedValue = wrappedValue }

    /// Reads `"long"` or `"short"`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let side = Side(rawValue: text) else { throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be long or short, not \"\(text)\"") }
        wrappedValue = side
    }

    /// Writes the side's name.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue.rawValue)
    }
}
