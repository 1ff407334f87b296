public import LiquidusCore

/// Reads the fields of one JSON object by name, checking each one's type and value and naming
/// its full path in every error; refuses fields it was not asked about (a typo must not pass
/// silently).
///
/// Use: create it over an object, ask for each known field with ``required(_:_:)`` or
/// ``optional(_:_:)``, then call `finish()`. Unknown fields are reported first, before a
/// missing one, so a misspelt required field is named as the typo it is.
public struct JSONObjectReader {
    /// The path of the object itself (`accounts[1]`).
    public let path: String
    let fields: [String: JSONValue]
    let known: [String]

    /// Reads `value` at `path` as an object whose fields are among `known`.
    /// Throws when `value` is not an object or has a field not in `known`.
    public init(_ value: JSONValue, at path: String, known: [String]) throws(ValidationError) {
        guard case .object(let fields) = value else {
            throw ValidationError(.wrongType, at: path, "must be an object, not \(value.typeDescription)")
        }
        for key in fields.keys.sorted() where !known.contains(key) {
            let hint = Self.closest(to: key, among: known).map { " (did you mean \"\($0)\"?)" } ?? ""
            throw ValidationError(.unknownField, at: Self.join(path, key), "unknown field\(hint); known fields: \(known.joined(separator: ", "))")
        }
        self.path = path
        self.fields = fields
        self.known = known
    }

    /// The full path of a field of this object.
    public func path(of key: String) -> String { Self.join(path, key) }

    /// The field `key`, read by `read` (which receives the value and its path); an error when absent.
    public func required<T>(_ key: String, _ read: (JSONValue, String) throws(ValidationError) -> T) throws(ValidationError) -> T {
        guard let value = fields[key], value != .null else {
            throw ValidationError(.missingField, at: path(of: key), "is required")
        }
        return try read(value, path(of: key))
    }

    /// The field `key` read by `read`, or `nil` when it is absent or `null`.
    public func optional<T>(_ key: String, _ read: (JSONValue, String) throws(ValidationError) -> T) throws(ValidationError) -> T? {
        guard let value = fields[key], value != .null else { return nil }
        return try read(value, path(of: key))
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The known field within edit distance 2 of `key`, if exactly one is nearest.
    static func closest(to key: String, among known: [String]) -> String? {
        let scored = known.map { ($0, editDistance($0.lowercased(), key.lowercased())) }.filter { $0.1 <= 2 }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}

/// Readers for the value kinds of the contract, each naming the path in its error.
public enum JSONRead {
    /// A string.
    public static func string(_ value: JSONValue, _ path: String) throws(ValidationError) -> String {
        guard case .string(let text) = value else {
            throw ValidationError(.wrongType, at: path, "must be a string, not \(value.typeDescription)")
        }
        return text
    }

    /// A decimal number written as a JSON string (`"30000.5"`), parsed exactly.
    public static func decimal<T: FixedPointDecimal>(_ value: JSONValue, _ path: String) throws(ValidationError) -> T {
        switch value {
        case .string(let text):
            do {
                return try T(parsing: text)
            } catch {
                throw ValidationError(.invalidNumber, at: path, "\"\(text)\" \(error)")
            }
        case .number:
            throw ValidationError(.wrongType, at: path, "must be a decimal string such as \"30000.5\" (numbers are written as JSON strings), not a bare JSON number")
        default:
            throw ValidationError(.wrongType, at: path, "must be a decimal string such as \"30000.5\", not \(value.typeDescription)")
        }
    }

    /// A price written as a decimal string, in (0, `Limits.maxPrice`]: marks, book levels.
    public static func price(_ value: JSONValue, _ path: String) throws(ValidationError) -> Price {
        let price: Price = try decimal(value, path)
        guard price.isPositive, price <= Limits.maxPrice else {
            throw ValidationError(.outOfRange, at: path, "must be > 0 and at most \(Limits.maxPrice)")
        }
        return price
    }

    /// A JSON string literal for `text`, with the escapes JSON requires (quote, backslash and
    /// control characters): the one escaper the project's hand-ordered JSON writers share.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// An array, each element read by `element` with its path `path[i]`.
    public static func array<T>(_ value: JSONValue, _ path: String, _ element: (JSONValue, String) throws(ValidationError) -> T) throws(ValidationError) -> [T] {
        guard case .array(let items) = value else {
            throw ValidationError(.wrongType, at: path, "must be an array, not \(value.typeDescription)")
        }
        var result: [T] = []
        result.reserveCapacity(items.count)
        for (index, item) in items.enumerated() { result.append(try element(item, "\(path)[\(index)]")) }
        return result
    }

    /// An object used as a map from names to values (`markPrices`), each value read by `element`
    /// with its path `path.NAME`; entries come back sorted by name.
    public static func map<T>(_ value: JSONValue, _ path: String, _ element: (JSONValue, String) throws(ValidationError) -> T) throws(ValidationError) -> [(String, T)] {
        guard case .object(let fields) = value else {
            throw ValidationError(.wrongType, at: path, "must be an object, not \(value.typeDescription)")
        }
        var result: [(String, T)] = []
        for key in fields.keys.sorted() { result.append((key, try element(fields[key]!, "\(path).\(key)"))) }
        return result
    }

    /// One of the spellings of a `RawRepresentable` string enumeration.
    public static func choice<T: RawRepresentable & CaseIterable>(_ value: JSONValue, _ path: String) throws(ValidationError) -> T where T.RawValue == String {
        let text = try string(value, path)
        guard let result = T(rawValue: text) else {
            let options = T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: " or ")
            throw ValidationError(.outOfRange, at: path, "must be \(options), not \"\(text)\"")
        }
        return result
    }
}
