import HTTPTypes
import LiquidusCheck
import LiquidusStore

/// Reads of the event log within what the store still holds: a read that reaches before the
/// first retained event is refused with 410 and that sequence, never answered with a silent gap.
enum RetainedRange {
    /// Throws 410 when the events after `after` begin before the first retained one.
    static func check(eventsAfter after: UInt64, in store: any EngineStore) async throws(APIError) {
        let retention: StoreRetention
        do { retention = try await store.retention() } catch { throw EngineHost.unavailable(error) }
        guard after >= retention.firstEvent - 1 else {
            var error = APIError(
                .gone, code: "pruned", path: "after",
                "events through \(retention.firstEvent - 1) were pruned: the first retained event is \(retention.firstEvent) (ask with after ≥ \(retention.firstEvent - 1))")
            error.details["firstRetainedSequence"] = .number(Double(retention.firstEvent))
            throw error
        }
    }
}
