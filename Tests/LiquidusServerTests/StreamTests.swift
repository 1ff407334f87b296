import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSTesting
import LiquidusServer
import Testing
import WSClient
import NIOWebSocket
import WSCore

@Suite struct StreamTests {
    /// A client that connects with `after=SEQ` gets the stored events after SEQ, in order, and
    /// nothing twice; without a token the upgrade is refused.
    @Test func resumesAfterSequence() async throws {
        let app = try await buildApplication(configuration: Harness.configuration())
        try await app.test(.live) { client in
            try await client.runSetup()
            let crash = try await client.call(.post, "/v1/marks", body: #"{"markPrices": {"BTCUSDT": "28100"}, "time": "101"}"#)
            let count = (try client.json(crash)["events"] as? [[String: Any]])?.count ?? 0
            #expect(count >= 3)
            let configuration = WebSocketClientConfiguration(additionalHeaders: [.authorization: "Bearer \(Harness.readToken)"])
            let received = Received()
            try await client.ws("/v1/stream?after=1", configuration: configuration) { inbound, outbound, _ in
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message,
                          let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                          let sequence = object["sequence"] as? Int
                    else { continue }
                    await received.append(sequence)
                    if sequence == count { break }
                }
                try await outbound.close(.normalClosure, reason: nil)
            }
            #expect(await received.sequences == Array(2...count))
        }
    }
}

actor Received {
    var sequences: [Int] = []
    func append(_ sequence: Int) { sequences.append(sequence) }
}
