import Foundation
import LiquidusCheck
import Testing

/// The one JSON writer: the same value always gives the same bytes, in both layouts.
@Suite struct JSONWriterTests {
    @Test func compactSortsKeysAndEscapes() {
        let value: JSONValue = .object([
            "b": .array([.number(1), .number(2.5), .null]), "a": .string("x\"y\n/z"), "c": .bool(true), "d": .object([:]),
        ])
        #expect(JSONWriter.compact.string(value) == #"{"a":"x\"y\n/z","b":[1,2.5,null],"c":true,"d":{}}"#)
    }

    @Test func prettyKeepsTheOrderGivenAndScalarArraysOnOneLine() {
        let value: JSONWriter.Value = .object([
            ("z", .int(1)), ("a", .array([.int(1), .string("two")])), ("m", .array([.object([("k", .bool(false))])])), ("e", .array([])),
        ])
        #expect(JSONWriter.pretty.string(value) == """
            {
              "z": 1,
              "a": [1, "two"],
              "m": [
                {
                  "k": false
                }
              ],
              "e": []
            }
            """)
    }

    @Test func encodablesAreSortedAndNeverFail() {
        struct Figures: Encodable { var b = Double.infinity; var a = "1/2" }
        #expect(String(decoding: JSONWriter.compact.encode(Figures()), as: UTF8.self) == #"{"a":"1/2","b":"inf"}"#)
        #expect(String(decoding: JSONWriter.pretty.encode(["k": 1]), as: UTF8.self) == "{\n  \"k\" : 1\n}")
    }
}
