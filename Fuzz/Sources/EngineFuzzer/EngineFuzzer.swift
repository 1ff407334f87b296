import FuzzSupport
import Foundation

/// Whether each run prints what it did (`LIQUIDUS_FUZZ_STATS=1`).
let printsSummary = ProcessInfo.processInfo.environment["LIQUIDUS_FUZZ_STATS"] != nil

/// libFuzzer's entry point: the bytes are a script of engine inputs (see ``EngineScript``); any
/// trap, broken invariant, refused input that changed the state, or diverging replay crashes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEngine(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
    var script = EngineScript(bytes)
    script.run()
    if printsSummary { print("stats", script.summary) }
    return 0
}
