public import Foundation

/// The one JSON writer of Liquidus: `check`'s report, the service's bodies and events, and
/// `simulate`'s summary all go through it, so every output has the same stable bytes for the
/// same value — keys sorted (or, for a ``Value`` object, in the order written), `/` unescaped, no
/// locale, no floating-point formatting left to chance.
///
/// Two layouts:
/// - ``compact``: no whitespace (the service's bodies and event stream);
/// - ``pretty``: two-space indentation (`check`, `presets`, `simulate`'s summary). An
///   `Encodable` is laid out by `JSONEncoder` (`"key" : value`); a ``Value`` tree as
///   `"key": value`, with an array of numbers and strings kept on one line.
public struct JSONWriter: Sendable {
    /// How much whitespace the output carries.
    public enum Layout: Sendable {
        /// No whitespace.
        case compact
        /// Two-space indentation, one field or element per line.
        case pretty
    }

    /// A JSON value to write, with each object's fields in the order given.
    public indirect enum Value: Sendable {
        /// `null`.
        case null
        /// `true` or `false`.
        case bool(Bool)
        /// An integer.
        case int(Int)
        /// A floating-point number (not on a money path: the contract writes money as strings).
        /// Written as an integer when it is one below 10¹⁵.
        case number(Double)
        /// A string.
        case string(String)
        /// An array.
        case array([Value])
        /// An object, fields in this order.
        case object([(String, Value)])
    }

    /// The layout.
    public let layout: Layout

    /// Creates a writer.
    public init(layout: Layout) { self.layout = layout }

    /// No whitespace.
    public static let compact = JSONWriter(layout: .compact)
    /// Two-space indentation.
    public static let pretty = JSONWriter(layout: .pretty)

    /// `value` as JSON with sorted keys.
    ///
    /// Every Liquidus document holds strings, integers, booleans, arrays and objects, which
    /// cannot fail to encode; a non-finite `Double` (a benchmark figure) is written as the string
    /// `"inf"`, `"-inf"` or `"nan"`. Should an encoding still fail, the result is `null`.
    public func encode(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = layout == .pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return (try? encoder.encode(value)) ?? Data("null".utf8)
    }

    /// `value` as JSON, objects' keys sorted.
    public func string(_ value: JSONValue) -> String { string(Value(value)) }

    /// `value` as UTF-8 JSON, objects' keys sorted.
    public func data(_ value: JSONValue) -> Data { Data(string(value).utf8) }

    /// `value` as JSON, objects' fields in the order given.
    /// - Complexity: O(n) in the size of the output.
    public func string(_ value: Value) -> String {
        var out = ""
        write(value, indent: 0, into: &out)
        return out
    }

    func write(_ value: Value, indent: Int, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .int(let number): out += String(number)
        case .number(let number):
            out += number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .string(let text): out += JSONRead.quoted(text)
        case .array(let items):
            let inline = layout == .compact || items.allSatisfy(\.isNumberOrString)
            writeList(items, open: "[", close: "]", inline: inline, indent: indent, into: &out) { item, out in
                write(item, indent: indent + 1, into: &out)
            }
        case .object(let fields):
            writeList(fields, open: "{", close: "}", inline: layout == .compact, indent: indent, into: &out) { field, out in
                out += JSONRead.quoted(field.0)
                out += layout == .compact ? ":" : ": "
                write(field.1, indent: indent + 1, into: &out)
            }
        }
    }

    /// `open`, the elements separated by commas — on one line, or one per line indented one
    /// level deeper than `indent` — and `close`; `[]` or `{}` when there are none.
    func writeList<Element>(
        _ elements: [Element], open: String, close: String, inline: Bool, indent: Int, into out: inout String,
        element: (Element, inout String) -> Void
    ) {
        out += open
        defer { out += close }
        guard !elements.isEmpty else { return }
        let separator = inline ? (layout == .compact ? "," : ", ") : ",\n"
        let pad = inline ? "" : String(repeating: "  ", count: indent + 1)
        if !inline { out += "\n" }
        for (index, item) in elements.enumerated() {
            if index > 0 { out += separator }
            out += pad
            element(item, &out)
        }
        if !inline { out += "\n" + String(repeating: "  ", count: indent) }
    }
}

extension JSONWriter.Value {
    /// A parsed document as a value to write, objects' keys sorted.
    public init(_ value: JSONValue) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .number(let number): self = .number(number)
        case .string(let text): self = .string(text)
        case .array(let items): self = .array(items.map(Self.init))
        case .object(let fields): self = .object(fields.sorted { $0.key < $1.key }.map { ($0.key, Self($0.value)) })
        }
    }

    /// Whether a pretty array of such values stays on one line.
    var isNumberOrString: Bool {
        switch self {
        case .int, .number, .string: true
        case .null, .bool, .array, .object: false
        }
    }
}
