public import LiquidusCore

/// Parses one JSON document (RFC 8259) into a ``JSONValue``, strictly: the bytes must be valid
/// UTF-8, an object must not name a key twice, and nesting is bounded.
///
/// Foundation's `JSONDecoder` keeps the first of two equal keys silently
/// (`{"walletBalance": "1000", "walletBalance": "5"}` reads as 1000), which lets two parsers of
/// the same request disagree on what it says; this reader refuses the document instead, with
/// the path of the repeated key (`markPrices.BTCUSDT`), as `check` names paths.
///
/// - Complexity: O(n) in the document's bytes (each byte is looked at a bounded number of
///   times; keys are checked for repeats through a hash table).
public struct JSONParser {
    /// The deepest nesting of arrays and objects accepted.
    public static let maxDepth = 256

    private let bytes: [UInt8]
    private var offset = 0
    /// The keys and indexes from the root to the value being read (for error paths).
    private var path: [PathComponent] = []

    private enum PathComponent {
        case key(String)
        case index(Int)
    }

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Parses `bytes` as one JSON document; throws a ``ValidationError`` — `malformedDocument`
    /// (with the byte offset of the problem) or `duplicate` (with the key's path).
    public static func parse(_ bytes: [UInt8]) throws(ValidationError) -> JSONValue {
        var parser = JSONParser(bytes)
        parser.skipWhitespace()
        guard parser.offset < bytes.count else {
            throw ValidationError(.malformedDocument, at: "", "the input is empty (expected a JSON object)")
        }
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.offset == bytes.count else { throw parser.malformed("unexpected text after the document") }
        return value
    }

    // MARK: Values

    private mutating func value(depth: Int) throws(ValidationError) -> JSONValue {
        guard depth < Self.maxDepth else { throw malformed("nested deeper than \(Self.maxDepth) levels") }
        guard let byte = peek() else { throw malformed("the document ends where a value is expected") }
        switch byte {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw malformed("unexpected \(describe(byte)) where a value is expected")
        }
    }

