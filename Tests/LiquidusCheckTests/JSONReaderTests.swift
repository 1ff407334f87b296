import Foundation
import LiquidusCheck
import LiquidusCore
import LiquidusRandom
import PropertyBased
import Testing

/// The strict JSON reader under `check` and the service: duplicate keys refused with their path,
/// malformed text and bytes named, and every document Foundation's parser accepts without
/// repeated keys read to the same value.
@Suite struct JSONReaderTests {
    /// A repeated key is refused at its path, wherever it is; the first value never wins silently.
    @Test(arguments: [
        (#"{"markPrices": {"BTCUSDT": "30001", "BTCUSDT": "30002"}}"#, "markPrices.BTCUSDT"),
        (#"{"accounts": [{"walletBalance": "1000", "walletBalance": "5"}]}"#, "accounts[0].walletBalance"),
        (#"{"a": 1, "a": 1}"#, "a"),
        (#"{"a": [{}, {"b": {"c": 1, "c": 2}}]}"#, "a[1].b.c"),
    ])
    func duplicateKeysAreRefusedWithTheirPath(json: String, path: String) {
        #expect(throws: ValidationError.self) { try JSONValue.parse(Data(json.utf8)) }
        do {
            _ = try JSONValue.parse(Data(json.utf8))
        } catch {
            #expect(error.code == .duplicate)
            #expect(error.path == path)
        }
    }

    /// `check` refuses a document whose account repeats a field, at the field's path.
    @Test func checkRefusesADuplicateField() {
        let json = BadInputTests.document(position: #""market": "BTCUSDT", "size": "0.5", "size": "5", "entryPrice": "30000""#)
        let error = checkError(json)
        #expect(error?.code == .duplicate)
        #expect(error?.path == "accounts[0].positions[0].size")
    }

    /// Malformed text is a `malformedDocument` naming what is wrong.
    @Test(arguments: [
        ("", "empty"), ("   ", "empty"), ("{", "expected a key"), (#"{"a" 1}"#, "expected ':'"), ("[1,]", "where a value is expected"),
        (#"{"a": 01}"#, "expected , or }"), (#"{"a": 1.}"#, "decimal point"), (#"{"a": -}"#, "after its sign"), (#"{"a": tru}"#, "unexpected text"),
        (#""\x""#, "unknown escape"), (#""\ud800""#, "low surrogate"), (#""\udc00""#, "without its high surrogate"), ("\"a\u{01}\"", "control character"),
        ("{} {}", "after the document"), (#"{"a": "b"#, "ends inside a string"), ("nul", "unexpected text"),
    ])
    func malformedTextIsNamed(json: String, phrase: String) {
        do {
            _ = try JSONValue.parse(Data(json.utf8))
            Issue.record("\(json) was accepted")
        } catch {
            #expect(error.code == .malformedDocument)
            #expect(error.message.contains(phrase), "\(error.message)")
        }
    }

    /// Bytes that are not UTF-8 inside a string are refused (Foundation would replace them).
    @Test func invalidUTF8IsRefused() {
        let bytes: [UInt8] = Array(#"{"id": ""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8)
        #expect(throws: ValidationError.self) { try JSONParser.parse(bytes) }
    }

    /// Nesting beyond the bound is refused, not a stack overflow.
    @Test func deepNestingIsBounded() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        do {
            _ = try JSONValue.parse(Data(deep.utf8))
            Issue.record("a 100,000-deep document was accepted")
        } catch {
            #expect(error.message.contains("nested deeper"))
        }
        let fine = String(repeating: "[", count: JSONParser.maxDepth - 1) + String(repeating: "]", count: JSONParser.maxDepth - 1)
        #expect(throws: Never.self) { try JSONValue.parse(Data(fine.utf8)) }
    }

    /// Escapes decode to the scalars they name; numbers keep their value.
    @Test func escapesAndNumbers() throws {
        let value = try JSONValue.parse(Data(#"{"s": "a\"b\\c\/d\n\u00e9\ud83d\ude00", "n": -12.5e2, "z": 0, "t": true, "f": false, "x": null}"#.utf8))
        #expect(value == .object(["s": .string("a\"b\\c/d\né😀"), "n": .number(-1250), "z": .number(0), "t": .bool(true), "f": .bool(false), "x": .null]))
    }

    /// On random documents without repeated keys, the reader and Foundation agree.
    @Test func agreesWithFoundationOnRandomDocuments() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...1_000_000)) { seed in
            var generator = SeededGenerator(seed: UInt64(seed))
            let value = Self.randomValue(depth: 0, &generator)
            let text = Self.write(value)
            let foundation = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
            #expect((try? JSONValue.parse(Data(text.utf8))) == foundation, "\(text)")
        }
    }

    static func randomValue(depth: Int, _ generator: inout SeededGenerator) -> JSONValue {
        switch generator.next() % (depth > 3 ? 4 : 6) {
        case 0: return .null
        case 1: return .bool(generator.next() % 2 == 0)
        case 2: return .number(Double(Int64(bitPattern: generator.next()) % 1_000_000) / 100)
        case 3: return .string(["", "a", "é€", "line\nbreak", "quote\"", "tab\t", "😀"][Int(generator.next() % 7)])
        case 4: return .array((0..<Int(generator.next() % 4)).map { _ in randomValue(depth: depth + 1, &generator) })
        default:
            var fields: [String: JSONValue] = [:]
            for index in 0..<Int(generator.next() % 4) { fields["k\(index)"] = randomValue(depth: depth + 1, &generator) }
            return .object(fields)
        }
    }

    static func write(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .number(let number): "\(number)"
        case .string(let text): JSONRead.quoted(text)
        case .array(let items): "[" + items.map(write).joined(separator: ", ") + "]"
        case .object(let fields): "{" + fields.keys.sorted().map { "\(JSONRead.quoted($0)): \(write(fields[$0]!))" }.joined(separator: ", ") + "}"
        }
    }
}
