import Foundation
import LiquidusCheck

/// Writes ``JSONValue``s and encodables as compact JSON with sorted keys (stable bytes).
enum JSONText {
    static func string(_ value: JSONValue) -> String { String(decoding: data(value), as: UTF8.self) }

    static func data(_ value: JSONValue) -> Data {
        var out = ""
        write(value, into: &out)
        return Data(out.utf8)
    }

    static func write(_ value: JSONValue, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .number(let number):
            if number.rounded() == number, abs(number) < 1e15 { out += String(Int64(number)) } else { out += String(number) }
        case .string(let text): writeString(text, into: &out)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                write(item, into: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (index, key) in fields.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                writeString(key, into: &out)
                out += ":"
                write(fields[key]!, into: &out)
            }
            out += "}"
        }
    }

    static func writeString(_ text: String, into out: inout String) {
        out += JSONRead.quoted(text)
    }

    /// Encodes `value` compactly with sorted keys.
    static func encode(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Every encodable handed here holds strings, integers, booleans, arrays and objects only.
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }
}
