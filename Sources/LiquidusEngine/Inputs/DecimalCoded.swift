public import LiquidusCore

/// Encodes a fixed-point number as a JSON string in plain decimal notation (`"30000.5"`), the
/// convention of every Liquidus document, and decodes it back exactly.
@propertyWrapper
public struct DecimalCoded<Value: FixedPointDecimal>: Codable, Hashable, Sendable {
    /// The number.
    public var wrappedValue: Value
    /// Wraps `wrappedValue`.
    public init(wrappedValue: Value) { self.wrappedValue = wrappedValue }

    /// Reads a decimal string; more than eight decimals or exponent notation is an error.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do { wrappedValue = try Value(parsing: text) } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\"\(text)\" \(error)")
        }
    }

    /// Writes `wrappedValue.description`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue.description)
    }
}
