import FuzzSupport

/// libFuzzer's entry point: the bytes are a script of engine inputs (see ``EngineScript``); any
/// trap, broken invariant, refused input that changed the state, or diverging replay crashes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEngine(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
    var script = EngineScript(bytes)
    script.run()
    return 0
}
