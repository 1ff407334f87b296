import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LiquidusCore
import LiquidusServer
import NIOCore

/// Tokens, configurations and request helpers shared by the server tests.
enum Harness {
    static let writeToken = "write-token-for-tests-000001"
    static let readToken = "read-token-for-tests-0000001"

    static func configuration(
        _ store: ServerConfiguration.StoreLocation = .memory, maxBodySize: Int = 64 * 1024, snapshotInterval: Int64 = 10_000
    ) -> ServerConfiguration {
        ServerConfiguration(
            host: "127.0.0.1", port: 0, store: store, writeToken: writeToken, readToken: readToken, maxBodySize: maxBodySize,
            genesis: EngineGenesis(venue: "liquidus", insuranceFund: .zero), snapshotInterval: snapshotInterval)
    }

    /// A market snapshot where `alice` (cross, long 0.5 BTC from 30000 with 1000) is liquidated
    /// when the mark reaches 28100 (equity 50 < maintenance 56.2).
    static let setup: [(HTTPRequest.Method, String, String)] = [
        (.post, "/v1/marks", #"{"markPrices": {"BTCUSDT": "30000", "ETHUSDT": "2000"}, "time": "100"}"#),
        (.put, "/v1/accounts/alice", #"{"marginMode": "cross", "walletBalance": "1000", "positions": [{"market": "BTCUSDT", "size": "0.5", "entryPrice": "30000"}], "time": "100"}"#),
        (.put, "/v1/accounts/bob", #"{"marginMode": "isolated", "walletBalance": "100", "positions": [{"market": "BTCUSDT", "size": "-1", "entryPrice": "30000", "isolatedMargin": "600"}], "time": "100"}"#),
    ]
}

extension TestClientProtocol {
    /// Sends a request with the bearer `token` (none when `nil`).
    @discardableResult
    func call(
        _ method: HTTPRequest.Method, _ uri: String, token: String? = Harness.writeToken, body: String? = nil, headers: HTTPFields = [:]
    ) async throws -> TestResponse {
        var fields = headers
        if let token { fields[.authorization] = "Bearer \(token)" }
        return try await execute(uri: uri, method: method, headers: fields, body: body.map { ByteBuffer(string: $0) })
    }

    /// The body as JSON.
    func json(_ response: TestResponse) throws -> [String: Any] {
        (try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]) ?? [:]
    }

    /// `GET /v1/state`.
    func state() async throws -> [String: Any] {
        try json(try await call(.get, "/v1/state", token: Harness.readToken))
    }

    /// The state hash.
    func stateHash() async throws -> String { try await state()["stateHash"] as? String ?? "" }

    /// Runs ``Harness/setup``.
    func runSetup() async throws {
        for (method, uri, body) in Harness.setup {
            let response = try await call(method, uri, body: body)
            guard response.status == .ok else { throw HarnessError(message: "\(uri): \(response.status) \(String(buffer: response.body))") }
        }
    }
}

struct HarnessError: Error { var message: String }
