import LiquidusCore
@testable import LiquidusEngine
import Testing

extension LiquidationEngine {
    /// Applies `input` to this engine and to `other`, records an issue unless both give the same
    /// events (or refuse it with the same error) and end with the same state hash, and returns
    /// this engine's events (empty when refused).
    mutating func applyExpectingSameOutcome(_ input: EngineInput, as other: inout LiquidationEngine, at index: Int) -> [EngineEvent] {
        let mine = Result { () throws(ValidationError) in try apply(input) }
        let theirs = Result { () throws(ValidationError) in try other.apply(input) }
        var events: [EngineEvent] = []
        switch (mine, theirs) {
        case let (.success(a), .success(b)):
            #expect(a == b, "input \(index): \(input)")
            events = a
        case let (.failure(a), .failure(b)):
            #expect(a == b, "input \(index)")
        default:
            Issue.record("input \(index): one engine accepted what the other refused: \(input)")
        }
        #expect(stateHash == other.stateHash, "input \(index)")
        return events
    }
}
