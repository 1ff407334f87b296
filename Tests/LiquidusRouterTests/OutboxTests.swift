import HTTPTypes
@testable import LiquidusRouter
import Testing

/// The outbox keeps writes in order within its two bounds.
@Suite struct OutboxTests {
    static func write(_ bytes: Int) -> ForwardedRequest {
        ForwardedRequest(method: .post, target: "/v1/marks", body: Array(repeating: 0x20, count: bytes))
    }

    @Test func keepsInOrderWithinItsBounds() {
        var outbox = Outbox(limits: OutboxLimits(entries: 3, bytes: 100))
        var kept: [Bool] = []
        for size in [40, 40, 21, 20, 0] { kept.append(outbox.append(Self.write(size))) }
        #expect(kept == [true, true, false, true, false], "21 bytes pass the byte bound, a fourth write the entry bound")
        #expect(outbox.count == 3 && outbox.bytes == 100)
        outbox.remove(2)
        #expect(outbox.first?.number == 1, "only the oldest leaves")
        outbox.remove(1)
        #expect(outbox.first?.number == 2 && outbox.bytes == 60)
    }
}
