import Foundation
import FuzzSupport
import LiquidusCheck
import LiquidusCore

/// libFuzzer's entry point: bytes that start like JSON are given to `check` as they are (the
/// reader's paths); any other bytes describe a valid-looking document (see ``CheckDocument``),
/// which reaches the margins and the planner. A refusal is fine; a trap is a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCheck(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
    let document: Data
    if let first = bytes.first, [UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: " "), UInt8(ascii: "\n")].contains(first) {
        document = Data(bytes)
    } else {
        document = Data(CheckDocument.generate(ByteSource(Array(bytes.dropFirst()))).utf8)
    }
    do {
        _ = try Check.run(json: document)
    } catch {
        // Every refusal says what is wrong; an empty message would be a defect.
        precondition(!error.message.isEmpty, "a refusal without a message: \(error.code)")
    }
    return 0
}
