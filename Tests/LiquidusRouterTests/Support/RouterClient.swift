import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// HTTP calls for the tests, with the write token unless told otherwise.
struct RouterClient: Sendable {
    static let writeToken = "write-token-for-tests-000001"
    static let readToken = "read-token-for-tests-0000001"

    let http: HTTPClient

    /// An answer: its status, headers and body (JSON when it is).
    struct Answer: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: Data
        /// The body as a JSON object (empty when it is not one).
        var json: [String: any Sendable] { ((try? JSONSerialization.jsonObject(with: body)) as? [String: any Sendable]) ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    func call(
        _ method: HTTPMethod, _ url: String, body: String? = nil, token: String? = RouterClient.writeToken, headers: [(String, String)] = []
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await http.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        return Answer(status: Int(response.status.code), headers: response.headers, body: Data(bytes.readableBytesView))
    }

    /// `POST /v1/marks` of one price of BTCUSDT at `time`.
    func mark(_ base: String, price: Int, time: Int) async throws -> Answer {
        try await call(.POST, base + "/v1/marks", body: #"{"markPrices": {"BTCUSDT": "\#(price)"}, "time": "\#(time)"}"#)
    }

    /// `PUT /v1/accounts/{id}`: a cross account with `balance` and no position.
    func account(_ base: String, _ id: String, balance: Int = 1_000, time: Int = 100) async throws -> Answer {
        try await call(.PUT, base + "/v1/accounts/" + id, body: #"{"marginMode": "cross", "walletBalance": "\#(balance)", "time": "\#(time)"}"#)
    }
}
