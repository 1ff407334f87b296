public import LiquidusCore

/// ``DecimalCoded`` for an optional number: `null` when absent.
@propertyWrapper
public struct OptionalDecimalCoded<Value: FixedPointDecimal>: Codable, Hashable, Sendable {
    /// The number, if any.
    public var wrappedValue: Value?
    /// Wraps `wrappedValue`.
    public init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    /// Reads a decimal string or `null`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { wrappedValue = nil; return }
        let text = try container.decode(String.self)
        do { wrappedValue = try Value(parsing: text) } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\"\(text)\" \(error)")
        }
    }

    /// Writes the decimal string, or `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue.description) } else { try container.encodeNil() }
    }
}

extension KeyedDecodingContainer {
    /// An ``OptionalDecimalCoded`` field that is absent reads as `nil`, like `null` (fields added
    /// to an event since it was stored).
    public func decode<Value>(_ type: OptionalDecimalCoded<Value>.Type, forKey key: Key) throws -> OptionalDecimalCoded<Value> {
        try decodeIfPresent(type, forKey: key) ?? OptionalDecimalCoded(wrappedValue: nil)
    }
}
