import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LiquidusServer
import Testing

/// Idle, slow and malformed connections are answered or closed within the configured limits,
/// and cannot starve `/healthz`.
@Suite struct ConnectionTests {
    /// Short limits, so the tests take a fraction of a second each.
    static let limits = ConnectionLimits(
        requestHeadTimeout: .milliseconds(400), bodyTimeout: .milliseconds(400), idleTimeout: .seconds(2), maxConnections: 16,
        maxHeaderBytes: 8 * 1_024)

    static func withServer(
        limits: ConnectionLimits = limits, _ body: @Sendable (Int) async throws -> Void
    ) async throws {
        var configuration = Harness.configuration()
        configuration.connections = limits
        let app = try await buildApplication(configuration: configuration)
        try await app.test(.live) { client in
            guard let port = client.port else { throw HarnessError(message: "no port") }
            try await body(port)
        }
    }

    static let write = "Authorization: Bearer \(Harness.writeToken)\r\n"

    /// What the server answers to bytes no HTTP client would send: a status within the limit,
    /// then the connection closed.
    @Test(arguments: [
        ("an idle socket", "", "408"),
        ("half a head", "GET /healthz HTTP/1.1\r\nHost: x\r\n", "408"),
        ("a garbage request line", "HELLO WORLD\r\n\r\n", "400"),
        ("control bytes", "\u{01}\u{02}garbage\r\n", "400"),
        ("a 100,000-character URL", "GET /" + String(repeating: "a", count: 100_000) + " HTTP/1.1\r\nHost: x\r\n\r\n", "431"),
        ("Content-Length with chunked", "POST /v1/marks HTTP/1.1\r\nHost: x\r\n\(write)Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "400"),
        ("a body shorter than its length", "POST /v1/marks HTTP/1.1\r\nHost: x\r\n\(write)Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"ma", "408"),
    ])
    func malformedAndSlowConnectionsAreAnswered(what: String, request: String, status: String) async throws {
        try await Self.withServer { port in
            let connection = try RawConnection(port: port)
            connection.send(request)
            let answer = await connection.read(timeout: .seconds(3))
            #expect(answer.text.hasPrefix("HTTP/1.1 \(status)"), "\(what): \(answer.text.prefix(120))")
            #expect(answer.text.contains(#""error":{"#), "\(what): the JSON error body")
            #expect(answer.closed || status == "408", "\(what): the connection is closed")
            #expect((answer.firstByteAfter ?? .seconds(9)) < .seconds(2), "\(what): answered within the limits")
        }
    }

    /// Bytes that are not UTF-8 in the request line are a 400 (not a hang).
    @Test func invalidUTF8InTheRequestLine() async throws {
        try await Self.withServer { port in
            let connection = try RawConnection(port: port)
            connection.send(Array("GET /v1/accounts/".utf8) + [0xFF, 0xFE] + Array(" HTTP/1.1\r\nHost: x\r\n\(Self.write)\r\n".utf8))
            let answer = await connection.read(timeout: .seconds(3))
            #expect(answer.text.hasPrefix("HTTP/1.1 400"), "\(answer.text.prefix(120))")
        }
    }

    /// Far more idle sockets than connections allowed: `/healthz` is still answered at once (the
    /// oldest waiting connections are closed to make room).
    /// The idle sockets' deadline is long enough here that a loaded machine cannot blur the two
    /// outcomes: without the guard the probe waits for that deadline.
    @Test func idleSocketsCannotStarveHealthz() async throws {
        var limits = Self.limits
        limits.requestHeadTimeout = .seconds(4)
        let deadline = limits.requestHeadTimeout
        try await Self.withServer(limits: limits) { port in
            let idle = try (0..<120).map { _ in try RawConnection(port: port) }
            try await Task.sleep(for: .milliseconds(100))
            let start = ContinuousClock.now
            let probe = try RawConnection(port: port)
            probe.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            let answer = await probe.read(timeout: .seconds(5))
            #expect(answer.text.hasPrefix("HTTP/1.1 200"), "\(answer.text.prefix(80))")
            #expect(ContinuousClock.now - start < deadline, "answered before any idle socket's deadline")
            withExtendedLifetime(idle) {}
        }
    }

    /// A WebSocket upgrade without a valid token is refused with 401 and the JSON error, as the
    /// API document says; a plain GET of the stream is 426. (The default limits: nothing here
    /// waits for a timeout, and a loaded host must not turn an answer into a 408.)
    @Test func streamRefusalsAreAnswered() async throws {
        try await Self.withServer(limits: ConnectionLimits()) { port in
            let upgrade = "GET /v1/stream HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            for (headers, status) in [("", "401"), ("Authorization: Bearer wrong-token-wrong-token\r\n", "401"), ("\(Self.write)", "101")] {
                let connection = try RawConnection(port: port)
                connection.send(upgrade + headers + "\r\n")
                let answer = await connection.read(timeout: .milliseconds(1_500))
                #expect(answer.text.hasPrefix("HTTP/1.1 \(status)"), "\(answer.text.prefix(120))")
                if status == "401" { #expect(answer.text.contains(#""code":"unauthorized""#)) }
            }
            let plain = try RawConnection(port: port)
            plain.send("GET /v1/stream HTTP/1.1\r\nHost: x\r\n\(Self.write)Connection: close\r\n\r\n")
            #expect(await plain.read(timeout: .seconds(2)).text.hasPrefix("HTTP/1.1 426"))
        }
    }
}

/// Requests the API refuses by their form: content type, method, query bounds, path ids.
@Suite struct RequestFormTests {
    @Test func nonJSONBodiesAreRefusedWith415() async throws {
        let app = try await buildApplication(configuration: Harness.configuration())
        try await app.test(.router) { client in
            let body = #"{"markPrices": {"BTCUSDT": "30000"}, "time": "1"}"#
            for type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"] {
                let response = try await client.call(.post, "/v1/marks", body: body, headers: [.contentType: type])
                #expect(response.status == .unsupportedMediaType, "\(type)")
            }
            #expect(try await client.state()["commandSequence"] as? Int == 0)
            for type in ["application/json", "application/json; charset=utf-8", "application/merge-patch+json"] {
                #expect(try await client.call(.post, "/v1/marks", body: body, headers: [.contentType: type]).status == .ok, "\(type)")
            }
        }
    }

    @Test func otherMethodsGet405WithAllow() async throws {
        let app = try await buildApplication(configuration: Harness.configuration())
        try await app.test(.router) { client in
            for (method, uri, allow) in [
                (HTTPRequest.Method.delete, "/v1/state", "GET"), (.post, "/v1/accounts/alice", "GET, PUT"), (.get, "/v1/marks", "POST"),
                (.patch, "/healthz", "GET"), (.put, "/v1/books/BTCUSDT", "POST"),
            ] {
                let response = try await client.call(method, uri)
                #expect(response.status == .methodNotAllowed, "\(method) \(uri)")
                #expect(response.headers[.allow] == allow, "\(method) \(uri)")
            }
        }
    }

    @Test func eventLimitIsBounded() async throws {
        let app = try await buildApplication(configuration: Harness.configuration())
        try await app.test(.router) { client async throws in
            for limit in ["0", "10001", "-1", "x"] {
                #expect(try await client.call(.get, "/v1/events?limit=\(limit)", token: Harness.readToken).status == .badRequest, "limit=\(limit)")
            }
            for limit in ["1", "10000"] {
                #expect(try await client.call(.get, "/v1/events?limit=\(limit)", token: Harness.readToken).status == .ok, "limit=\(limit)")
            }
        }
    }

    /// Ids are percent-decoded: any case of the escapes names the same account; `/`, spaces and
    /// non-ASCII work encoded; control characters, bad escapes and overlong ids are refused.
    @Test func accountIdsArePercentDecoded() async throws {
        let app = try await buildApplication(configuration: Harness.configuration())
        try await app.test(.router) { client in
            try await client.runSetup()
            let account = #"{"marginMode": "cross", "walletBalance": "10", "time": "100"}"#
            #expect(try await client.call(.put, "/v1/accounts/%E2%82%AC", body: account).status == .ok)
            let lower = try await client.call(.get, "/v1/accounts/%e2%82%ac", token: Harness.readToken)
            #expect(lower.status == .ok)
            #expect(try client.json(lower)["id"] as? String == "€")
            #expect(try await client.call(.put, "/v1/accounts/%e2%82%ac", body: account).status == .ok)
            #expect(try await client.state()["accounts"] as? Int == 3, "alice, bob and € — one account, not two")
            for id in ["a%2Fb", "with%20space", "%C3%A9t%C3%A9"] {
                #expect(try await client.call(.put, "/v1/accounts/\(id)", body: account).status == .ok, "\(id)")
                #expect(try await client.call(.get, "/v1/accounts/\(id)", token: Harness.readToken).status == .ok, "\(id)")
            }
            let withID = #"{"id": "a/b", "marginMode": "cross", "walletBalance": "10", "time": "100"}"#
            #expect(try await client.call(.put, "/v1/accounts/a%2Fb", body: withID).status == .ok, "the body's id is the decoded one")
            for id in ["a%00b", "a%0Ab", "%FF", "%E2%82", "a%zz", String(repeating: "x", count: 129)] {
                let response = try await client.call(.put, "/v1/accounts/\(id)", body: account)
                #expect(response.status == .badRequest, "\(id)")
                #expect((try client.json(response)["error"] as? [String: Any])?["path"] as? String == "id", "\(id)")
            }
        }
    }

    /// At most 1,000 markets in one request; 1,000 register in one input.
    @Test func marketsPerRequestAreBounded() async throws {
        let app = try await buildApplication(configuration: Harness.configuration(maxBodySize: 1 << 20))
        try await app.test(.router) { client in
            func markets(_ count: Int) -> String {
                let market = #"{"symbol": "M%dUSD", "tickSize": "0.1", "lotSize": "0.001", "riskTiers": [{"maintenanceMarginRate": "0.01", "maintenanceAmount": "0", "maxLeverage": "50"}], "liquidationFeeRate": "0.01", "takerFeeRate": "0.0005"}"#
                return #"{"markets": ["# + (0..<count).map { String(format: market, $0) }.joined(separator: ", ") + "]}"
            }
            let refused = try await client.call(.post, "/v1/markets", body: markets(1_001))
            #expect(refused.status == .badRequest)
            #expect((try client.json(refused)["error"] as? [String: Any])?["path"] as? String == "markets")
            let accepted = try await client.call(.post, "/v1/markets", body: markets(1_000))
            #expect(accepted.status == .ok)
            #expect(try client.json(accepted)["commands"] as? Int == 1, "one registerMarkets input")
            #expect(try await client.state()["markets"] as? Int ?? 0 >= 1_000)
        }
    }

    /// A body that names a key twice is refused with the key's path; nothing is applied.
    @Test func duplicateKeysAreRefused() async throws {
        let app = try await buildApplication(configuration: Harness.configuration())
        try await app.test(.router) { client in
            try await client.runSetup()
            let before = try await client.stateHash()
            for (uri, method, body, path) in [
                ("/v1/marks", HTTPRequest.Method.post, #"{"markPrices": {"BTCUSDT": "30001", "BTCUSDT": "30002"}}"#, "markPrices.BTCUSDT"),
                ("/v1/accounts/carol", .put, #"{"marginMode": "cross", "walletBalance": "1000", "walletBalance": "5"}"#, "walletBalance"),
            ] {
                let response = try await client.call(method, uri, body: body)
                #expect(response.status == .badRequest)
                let error = try client.json(response)["error"] as? [String: Any]
                #expect(error?["code"] as? String == "duplicate")
                #expect(error?["path"] as? String == path)
            }
            #expect(try await client.stateHash() == before)
        }
    }
}