    private mutating func object(depth: Int) throws(ValidationError) -> JSONValue {
        offset += 1  // {
        var fields: [String: JSONValue] = [:]
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            offset += 1
            return .object(fields)
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw malformed("expected a key (a string) in an object") }
            let key = try string()
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "after the key \(JSONRead.quoted(key))")
            skipWhitespace()
            path.append(.key(key))
            let item = try value(depth: depth + 1)
            guard fields.updateValue(item, forKey: key) == nil else {
                throw ValidationError(.duplicate, at: pathText(), "the key \(JSONRead.quoted(key)) appears more than once in its object")
            }
            path.removeLast()
            skipWhitespace()
            guard let next = peek() else { throw malformed("the document ends inside an object") }
            offset += 1
            if next == UInt8(ascii: "}") { return .object(fields) }
            guard next == UInt8(ascii: ",") else { offset -= 1; throw malformed("expected , or } in an object, not \(describe(next))") }
        }
    }

    private mutating func array(depth: Int) throws(ValidationError) -> JSONValue {
        offset += 1  // [
        var items: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            offset += 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            path.append(.index(items.count))
            items.append(try value(depth: depth + 1))
            path.removeLast()
            skipWhitespace()
            guard let next = peek() else { throw malformed("the document ends inside an array") }
            offset += 1
            if next == UInt8(ascii: "]") { return .array(items) }
            guard next == UInt8(ascii: ",") else { offset -= 1; throw malformed("expected , or ] in an array, not \(describe(next))") }
        }
    }

    // MARK: Scalars

    /// A string literal: escapes decoded, UTF-8 validated, no raw control characters.
    private mutating func string() throws(ValidationError) -> String {
        offset += 1  // "
        let start = offset
        // The common case: no escape, so the bytes between the quotes are the string.
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                let text = try utf8(bytes[start..<offset], at: start)
                offset += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw malformed("a control character (\(describe(byte))) inside a string must be escaped") }
            offset += 1
        }
        var decoded = Array(bytes[start..<offset])
        while offset < bytes.count {
            let byte = bytes[offset]
            switch byte {
            case UInt8(ascii: "\""):
                offset += 1
                return try utf8(decoded[...], at: start)
            case UInt8(ascii: "\\"):
                try escape(into: &decoded)
            case 0..<0x20:
                throw malformed("a control character (\(describe(byte))) inside a string must be escaped")
            default:
                decoded.append(byte)
                offset += 1
            }
        }
        throw malformed("the document ends inside a string")
    }

    /// One escape sequence (`\n`, `\u00e9`, a surrogate pair), appended as UTF-8.
    private mutating func escape(into decoded: inout [UInt8]) throws(ValidationError) {
        offset += 1  // backslash
        guard let byte = peek() else { throw malformed("the document ends inside an escape") }
        offset += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(byte)
        case UInt8(ascii: "b"): decoded.append(0x08)
        case UInt8(ascii: "f"): decoded.append(0x0C)
        case UInt8(ascii: "n"): decoded.append(0x0A)
        case UInt8(ascii: "r"): decoded.append(0x0D)
        case UInt8(ascii: "t"): decoded.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800...0xDBFF).contains(scalar) {
                guard peek() == UInt8(ascii: "\\"), offset + 1 < bytes.count, bytes[offset + 1] == UInt8(ascii: "u") else {
                    throw malformed("a \\u escape of a high surrogate must be followed by its low surrogate")
                }
                offset += 2
                let low = try hex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw malformed("\\u escape: a high surrogate without its low surrogate") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw malformed("\\u escape: a low surrogate without its high surrogate")
            }
            // Not a surrogate (checked above), so a valid scalar.
            guard let unicode = Unicode.Scalar(scalar) else { throw malformed("\\u escape: not a Unicode scalar") }
            decoded.append(contentsOf: String(Character(unicode)).utf8)
        default:
            offset -= 1
            throw malformed("unknown escape \\\(describe(byte))")
        }
    }

    private mutating func hex4() throws(ValidationError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw malformed("the document ends inside a \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw malformed("a \\u escape needs four hexadecimal digits")
            }
            value = value << 4 | UInt32(digit)
            offset += 1
        }
        return value
    }

    /// A number per the JSON grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private mutating func number() throws(ValidationError) -> Double {
        let start = offset
        if peek() == UInt8(ascii: "-") { offset += 1 }
        guard let first = peek(), isDigit(first) else { throw malformed("a number needs a digit after its sign") }
        offset += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        if peek() == UInt8(ascii: ".") {
            offset += 1
            guard let digit = peek(), isDigit(digit) else { throw malformed("a number needs a digit after its decimal point") }
            skipDigits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            offset += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { offset += 1 }
            guard let digit = peek(), isDigit(digit) else { throw malformed("a number needs a digit in its exponent") }
            skipDigits()
        }
        // The grammar was checked above, and Double's parser takes every such text (out of range
        // becomes ±infinity or 0, which the contract refuses anyway: numbers are strings in it).
        return Double(String(decoding: bytes[start..<offset], as: UTF8.self)) ?? .nan
    }

    private mutating func literal(_ word: StaticString) throws(ValidationError) {
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard offset + expected.count <= bytes.count, bytes[offset..<offset + expected.count].elementsEqual(expected) else {
            throw malformed("unexpected text where a value is expected")
        }
        offset += expected.count
    }

    // MARK: Helpers

    private func peek() -> UInt8? { offset < bytes.count ? bytes[offset] : nil }

    private func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private mutating func skipDigits() {
        while let byte = peek(), isDigit(byte) { offset += 1 }
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { offset += 1 }
    }

    private mutating func expect(_ byte: UInt8, _ context: String) throws(ValidationError) {
        guard peek() == byte else { throw malformed("expected \(describe(byte)) \(context)") }
        offset += 1
    }

    private func utf8(_ slice: ArraySlice<UInt8>, at start: Int) throws(ValidationError) -> String {
        guard let text = String(validating: slice, as: UTF8.self) else {
            throw ValidationError(.malformedDocument, at: pathText(), "the input is not valid JSON: a string starting at byte \(start) is not valid UTF-8")
        }
        return text
    }

    private func describe(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    }

    private func malformed(_ message: String) -> ValidationError {
        ValidationError(.malformedDocument, at: "", "the input is not valid JSON: \(message) (at byte \(offset))")
    }

    /// The path of the value being read, as `check` writes paths (`accounts[0].positions[1].size`).
    private func pathText() -> String {
        var text = ""
        for component in path {
            switch component {
            case .key(let key): text += text.isEmpty ? key : ".\(key)"
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }
}
